// Webhooks: managing subscriptions (admins only), and deliveries to real HTTP receivers, signed, retried, refused, resumed.
import { mkdtempSync } from 'node:fs'
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Ajv } from 'ajv'
import addFormats from 'ajv-formats'
import { Webhook as Verifier } from 'standardwebhooks'
import t, { type Test } from 'tap'
import { testDatabaseUrl, testEngine } from './databases.js'
import type { App, AppOptions } from '../src/app.js'
import { recordChange } from '../src/changes/repository.js'
import { Change } from '../src/changes/schemas.js'
import { NewWebhook, Webhook, WebhookAttempt, WebhookDelivery, WebhookDeliveryPage, WebhookPage, WebhookPayload } from '../src/webhooks/schemas.js'
import { adminToken, addArticle, bearer, build, createDraft, tokenFor } from './helper.js'

const admin = bearer(adminToken)

interface Received {
  url: string
  headers: IncomingHttpHeaders
  body: string
}

type Answer = number | { status: number, headers: Record<string, string> } | undefined

/**
 * A webhook receiver on 127.0.0.1: records every request, and answers as `answer` says
 * (given the request and how many came before it): a status, a status with headers, or
 * `undefined` to leave it hanging.
 */
async function receiver (t: Test, answer: (request: Received, index: number) => Answer = () => 204) {
  const received: Received[] = []
  const hanging: ServerResponse[] = []
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const entry = { url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') }
      const status = answer(entry, received.length)
      received.push(entry)
      if (status === undefined) hanging.push(response)
      else if (typeof status === 'number') response.writeHead(status).end()
      else response.writeHead(status.status, status.headers).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  }))
  const { port } = server.address() as AddressInfo
  return { origin: `http://127.0.0.1:${port}`, port, received, hanging }
}

