// The contract harness itself: it catches a response, or a request decision, that the document contradicts.
import t, { type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Document } from 'openapi-backend'
import { buildApp } from '../src/app.js'
import { contractFor, recordExchanges, type Exchange } from './contract.js'
import { adminToken, bearer, seedId } from './helper.js'
import { testDatabaseUrl } from './databases.js'

/** An app whose exchanges are recorded, not judged, with `misbehave` registered first to make them wrong. */
async function recorded (t: Test, misbehave?: (app: FastifyInstance) => Promise<void>) {
  const exchanges: Exchange[] = []
  const plugins = [recordExchanges((exchange) => exchanges.push(exchange)), ...misbehave ? [fp(misbehave)] : []]
  const app = await buildApp({ databaseUrl: await testDatabaseUrl(t), adminToken, plugins })
  t.teardown(() => app.close())
  await app.ready()
  const contract = await contractFor(app.swagger() as Document)
  return { app, exchanges, violations: () => exchanges.flatMap((exchange) => contract.check(exchange)) }
}

t.test('a response the document allows passes, inject and real HTTP alike', async (t) => {
  const { app, exchanges, violations } = await recorded(t)
  await app.inject({ method: 'GET', url: `/v1/articles/${seedId}` })
  await app.inject({ method: 'GET', url: '/health' })
  const address = await app.listen({ host: '127.0.0.1', port: 0 })
  const response = await fetch(`${address}/v1/articles/${seedId}/sections`, { headers: { 'accept-encoding': 'gzip' } })
  await response.arrayBuffer()
  await new Promise((resolve) => setImmediate(resolve))
  t.equal(exchanges.length, 3)
  t.same(violations(), [])
})

t.test('a body the document does not describe is caught, naming the operation and the field', async (t) => {
  const { app, violations } = await recorded(t, async (app) => {
    app.addHook('onSend', async (request, _reply, payload) => request.url === '/health' ? '{"status":"on fire"}' : payload)
  })
  await app.inject({ method: 'GET', url: '/health' })
  const found = violations()
  t.equal(found.length, 1)
  t.match(found[0], /^getHealth \(GET \/health → 200\): body\/status must be equal to one of the allowed values/)
})

t.test('an undeclared status, header or media type is caught', async (t) => {
  const { app, violations } = await recorded(t, async (app) => {
    app.addHook('onSend', async (request, reply, payload) => {
      if (request.url === '/health?status') reply.code(418)
      if (request.url === '/health?header') reply.header('x-secret', 'leaked')
      if (request.url === '/health?type') reply.type('text/html')
      return payload
    })
  })
  for (const query of ['status', 'header', 'type']) await app.inject({ method: 'GET', url: `/health?${query}` })
  const found = violations().join('\n')
  t.match(found, /status 418 is not declared/)
  t.match(found, /header x-secret is sent but not declared/)
  t.match(found, /content type text\/html is not declared/)
})

t.test('a request the server accepts but the document refuses, or the converse, is caught', async (t) => {
  const { app, exchanges, violations } = await recorded(t)
  const token = (await app.tokens.create('Editor', 'editor')).token
  // The server takes any title the document takes; pretend it took one the document refuses.
  const created = await app.inject({ method: 'POST', url: '/v1/articles', headers: bearer(token), payload: { title: 'Talks', language: 'en' } })
  t.equal(created.statusCode, 201)
  t.same(violations(), [])
  const accepted = exchanges[0] as Exchange
  const wrongly = { ...accepted, requestBody: { title: '', language: 'en' } }
  const contract = await contractFor(app.swagger() as Document)
  t.match(contract.check(wrongly).join('\n'), /createArticle \(POST \/v1\/articles → 201\): the server accepted a request the document refuses: \/body\/title must NOT have fewer than 1 characters/)
  // And one the server refused by a schema rule although the document takes it.
  const refused = { ...accepted, status: 400, refusal: 'schema' as const, responseBody: Buffer.from('{"detail":"Field \\"/title\\" is too short."}') }
  t.match(contract.check(refused).join('\n'), /the server refused the request \(schema: Field "\/title" is too short\.\) but the document accepts it/)
  // A refusal by a rule the document cannot state (a control character) is no disagreement.
  t.notMatch(contract.check({ ...refused, refusal: 'custom' }).join('\n'), /refused/)
})

t.test('refusals the document states are the document\'s too; ones it cannot state are told apart', async (t) => {
  const { app, exchanges, violations } = await recorded(t)
  const token = (await app.tokens.create('Editor', 'editor')).token
  const post = (headers: Record<string, string>, payload: string) => app.inject({ method: 'POST', url: '/v1/articles', headers: { ...bearer(token), ...headers }, payload })
  t.equal((await post({ 'content-type': 'text/plain' }, 'title=x')).statusCode, 415)
  t.equal((await post({ 'content-type': 'application/json' }, '{"title":"","language":"en"}')).statusCode, 400)
  t.equal((await post({ 'content-type': 'application/json' }, '{"title":"A\\u0007bell","language":"en"}')).statusCode, 400)
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/articles/${seedId}`, headers: bearer(token) })).statusCode, 428)
  t.same(exchanges.map((exchange) => exchange.refusal), ['media-type', 'schema', 'custom', 'schema'])
  t.same(violations().filter((violation) => violation.includes('request')), [], 'no disagreement about the requests')
})
