// Failed authentication is throttled per client address (429 with Retry-After); valid tokens and other addresses are not slowed.
import t from 'tap'
import { adminToken, bearer, build, tokenFor } from './helper.js'

t.test('wrong tokens beyond the limit from one address answer 429, valid tokens keep working', async (t) => {
  const app = await build(t, { authFailureLimit: 3 })
  const editor = await tokenFor(app, 'editor')
  const wrong = (token: string, remoteAddress = '192.0.2.10') => app.inject({ method: 'GET', url: '/v1/articles', headers: bearer(token), remoteAddress })
  for (let attempt = 1; attempt <= 3; attempt++) t.equal((await wrong(`guess-${attempt}`)).statusCode, 401, `failure ${attempt} is a 401`)
  const throttled = await wrong('guess-4')
  t.equal(throttled.statusCode, 429)
  t.match(throttled.headers['content-type'], /^application\/problem\+json/)
  t.match(throttled.json(), {
    type: '/problems/too-many-requests',
    status: 429,
    detail: /^Too many requests with a wrong or malformed token from this client: at most 3 a minute\. Try again in \d+ seconds\.$/
  })
  const retryAfter = Number(throttled.headers['retry-after'])
  t.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `Retry-After is whole seconds within the minute (${retryAfter})`)
  const malformed = await app.inject({ method: 'GET', url: '/v1/articles', headers: { authorization: 'Basic abc' }, remoteAddress: '192.0.2.10' })
  t.equal(malformed.statusCode, 429, 'a malformed header is a failure too')

  const valid = await app.inject({ method: 'GET', url: '/v1/articles', headers: bearer(editor), remoteAddress: '192.0.2.10' })
  t.equal(valid.statusCode, 200, 'a valid token from the throttled address still works')
  const admin = await app.inject({ method: 'GET', url: '/v1/tokens', headers: bearer(adminToken), remoteAddress: '192.0.2.10' })
  t.equal(admin.statusCode, 200)
  const anonymous = await app.inject({ method: 'GET', url: '/v1/articles', remoteAddress: '192.0.2.10' })
  t.equal(anonymous.statusCode, 200, 'reading without a token is not throttled')
  t.equal((await wrong('guess-5', '192.0.2.11')).statusCode, 401, 'another address is not throttled')
})

t.test('valid tokens are never counted as failures', async (t) => {
  const app = await build(t, { authFailureLimit: 2 })
  const editor = await tokenFor(app, 'editor')
  for (let request = 0; request < 10; request++) {
    t.equal((await app.inject({ method: 'GET', url: '/v1/articles', headers: bearer(editor) })).statusCode, 200)
  }
  t.equal((await app.inject({ method: 'GET', url: '/v1/articles', headers: bearer('wrong') })).statusCode, 401, 'the first failure is still a 401')
})

t.test('behind a trusted proxy, the forwarded client address is the one throttled', async (t) => {
  const app = await build(t, { authFailureLimit: 1, trustProxy: true })
  const from = (client: string) => app.inject({ method: 'GET', url: '/v1/articles', headers: { ...bearer('wrong'), 'x-forwarded-for': client } })
  t.equal((await from('198.51.100.1')).statusCode, 401)
  t.equal((await from('198.51.100.1')).statusCode, 429)
  t.equal((await from('198.51.100.2')).statusCode, 401, 'another client behind the same proxy is not throttled')
})

t.test('the default limit throttles a flood of wrong tokens', async (t) => {
  const app = await build(t)
  const statuses = []
  for (let attempt = 0; attempt < 50; attempt++) statuses.push((await app.inject({ method: 'GET', url: '/v1/articles', headers: bearer(`guess-${attempt}`) })).statusCode)
  t.same(statuses, [...Array(10).fill(401), ...Array(40).fill(429)])
})