/** A port on 127.0.0.1 where nothing listens. */
async function closedPort (): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** Polls until `check` gives a value, or fails after a generous cap. */
async function waitFor<T> (check: () => T | undefined | false | Promise<T | undefined | false>, what: string, capMs = 15_000): Promise<T> {
  const deadline = Date.now() + capMs
  for (;;) {
    const value = await check()
    if (value !== undefined && value !== false) return value
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

async function createWebhook (app: App, payload: Record<string, unknown>) {
  const response = await app.inject({ method: 'POST', url: '/v1/webhooks', headers: admin, payload })
  if (response.statusCode !== 201) throw new Error(`creating a webhook failed: ${response.statusCode} ${response.body}`)
  return response.json() as { id: string, secret: string }
}

async function deliveries (app: App, id: string, query = '') {
  const response = await app.inject({ method: 'GET', url: `/v1/webhooks/${id}/deliveries${query}`, headers: admin })
  if (response.statusCode !== 200) throw new Error(`listing deliveries failed: ${response.statusCode} ${response.body}`)
  return response.json() as { data: Array<{ id: string, status: string, change: { seq: number, type: string, takedown: boolean }, attempts: Array<{ at: string, statusCode: number | null, error: string | null, durationMs: number }>, nextAttemptAt: string | null }>, nextCursor: string | null }
}

/** Waits until a webhook's newest delivery is done (succeeded or failed), and returns it. */
async function settled (app: App, id: string) {
  return waitFor(async () => {
    const delivery = (await deliveries(app, id)).data[0]
    return delivery !== undefined && delivery.status !== 'pending' ? delivery : undefined
  }, `the delivery of webhook ${id} to be done`)
}

function verify (secret: string, request: Received) {
  return new Verifier(secret).verify(request.body, {
    'webhook-id': String(request.headers['webhook-id']),
    'webhook-timestamp': String(request.headers['webhook-timestamp']),
    'webhook-signature': String(request.headers['webhook-signature'])
  })
}

/** Fast deliveries for the tests: polled often, retried soon. */
const quick = { pollMs: 20, retryBaseMs: 20, timeoutMs: 5000 }

t.test('an admin creates, reads, lists, changes and deletes webhooks; the secret is shown once', async (t) => {
  const app = await build(t)
  const response = await app.inject({
    method: 'POST',
    url: '/v1/webhooks',
    headers: admin,
    payload: { url: 'https://partner.example.org/hooks/news', events: ['article.published', 'article.deleted'], description: 'Partner mirror' }
  })
  t.equal(response.statusCode, 201)
  const created = response.json()
  t.equal(response.headers.location, `/v1/webhooks/${created.id}`)
  t.equal(response.headers['cache-control'], 'no-store')
  const { secret, ...webhook } = created
  t.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/)
  t.equal(Buffer.from(secret.slice('whsec_'.length), 'base64').length, 32, '32 random bytes')
  t.same(webhook, {
    id: webhook.id,
    url: 'https://partner.example.org/hooks/news',
    events: ['article.published', 'article.deleted'],
    description: 'Partner mirror',
    active: true,
    createdAt: webhook.createdAt,
    updatedAt: webhook.createdAt
  })
  t.match(webhook, { id: /^[0-9a-f-]{36}$/, createdAt: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/ })

  const read = await app.inject({ method: 'GET', url: `/v1/webhooks/${webhook.id}`, headers: admin })
  t.equal(read.statusCode, 200)
  t.same(read.json(), webhook, 'the secret is not shown again')
  t.notMatch(read.body, secret)
  const list = await app.inject({ method: 'GET', url: '/v1/webhooks', headers: admin })
  t.equal(list.statusCode, 200)
  t.same(list.json(), { data: [webhook], nextCursor: null })
  t.notMatch(list.body, 'whsec_')

  const patched = await app.inject({
    method: 'PATCH',
    url: `/v1/webhooks/${webhook.id}`,
    headers: { ...admin, 'content-type': 'application/merge-patch+json' },
    payload: JSON.stringify({ url: 'https://partner.example.org/v2/hooks', events: ['comment.approved'], description: null, active: false })
  })
  t.equal(patched.statusCode, 200)
  const changed = patched.json()
  t.same(changed, {
    ...webhook,
    url: 'https://partner.example.org/v2/hooks',
    events: ['comment.approved'],
    description: null,
    active: false,
    updatedAt: changed.updatedAt
  })
  t.ok(changed.updatedAt >= webhook.updatedAt)
  const again = await app.inject({ method: 'PATCH', url: `/v1/webhooks/${webhook.id}`, headers: admin, payload: { active: true } })
  t.same(again.json(), { ...changed, active: true, updatedAt: again.json().updatedAt })

  const none = await app.inject({ method: 'GET', url: `/v1/webhooks/${webhook.id}/deliveries`, headers: admin })
  t.equal(none.statusCode, 200)
  t.same(none.json(), { data: [], nextCursor: null })

  const deleted = await app.inject({ method: 'DELETE', url: `/v1/webhooks/${webhook.id}`, headers: admin })
  t.equal(deleted.statusCode, 204)
  t.equal(deleted.body, '')
  for (const [method, url] of [['GET', `/v1/webhooks/${webhook.id}`], ['DELETE', `/v1/webhooks/${webhook.id}`], ['GET', `/v1/webhooks/${webhook.id}/deliveries`]] as const) {
    const gone = await app.inject({ method, url, headers: admin })
    t.equal(gone.statusCode, 404, `${method} ${url}`)
    t.match(gone.json(), { type: '/problems/not-found', detail: `There is no webhook "${webhook.id}".` })
  }
  const patchGone = await app.inject({ method: 'PATCH', url: `/v1/webhooks/${webhook.id}`, headers: admin, payload: { active: false } })
  t.equal(patchGone.statusCode, 404)
  t.same((await app.inject({ method: 'GET', url: '/v1/webhooks', headers: admin })).json(), { data: [], nextCursor: null })
})

t.test('the list is paginated, oldest first', async (t) => {
  const app = await build(t)
  const ids = []
  for (const name of ['one', 'two', 'three']) ids.push((await createWebhook(app, { url: `https://example.org/${name}`, events: ['article.published'] })).id)
  const first = await app.inject({ method: 'GET', url: '/v1/webhooks?limit=2', headers: admin })
  t.same(first.json().data.map((webhook: { id: string }) => webhook.id), ids.slice(0, 2))
  t.type(first.json().nextCursor, 'string')
  const second = await app.inject({ method: 'GET', url: `/v1/webhooks?limit=2&cursor=${first.json().nextCursor}`, headers: admin })
  t.same(second.json().data.map((webhook: { id: string }) => webhook.id), ids.slice(2))
  t.equal(second.json().nextCursor, null)
  const foreign = await app.inject({ method: 'GET', url: '/v1/webhooks?cursor=WyJhcnRpY2xlcyIsIngiLCJ5Il0', headers: admin })
  t.equal(foreign.statusCode, 400)
  t.match(foreign.json(), { type: '/problems/invalid-cursor' })
})

t.test('only admins manage webhooks: 401 without a token, 403 for other roles', async (t) => {
  const app = await build(t)
  const { id } = await createWebhook(app, { url: 'https://example.org/hook', events: ['article.published'] })
  const routes = [
    ['POST', '/v1/webhooks', { url: 'https://example.org/x', events: ['article.published'] }],
    ['GET', '/v1/webhooks', undefined],
    ['GET', `/v1/webhooks/${id}`, undefined],
    ['PATCH', `/v1/webhooks/${id}`, { active: false }],
    ['DELETE', `/v1/webhooks/${id}`, undefined],
    ['GET', `/v1/webhooks/${id}/deliveries`, undefined]
  ] as const
  for (const [method, url, payload] of routes) {
    const anonymous = await app.inject({ method, url, ...(payload && { payload }) })
    t.equal(anonymous.statusCode, 401, `${method} ${url} without a token`)
    t.equal(anonymous.headers['www-authenticate'], 'Bearer realm="news-cms"')
    t.match(anonymous.json(), { type: '/problems/unauthorized', detail: /role "admin"/ })
    for (const role of ['editor', 'moderator'] as const) {
      const response = await app.inject({ method, url, headers: bearer(await tokenFor(app, role)), ...(payload && { payload }) })
      t.equal(response.statusCode, 403, `${method} ${url} as ${role}`)
      t.match(response.json(), { type: '/problems/forbidden', detail: `A token with the role "${role}" may not manage webhooks.` })
    }
  }
  t.equal((await app.inject({ method: 'GET', url: `/v1/webhooks/${id}`, headers: admin })).json().active, true, 'nothing changed')
})

t.test('bad subscriptions are refused with 400, naming the field', async (t) => {
  const app = await build(t)
  const { id } = await createWebhook(app, { url: 'https://example.org/hook', events: ['article.published'] })
  const events = ['article.published']
  const cases: Array<[Record<string, unknown>, string, string]> = [
    [{ url: 'ftp://example.org/hook', events }, '/url', 'must be an http or https URL, not ftp'],
    [{ url: 'not a url', events }, '/url', 'must match format "uri"'],
    [{ url: 'http://10.1.2.3/hook', events }, '/url', 'points to 10.1.2.3 is not a public address (private), which webhooks may not reach'],
    [{ url: 'http://127.0.0.1:8080/hook', events }, '/url', 'points to 127.0.0.1 is not a public address (loopback), which webhooks may not reach'],
    [{ url: 'http://[::1]/hook', events }, '/url', 'points to ::1 is not a public address (loopback), which webhooks may not reach'],
    [{ url: 'http://[::ffff:127.0.0.1]/hook', events }, '/url', 'points to ::ffff:7f00:1 is not a public address (loopback), which webhooks may not reach'],
    [{ url: 'http://[fd00::1]/hook', events }, '/url', 'points to fd00::1 is not a public address (uniqueLocal), which webhooks may not reach'],
    [{ url: 'http://[fe80::1]/hook', events }, '/url', 'points to fe80::1 is not a public address (linkLocal), which webhooks may not reach'],
    [{ url: 'http://169.254.169.254/latest/meta-data', events }, '/url', 'points to 169.254.169.254 is not a public address (linkLocal), which webhooks may not reach'],
    [{ url: 'http://100.64.0.1/', events }, '/url', 'points to 100.64.0.1 is not a public address (carrierGradeNat), which webhooks may not reach'],
    [{ url: 'http://0.0.0.0/', events }, '/url', 'points to 0.0.0.0 is not a public address (unspecified), which webhooks may not reach'],
    [{ url: 'http://224.0.0.1/', events }, '/url', 'points to 224.0.0.1 is not a public address (multicast), which webhooks may not reach'],
    [{ url: 'http://0x7f.1/', events }, '/url', 'points to 127.0.0.1 is not a public address (loopback), which webhooks may not reach'],
    [{ url: 'http://localhost:3000/', events }, '/url', 'points to localhost, a loopback name, which webhooks may not reach'],
    [{ url: 'http://api.localhost/', events }, '/url', 'points to api.localhost, a loopback name, which webhooks may not reach'],
    [{ url: 'https://example.org/hook', events: ['article.created'] }, '/events/0', 'must be equal to one of the allowed values'],
    [{ url: 'https://example.org/hook', events: [] }, '/events', 'must NOT have fewer than 1 items'],
    [{ url: 'https://example.org/hook', events: ['article.published', 'article.published'] }, '/events', 'must NOT have duplicate items (items ## 1 and 0 are identical)'],
    [{ events }, '/url', 'is required'],
    [{ url: 'https://example.org/hook', events, secret: 'whsec_mine' }, '/secret', 'is not a known field']
  ]
  for (const [payload, name, detail] of cases) {
    const response = await app.inject({ method: 'POST', url: '/v1/webhooks', headers: admin, payload })
    t.equal(response.statusCode, 400, JSON.stringify(payload))
    t.match(response.json(), { type: '/problems/invalid-request', errors: [{ in: 'body', name, detail }] }, JSON.stringify(payload))
  }
  for (const [payload, name] of [[{ url: 'http://192.168.1.10/' }, '/url'], [{ url: 'gopher://example.org/' }, '/url'], [{ events: [] }, '/events'], [{}, '']] as const) {
    const response = await app.inject({ method: 'PATCH', url: `/v1/webhooks/${id}`, headers: admin, payload })
    t.equal(response.statusCode, 400, `PATCH ${JSON.stringify(payload)}`)
    t.match(response.json(), { errors: [{ in: 'body', name }] })
  }
  t.same((await app.inject({ method: 'GET', url: '/v1/webhooks', headers: admin })).json().data.length, 1, 'nothing was created')
  t.equal((await app.inject({ method: 'GET', url: `/v1/webhooks/${id}`, headers: admin })).json().url, 'https://example.org/hook', 'nothing was changed')

  const allowing = await build(t, { webhooks: { allowPrivate: true } })
  const local = await allowing.inject({ method: 'POST', url: '/v1/webhooks', headers: admin, payload: { url: 'http://127.0.0.1:8080/hook', events } })
  t.equal(local.statusCode, 201, 'private addresses are accepted when allowed')
  const ftp = await allowing.inject({ method: 'POST', url: '/v1/webhooks', headers: admin, payload: { url: 'ftp://127.0.0.1/hook', events } })
  t.equal(ftp.statusCode, 400, 'but only over http(s)')
})

t.test('a delivery is signed, retried with the same id after a 500, signed afresh, and shown with its attempts', async (t) => {
  const hooks = await receiver(t, (_request, index) => index === 0 ? 500 : 204)
  // A base of 2 s puts the retry at least 1 s later, so its timestamp differs.
  const app = await build(t, { webhooks: { ...quick, allowPrivate: true, retryBaseMs: 2000 } })
  const { id, secret } = await createWebhook(app, { url: `${hooks.origin}/hooks/news`, events: ['article.published'] })
  const article = await addArticle(app)

  await waitFor(() => hooks.received.length >= 2, 'the retry')
  const [first, second] = hooks.received as [Received, Received]
  for (const request of [first, second]) {
    t.equal(request.url, '/hooks/news')
    t.equal(request.headers['content-type'], 'application/json')
    t.match(request.headers['webhook-id'], /^msg_[0-9a-f-]{36}$/)
    t.match(request.headers['webhook-timestamp'], /^\d+$/)
    t.match(request.headers['webhook-signature'], /^v1,[A-Za-z0-9+/]{43}=$/)
    t.doesNotThrow(() => verify(secret, request), 'the signature verifies with standardwebhooks')
  }
  t.equal(second.headers['webhook-id'], first.headers['webhook-id'], 'a retry keeps its webhook-id')
  t.equal(second.body, first.body, 'and its body')
  t.ok(Number(second.headers['webhook-timestamp']) > Number(first.headers['webhook-timestamp']), 'with a newer timestamp')
  t.not(second.headers['webhook-signature'], first.headers['webhook-signature'], 'signed afresh')
  t.throws(() => verify('whsec_' + Buffer.alloc(32).toString('base64'), first), 'another secret does not verify')
  t.throws(() => verify(secret, { ...first, body: first.body.replace('article.published', 'article.deleted') }), 'nor does a changed body')

  const feed = (await app.inject({ method: 'GET', url: '/v1/changes' })).json()
  const change = feed.data.find((entry: { articleId: string }) => entry.articleId === article.id)
  t.match(change, { type: 'article.published', articleId: article.id, version: 1 })
  t.same(JSON.parse(first.body), { type: 'article.published', timestamp: change.at, data: change }, 'the change as the feed shows it')

  const delivery = await settled(app, id)
  t.same(delivery, {
    id: first.headers['webhook-id'],
    change,
    status: 'succeeded',
    attempts: [
      { at: delivery.attempts[0]?.at, statusCode: 500, error: null, durationMs: delivery.attempts[0]?.durationMs },
      { at: delivery.attempts[1]?.at, statusCode: 204, error: null, durationMs: delivery.attempts[1]?.durationMs }
    ],
    nextAttemptAt: null,
    createdAt: change.at
  })
  t.ok((delivery.attempts[1]?.at ?? '') > (delivery.attempts[0]?.at ?? ''))
  t.equal(hooks.received.length, 2, 'nothing more is sent after success')
})

t.test('a receiver that answers 410 Gone gets no more: the delivery fails and the webhook is deactivated', async (t) => {
  const hooks = await receiver(t, () => 410)
  const app = await build(t, { webhooks: { ...quick, allowPrivate: true } })
  const { id } = await createWebhook(app, { url: hooks.origin, events: ['article.published'] })
  await addArticle(app)
  const delivery = await settled(app, id)
  t.match(delivery, { status: 'failed', nextAttemptAt: null, attempts: [{ statusCode: 410, error: null }] })
  t.equal(delivery.attempts.length, 1, 'not retried')
  t.equal((await app.inject({ method: 'GET', url: `/v1/webhooks/${id}`, headers: admin })).json().active, false)
  await addArticle(app)
  await new Promise((resolve) => setTimeout(resolve, 200))
  t.equal(hooks.received.length, 1, 'nothing is queued for a deactivated webhook')
})

t.test('a receiver\'s Retry-After is honoured when it asks for longer than the backoff', async (t) => {
  const hooks = await receiver(t, (_request, index) => index === 0 ? { status: 503, headers: { 'retry-after': '2' } } : 204)
  const app = await build(t, { webhooks: { ...quick, allowPrivate: true } })
  const { id } = await createWebhook(app, { url: hooks.origin, events: ['article.published'] })
  await addArticle(app)
  const pending = await waitFor(async () => (await deliveries(app, id)).data.find((delivery) => delivery.attempts.length === 1), 'the first attempt')
  t.match(pending, { status: 'pending', attempts: [{ statusCode: 503 }] })
  const waited = Date.parse(pending.nextAttemptAt ?? '') - Date.parse(pending.attempts[0]?.at ?? '')
  t.ok(waited >= 2000, `the retry waits the 2 s asked for, not the 10–20 ms backoff (${waited} ms)`)
  t.match(await settled(app, id), { status: 'succeeded', attempts: [{ statusCode: 503 }, { statusCode: 204 }] })
})

t.test('a dead receiver: every attempt fails, then the delivery is failed', async (t) => {
  const port = await closedPort()
  const app = await build(t, { webhooks: { ...quick, allowPrivate: true, maxAttempts: 3 } })
  const { id } = await createWebhook(app, { url: `http://127.0.0.1:${port}/`, events: ['article.published'] })
  await addArticle(app)
  const delivery = await settled(app, id)
  t.equal(delivery.status, 'failed')
  t.equal(delivery.nextAttemptAt, null)
  t.equal(delivery.attempts.length, 3)
  for (const attempt of delivery.attempts) t.match(attempt, { statusCode: null, error: /ECONNREFUSED/, durationMs: Number })
})

t.test('a receiver that never answers is given up on after the time limit', async (t) => {
  const hooks = await receiver(t, () => undefined)
  const app = await build(t, { webhooks: { ...quick, allowPrivate: true, maxAttempts: 1, timeoutMs: 100 } })
  const { id } = await createWebhook(app, { url: hooks.origin, events: ['article.published'] })
  await addArticle(app)
  const delivery = await settled(app, id)
  t.match(delivery, { status: 'failed', attempts: [{ statusCode: null, error: 'no answer within 100 ms' }] })
})

t.test('private addresses are refused at connect time unless allowed, however the row got there', async (t) => {
  const hooks = await receiver(t)
  const app = await build(t, { webhooks: { ...quick, maxAttempts: 2 } })
  // Straight into the table: the API would have refused both.
  const literal = await app.webhooks.create({ url: `${hooks.origin}/literal`, events: ['article.published'] })
  const named = await app.webhooks.create({ url: `http://localhost:${hooks.port}/named`, events: ['article.published'] })
  await addArticle(app)
  const byLiteral = await settled(app, literal.id)
  t.equal(byLiteral.status, 'failed')
  t.equal(byLiteral.attempts.length, 2)
  for (const attempt of byLiteral.attempts) t.match(attempt, { statusCode: null, error: 'refused: 127.0.0.1 is not a public address (loopback), which webhooks may not reach' })
  const byName = await settled(app, named.id)
  t.equal(byName.status, 'failed')
  for (const attempt of byName.attempts) t.match(attempt, { statusCode: null, error: /^refused: localhost resolves to (127\.0\.0\.1|::1), not a public address \(loopback\), which webhooks may not reach$/ })
  t.equal(hooks.received.length, 0, 'the receiver never heard from us')
})

/** A database two apps in turn can open: a file on SQLite, a fresh database on PostgreSQL. */
async function sharedDatabaseUrl (t: Test): Promise<string> {
  return testEngine === 'sqlite' ? `file:${join(mkdtempSync(join(tmpdir(), 'cms-webhooks-')), 'cms.db')}` : await testDatabaseUrl(t)
}

t.test('pending deliveries survive a restart', async (t) => {
  const hooks = await receiver(t)
  const options: AppOptions = { databaseUrl: await sharedDatabaseUrl(t), adminToken, webhooks: { ...quick, allowPrivate: true } }
  // The first app looks for due deliveries only at start, before there are any.
  const first = await build(t, { ...options, webhooks: { ...options.webhooks, pollMs: 60_000 } })
  const { id } = await createWebhook(first, { url: hooks.origin, events: ['article.published'] })
  await addArticle(first)
  const queued = await deliveries(first, id)
  t.match(queued.data, [{ status: 'pending', attempts: [] }])
  await first.close()
  t.equal(hooks.received.length, 0)

  const second = await build(t, options)
  await waitFor(() => hooks.received.length === 1, 'the delivery after the restart')
  t.equal(hooks.received[0]?.headers['webhook-id'], queued.data[0]?.id)
  t.match(await settled(second, id), { status: 'succeeded', attempts: [{ statusCode: 204 }] })
})

t.test('a delivery in flight when the app closes is abandoned, still pending, and sent again after a restart', async (t) => {
  const hooks = await receiver(t, (_request, index) => index === 0 ? undefined : 200)
  const options: AppOptions = { databaseUrl: await sharedDatabaseUrl(t), adminToken, webhooks: { ...quick, allowPrivate: true, timeoutMs: 60_000 } }
  const first = await build(t, options)
  const { id } = await createWebhook(first, { url: hooks.origin, events: ['article.published'] })
  await addArticle(first)
  await waitFor(() => hooks.received.length === 1, 'the first attempt')
  // Closing does not wait for the receiver (a minute); the attempt is not recorded.
  await first.close()

  const second = await build(t, options)
  const delivery = await settled(second, id)
  t.match(delivery, { status: 'succeeded', attempts: [{ statusCode: 200 }] })
  t.equal(delivery.attempts.length, 1)
  t.equal(hooks.received.length, 2)
  t.equal(hooks.received[1]?.headers['webhook-id'], hooks.received[0]?.headers['webhook-id'], 'the same delivery')
})

t.test('a receiver that hangs does not hold up the API', async (t) => {
  const hooks = await receiver(t, () => undefined)
  const app = await build(t, { webhooks: { ...quick, allowPrivate: true, timeoutMs: 60_000 } })
  await createWebhook(app, { url: hooks.origin, events: ['article.published'] })
  for (let i = 0; i < 6; i++) await addArticle(app)
  await waitFor(() => hooks.received.length >= 4, 'the receiver to hold every slot')
  const read = await app.inject({ method: 'GET', url: '/v1/articles' })
  t.equal(read.statusCode, 200)
  t.equal(read.json().data.length, 7)
  const write = await createDraft(app, await tokenFor(app, 'editor'))
  t.equal(write.article.status, 'draft')
  t.equal(hooks.hanging.length, hooks.received.length, 'while every delivery still waits for an answer')
  t.equal(hooks.received.length, 4, 'at most four at once')
})

t.test('a request that queues deliveries has them sent at once, not at the next poll', async (t) => {
  const hooks = await receiver(t)
  const app = await build(t, { webhooks: { ...quick, allowPrivate: true, pollMs: 3_600_000 } })
  const { id } = await createWebhook(app, { url: hooks.origin, events: ['article.published'] })
  const editor = bearer(await tokenFor(app, 'editor'))
  const { article, etag } = await createDraft(app, editor.authorization.slice('Bearer '.length))
  t.equal(hooks.received.length, 0, 'a draft is no change of the feed')
  const publish = await app.inject({ method: 'POST', url: `/v1/articles/${article.id}/publish`, headers: { ...editor, 'if-match': etag } })
  t.equal(publish.statusCode, 200)
  await waitFor(() => hooks.received.length === 1, 'the publication\'s delivery, long before the hour\'s poll', 5000)
  t.equal(JSON.parse(hooks.received[0]?.body ?? '{}').data.articleId, article.id)
  t.match(await settled(app, id), { status: 'succeeded', change: { type: 'article.published' } })
})

t.test('only subscribed change types of active webhooks are delivered; deliveries list newest first', async (t) => {
  const hooks = await receiver(t)
  const app = await build(t, { webhooks: { ...quick, allowPrivate: true } })
  const published = await createWebhook(app, { url: `${hooks.origin}/published`, events: ['article.published'] })
  const deleted = await createWebhook(app, { url: `${hooks.origin}/deleted`, events: ['article.deleted'] })
  const both = await createWebhook(app, { url: `${hooks.origin}/both`, events: ['article.published', 'article.deleted'] })
  const paused = await createWebhook(app, { url: `${hooks.origin}/paused`, events: ['article.published', 'article.deleted'] })
  await app.inject({ method: 'PATCH', url: `/v1/webhooks/${paused.id}`, headers: admin, payload: { active: false } })

  const editor = bearer(await tokenFor(app, 'editor'))
  const { article, etag } = await createDraft(app, editor.authorization.slice('Bearer '.length))
  const publish = await app.inject({ method: 'POST', url: `/v1/articles/${article.id}/publish`, headers: { ...editor, 'if-match': etag } })
  t.equal(publish.statusCode, 200)
  const update = await app.inject({ method: 'PATCH', url: `/v1/articles/${article.id}`, headers: { ...editor, 'if-match': String(publish.headers.etag) }, payload: { title: 'Ceasefire talks in Moscow' } })
  t.equal(update.statusCode, 200)
  const remove = await app.inject({ method: 'DELETE', url: `/v1/articles/${article.id}`, headers: { ...editor, 'if-match': String(update.headers.etag) } })
  t.equal(remove.statusCode, 204)

  await waitFor(() => hooks.received.length >= 4, 'four deliveries')
  await waitFor(async () => (await deliveries(app, both.id)).data.every((delivery) => delivery.status === 'succeeded'), 'the deliveries to be recorded')
  const seen = hooks.received.map((request) => `${request.url} ${JSON.parse(request.body).type}`).sort()
  t.same(seen, ['/both article.deleted', '/both article.published', '/deleted article.deleted', '/published article.published'], 'no article.updated, nothing to the paused webhook')
  const takedowns = hooks.received.map((request) => JSON.parse(request.body)).map((payload) => `${payload.type} ${payload.data.takedown}`).sort()
  t.same(takedowns, ['article.deleted true', 'article.deleted true', 'article.published false', 'article.published false'], 'a deletion tells the receiver to take the story down')
  t.same((await deliveries(app, deleted.id)).data.map((delivery) => delivery.change.takedown), [true])

  t.same((await deliveries(app, published.id)).data.map((delivery) => delivery.change.type), ['article.published'])
  t.same((await deliveries(app, deleted.id)).data.map((delivery) => delivery.change.type), ['article.deleted'])
  t.same((await deliveries(app, paused.id)).data, [])
  const firstPage = await deliveries(app, both.id, '?limit=1')
  t.same(firstPage.data.map((delivery) => delivery.change.type), ['article.deleted'], 'newest first')
  t.type(firstPage.nextCursor, 'string')
  const secondPage = await deliveries(app, both.id, `?limit=1&cursor=${firstPage.nextCursor}`)
  t.same(secondPage.data.map((delivery) => delivery.change.type), ['article.published'])
  t.equal(secondPage.nextCursor, null)
  t.ok((firstPage.data[0]?.change.seq ?? 0) > (secondPage.data[0]?.change.seq ?? 0))
  const foreign = await app.inject({ method: 'GET', url: `/v1/webhooks/${published.id}/deliveries?cursor=${firstPage.nextCursor}`, headers: admin })
  t.equal(foreign.statusCode, 400, 'a cursor belongs to one webhook\'s list')
})

t.test('deliveries are queued in the change\'s transaction: a rollback queues nothing', async (t) => {
  const app = await build(t, { webhooks: { ...quick, pollMs: 60_000 } })
  const { id } = await createWebhook(app, { url: 'https://example.org/hook', events: ['article.deleted'] })
  const article = await addArticle(app)
  await t.rejects(app.database.write(async (tx) => {
    await recordChange(tx, { type: 'article.deleted', articleId: article.id })
    throw new Error('the write fails after its change was recorded')
  }), /the write fails/)
  t.same((await deliveries(app, id)).data, [])
  await app.database.write((tx) => recordChange(tx, { type: 'article.deleted', articleId: article.id }))
  t.match((await deliveries(app, id)).data, [{ status: 'pending', change: { type: 'article.deleted', articleId: article.id }, attempts: [] }])
})

t.test('the OpenAPI examples of the webhook models are valid', async (t) => {
  const ajv = new Ajv({ strict: false })
  addFormats.default(ajv)
  for (const model of [Change, WebhookAttempt, Webhook, NewWebhook, WebhookPage, WebhookDelivery, WebhookDeliveryPage, WebhookPayload]) ajv.addSchema(model)
  for (const model of [Webhook, NewWebhook, WebhookPage, WebhookAttempt, WebhookDelivery, WebhookDeliveryPage, WebhookPayload] as Array<{ $id?: string, examples?: unknown[] }>) {
    const validate = ajv.getSchema(model.$id ?? '')
    t.ok(model.examples?.length, `${model.$id} has examples`)
    for (const example of model.examples ?? []) t.ok(validate?.(example), `${model.$id}: ${ajv.errorsText(validate?.errors)}`)
  }
})
