// Tokens and roles: bootstrap admin, creating, listing and revoking tokens, 401 and 403.
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { testDatabaseUrl, testEngine } from './databases.js'
import { tokens } from '../src/db/sqlite-schema.js'
import { adminToken, bearer, build, tokenFor } from './helper.js'



t.test('an admin creates a token, shown once, that then works', async (t) => {
  const app = await build(t)
  const response = await app.inject({ method: 'POST', url: '/v1/tokens', headers: bearer(adminToken), payload: { name: 'Leila', role: 'editor' } })
  t.equal(response.statusCode, 201)
  const body = response.json()
  t.match(body, { id: /^[0-9a-f-]{36}$/, name: 'Leila', role: 'editor', createdAt: /Z$/, token: /^cms_[A-Za-z0-9_-]{43}$/ })
  t.equal(response.headers.location, `/v1/tokens/${body.id}`)
  t.equal(response.headers['cache-control'], 'no-store')

  const stored = await app.database.db.select().from(tokens)
  t.equal(stored.length, 1)
  t.equal(stored[0]?.secretHash, createHash('sha256').update(body.token).digest('hex'), 'only the hash is kept')
  t.notMatch(JSON.stringify(stored), body.token)

  const list = await app.inject({ method: 'GET', url: '/v1/tokens', headers: bearer(body.token) })
  t.equal(list.statusCode, 403, 'an editor may not list tokens')
  const asAdmin = await app.inject({ method: 'GET', url: '/v1/tokens', headers: bearer(adminToken) })
  t.same(asAdmin.json(), { data: [{ id: body.id, name: 'Leila', role: 'editor', createdAt: body.createdAt }] })
})

t.test('a revoked token is refused at once', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const id = (await app.tokens.list())[0]?.id
  t.equal((await app.inject({ method: 'GET', url: '/v1/articles', headers: bearer(editor) })).statusCode, 200)
  const revoked = await app.inject({ method: 'DELETE', url: `/v1/tokens/${id}`, headers: bearer(adminToken) })
  t.equal(revoked.statusCode, 204)
  t.equal(revoked.body, '')
  const after = await app.inject({ method: 'GET', url: '/v1/articles', headers: bearer(editor) })
  t.equal(after.statusCode, 401)
  t.equal(after.headers['www-authenticate'], 'Bearer realm="news-cms", error="invalid_token"')
  t.match(after.json(), { type: '/problems/unauthorized', status: 401, detail: 'The token is unknown or has been revoked.' })
  const again = await app.inject({ method: 'DELETE', url: `/v1/tokens/${id}`, headers: bearer(adminToken) })
  t.equal(again.statusCode, 404)
})

t.test('no token: 401 with a Bearer challenge; the wrong role: 403', async (t) => {
  const app = await build(t)
  const missing = await app.inject({ method: 'GET', url: '/v1/tokens' })
  t.equal(missing.statusCode, 401)
  t.equal(missing.headers['www-authenticate'], 'Bearer realm="news-cms"')
  t.equal(missing.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.match(missing.json(), { type: '/problems/unauthorized', title: 'Unauthorized', detail: /role "admin"/ })
  for (const role of ['editor', 'moderator'] as const) {
    const response = await app.inject({ method: 'POST', url: '/v1/tokens', headers: bearer(await tokenFor(app, role)), payload: { name: 'x', role: 'admin' } })
    t.equal(response.statusCode, 403, role)
    t.match(response.json(), { type: '/problems/forbidden', detail: `A token with the role "${role}" may not manage tokens.` })
  }
  for (const authorization of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer cms_not-a-real-token']) {
    const response = await app.inject({ method: 'GET', url: '/v1/articles', headers: { authorization } })
    t.equal(response.statusCode, 401, authorization)
    t.match(response.headers['www-authenticate'], /error="invalid_token"/)
  }
})

t.test('token requests are validated', async (t) => {
  const app = await build(t)
  const cases: Array<[unknown, string]> = [
    [{ name: 'x', role: 'owner' }, 'Field "/role" must be equal to one of the allowed values.'],
    [{ name: '', role: 'editor' }, 'Field "/name" must NOT have fewer than 1 characters.'],
    [{ role: 'editor' }, 'Field "/name" is required.'],
    [{ name: 'x', role: 'editor', token: 'mine' }, 'Field "/token" is not a known field.']
  ]
  for (const [payload, detail] of cases) {
    const response = await app.inject({ method: 'POST', url: '/v1/tokens', headers: bearer(adminToken), payload: payload as object })
    t.equal(response.statusCode, 400)
    t.match(response.json(), { type: '/problems/invalid-request', detail })
  }
  const text = await app.inject({ method: 'POST', url: '/v1/tokens', headers: { ...bearer(adminToken), 'content-type': 'text/plain' }, payload: 'name=x' })
  t.equal(text.statusCode, 415)
  t.match(text.json(), { type: '/problems/unsupported-media-type', status: 415 })
})

t.test('without CMS_ADMIN_TOKEN, no secret is an admin', async (t) => {
  const app = await build(t, { adminToken: undefined })
  const response = await app.inject({ method: 'GET', url: '/v1/tokens', headers: bearer(adminToken) })
  t.equal(response.statusCode, 401)
})

t.test('npm run token creates a token that the server accepts', async (t) => {
  const databaseUrl = testEngine === 'sqlite' ? `file:${join(mkdtempSync(join(tmpdir(), 'cms-token-')), 'cms.db')}` : await testDatabaseUrl(t)
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [...process.execArgv, 'src/cli/token.ts', 'Night desk', 'editor'], {
    env: { ...process.env, DATABASE_URL: databaseUrl }
  })
  t.match(stderr, /Created editor token .* for "Night desk"/)
  const secret = stdout.trim()
  t.match(secret, /^cms_/)
  const app = await build(t, { databaseUrl })
  const response = await app.inject({ method: 'GET', url: '/v1/articles', headers: bearer(secret) })
  t.equal(response.statusCode, 200)
  const usage = await promisify(execFile)(process.execPath, [...process.execArgv, 'src/cli/token.ts', 'x', 'owner']).catch((error: { code: number, stderr: string }) => error)
  t.match(usage, { code: 2, stderr: /Usage: npm run token/ })
})
