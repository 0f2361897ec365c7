// Liveness: the process answers and so does its database; while the database does not, 503.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ok, problems } from '../route-schemas.js'
import { closed } from '../schema-helpers.js'

const Health = Type.Object({
  status: Type.Literal('ok', { description: 'Always `ok` in a 200: the server and its database answered.' })
}, { examples: [{ status: 'ok' }] })

const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/health', {
    schema: {
      operationId: 'getHealth',
      summary: 'Check liveness',
      description: 'Answers 200 when the server and its database answer, and 503 while the database cannot be reached (it recovers by itself once the database is back); for load balancers and container health checks.',
      tags: ['system'],
      security: [],
      querystring: Type.Object({}, closed),
      response: {
        200: ok(Health, 'Healthy.'),
        ...problems(400)
      }
    }
  }, async (_request, reply) => {
    reply.header('cache-control', 'no-store')
    // A failed ping is a 503 problem (the error handler knows an unreachable database), never a cached answer.
    await app.database.ping()
    return { status: 'ok' as const }
  })
}

export default healthRoutes
