// Liveness: the process answers and so does its database.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ping } from '../db/plugin.js'
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
      description: 'Answers 200 when the server and its database answer; for load balancers and container health checks.',
      tags: ['system'],
      security: [],
      querystring: Type.Object({}, closed),
      response: {
        200: ok(Health, 'Healthy.'),
        ...problems(400)
      }
    }
  }, async (_request, reply) => {
    ping(app.db)
    reply.header('cache-control', 'no-store')
    return { status: 'ok' as const }
  })
}

export default healthRoutes
