// Errors as RFC 9457 problem+json: unknown paths, failures without leaks, and the problem type descriptions.
import t from 'tap'
import { testDatabaseUrl } from './databases.js'
import { buildApp } from '../src/app.js'
import { build } from './helper.js'

t.test('an unknown path is a 404 problem', async (t) => {
  const app = await build(t)
  const response = await app.inject({ method: 'GET', url: '/v1/nothing?x=1' })
  t.equal(response.statusCode, 404)
  t.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.same(response.json(), {
    type: '/problems/not-found',
    title: 'Not found',
    status: 404,
    detail: 'Nothing answers to GET /v1/nothing.',
    instance: `urn:uuid:${response.headers['x-request-id']}`
  })
})

t.test('a failure is a 500 problem that leaks nothing', async (t) => {
  const app = await buildApp({ databaseUrl: await testDatabaseUrl(t) })
  t.teardown(() => app.close())
  app.get('/boom', async () => { throw new Error('secret database password in a stack trace') })
  const response = await app.inject({ method: 'GET', url: '/boom' })
  t.equal(response.statusCode, 500)
  t.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.same(response.json(), {
    type: '/problems/internal-error',
    title: 'Internal server error',
    status: 500,
    detail: 'The server could not complete the request. Nothing was changed.',
    instance: `urn:uuid:${response.headers['x-request-id']}`
  })
  t.notMatch(response.body, /secret|at .*\.ts|stack/)
})

t.test('a malformed percent-encoding in the path is a 400 problem', async (t) => {
  const app = await build(t)
  const response = await app.inject({ method: 'GET', url: '/v1/articles/%E0%A4%A' })
  t.equal(response.statusCode, 400)
  t.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.match(response.json(), { type: '/problems/invalid-request', title: 'Invalid request', status: 400, detail: /%E0%A4%A/ })
})

t.test('each problem type is described at its type URI', async (t) => {
  const app = await build(t)
  const response = await app.inject({ method: 'GET', url: '/problems/invalid-cursor' })
  t.equal(response.statusCode, 200)
  t.same(response.json(), {
    type: '/problems/invalid-cursor',
    title: 'Invalid cursor',
    status: 400,
    description: 'The `cursor` (or, for the change feed, `since`) parameter is not one this API issued for this list, or not one this database issued. Start again without it and follow `nextCursor`; a partner mirroring the change feed replays it from the start.'
  })
  const unknown = await app.inject({ method: 'GET', url: '/problems/teapot' })
  t.equal(unknown.statusCode, 400)
  t.match(unknown.json(), { errors: [{ in: 'path', name: 'name' }] })
})

t.test('a problem carries no ETag or Last-Modified, even from a route that set them before it failed', async (t) => {
  const app = await buildApp({ databaseUrl: await testDatabaseUrl(t) })
  t.teardown(() => app.close())
  app.get('/half-done', async (_request, reply) => {
    reply.header('etag', '"v9"').header('last-modified', new Date(0).toUTCString())
    throw Object.assign(new Error('gone'), { statusCode: 404 })
  })
  const response = await app.inject({ method: 'GET', url: '/half-done' })
  t.equal(response.statusCode, 404)
  t.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.equal(response.headers.etag, undefined)
  t.equal(response.headers['last-modified'], undefined)
})
