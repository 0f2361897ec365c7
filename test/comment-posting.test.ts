// Posting comments: what readers may send, how their text is kept, replies, duplicates and the rate limit.
import t from 'tap'
import { addArticle, bearer, build, seedId, tokenFor } from './helper.js'

const url = `/v1/articles/${seedId}/comments`

t.test('a reader posts a comment: 201, pending, not public until approved', async (t) => {
  const app = await build(t)
  const response = await app.inject({ method: 'POST', url, payload: { authorName: 'ليلى', body: 'شكرًا على هذا التقرير.', authorEmail: 'leila@example.org' } })
  t.equal(response.statusCode, 201)
  const comment = response.json()
  t.match(comment, { id: /^[0-9a-f-]{36}$/, articleId: seedId, parentId: null, authorName: 'ليلى', authorEmail: 'leila@example.org', body: 'شكرًا على هذا التقرير.', status: 'pending', deleted: false })
  t.equal(response.headers.location, `${url}/${comment.id}`)
  t.same((await app.inject({ method: 'GET', url })).json(), { data: [], nextCursor: null, total: 0 }, 'pending is not public')
  t.equal((await app.inject({ method: 'GET', url: `${url}/${comment.id}` })).statusCode, 404)

  const moderator = await tokenFor(app, 'moderator')
  const approved = await app.inject({ method: 'PATCH', url: `/v1/comments/${comment.id}`, headers: bearer(moderator), payload: { status: 'approved' } })
  t.equal(approved.statusCode, 200)
  t.equal(approved.json().status, 'approved')
  const shown = await app.inject({ method: 'GET', url: `${url}/${comment.id}` })
  t.same(shown.json(), { id: comment.id, parentId: null, authorName: 'ليلى', body: 'شكرًا على هذا التقرير.', createdAt: comment.createdAt, deleted: false, replyCount: 0 })
  t.notMatch(shown.body, /leila@example\.org/, 'the email is never public')
})

t.test('with COMMENTS_AUTO_APPROVE, comments are approved at once', async (t) => {
  const app = await build(t, { commentsAutoApprove: true })
  const response = await app.inject({ method: 'POST', url, payload: { authorName: 'Omar', body: 'Approved at once.' } })
  t.equal(response.json().status, 'approved')
  t.equal((await app.inject({ method: 'GET', url })).json().total, 1)
  t.equal((await app.inject({ method: 'GET', url: `/v1/articles/${seedId}` })).json().commentCount, 1)
})

t.test('text is kept as plain text: NFC, CR LF folded, trimmed, direction marks and HTML characters kept', async (t) => {
  const app = await build(t, { commentsAutoApprove: true })
  const body = '  <script>alert("x")</script>\r\nمرحبا\u200f Witkoff\u200e \u061c\tنص\n  '
  const response = await app.inject({ method: 'POST', url, payload: { authorName: ' Cafe\u0301 ', body } })
  t.equal(response.statusCode, 201)
  t.equal(response.json().authorName, 'Caf\u00e9')
  t.equal(response.json().body, '<script>alert("x")</script>\nمرحبا\u200f Witkoff\u200e \u061c\tنص')
  const listed = await app.inject({ method: 'GET', url })
  t.equal(listed.json().data[0].body, '<script>alert("x")</script>\nمرحبا\u200f Witkoff\u200e \u061c\tنص', 'comes back exactly, as JSON text')
  t.match(listed.body, /<script>/, 'not escaped or stripped in JSON')
})

t.test('refuses each kind of dangerous character, naming the field and the character', async (t) => {
  const app = await build(t)
  const cases: Array<[string, string, string]> = [
    ['body', 'a\u202eb', 'U+202E'],
    ['body', 'a\u202ab', 'U+202A'],
    ['body', 'a\u2066b', 'U+2066'],
    ['body', 'a\u2069b', 'U+2069'],
    ['authorName', 'a\u0000b', 'U+0000'],
    ['body', 'a\u0007b', 'U+0007'],
    ['body', 'a\rb', 'U+000D'],
    ['body', 'a\u0085b', 'U+0085'],
    ['body', 'a\u007fb', 'U+007F']
  ]
  for (const [field, text, character] of cases) {
    const payload = { authorName: 'A', body: 'B', [field]: text }
    const response = await app.inject({ method: 'POST', url, payload })
    t.equal(response.statusCode, 400, character)
    t.same(response.json().errors, [{ in: 'body', name: `/${field}`, detail: `contains the character ${character}, which text may not hold` }], character)
  }
  const surrogate = await app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: '{"authorName":"A","body":"x\\ud800y"}' })
  t.equal(surrogate.statusCode, 400)
  t.match(surrogate.json(), { errors: [{ name: '/body', detail: /U\+D800/ }] })
})

t.test('refuses bad lengths, unknown fields and bad emails', async (t) => {
  const app = await build(t)
  const cases: Array<[object, string]> = [
    [{ authorName: '', body: 'x' }, '/authorName'],
    [{ authorName: '   ', body: 'x' }, '/authorName'],
    [{ authorName: 'x'.repeat(81), body: 'x' }, '/authorName'],
    [{ authorName: 'x', body: 'ن'.repeat(5001) }, '/body'],
    [{ authorName: 'x', body: 'x', status: 'approved' }, '/status'],
    [{ authorName: 'x', body: 'x', id: 'mine' }, '/id'],
    [{ authorName: 'x', body: 'x', createdAt: '2020-01-01T00:00:00.000Z' }, '/createdAt'],
    [{ authorName: 'x', body: 'x', authorEmail: 'not-an-email' }, '/authorEmail'],
    [{ body: 'x' }, '/authorName']
  ]
  for (const [payload, name] of cases) {
    const response = await app.inject({ method: 'POST', url, payload })
    t.equal(response.statusCode, 400, name)
    t.match(response.json(), { type: '/problems/invalid-request', errors: [{ in: 'body', name }] }, name)
  }
  const exactly = await app.inject({ method: 'POST', url, payload: { authorName: 'x', body: '\u{1F600}'.repeat(5000) } })
  t.equal(exactly.statusCode, 201, '5,000 code points, though 10,000 UTF-16 units')
})

t.test('only published articles take comments', async (t) => {
  const app = await build(t)
  const draft = await addArticle(app, { status: 'draft', publishedAt: null })
  for (const ref of [draft.id, 'missing']) {
    const response = await app.inject({ method: 'POST', url: `/v1/articles/${ref}/comments`, payload: { authorName: 'x', body: 'y' } })
    t.equal(response.statusCode, 404)
  }
})

t.test('replies: to an approved comment of the same article, at most three deep', async (t) => {
  const app = await build(t, { commentsAutoApprove: true })
  const post = (payload: object, target = url) => app.inject({ method: 'POST', url: target, payload: { authorName: 'R', ...payload } })
  const top = (await post({ body: 'top' })).json()
  const second = (await post({ body: 'second', parentId: top.id })).json()
  t.equal(second.parentId, top.id)
  const third = await post({ body: 'third', parentId: second.id })
  t.equal(third.statusCode, 201)
  const fourth = await post({ body: 'fourth', parentId: third.json().id })
  t.equal(fourth.statusCode, 400)
  t.match(fourth.json(), { errors: [{ name: '/parentId', detail: /at most 3 deep/ }] })

  const other = await addArticle(app)
  const elsewhere = await post({ body: 'cross', parentId: top.id }, `/v1/articles/${other.id}/comments`)
  t.equal(elsewhere.statusCode, 400)
  t.match(elsewhere.json(), { errors: [{ name: '/parentId', detail: 'must be an approved comment of this article' }] })

  const held = await build(t)
  const pending = (await held.inject({ method: 'POST', url, payload: { authorName: 'P', body: 'pending' } })).json()
  const toPending = await held.inject({ method: 'POST', url, payload: { authorName: 'R', body: 'reply', parentId: pending.id } })
  t.equal(toPending.statusCode, 400, 'not to a pending comment')
})

t.test('the same comment twice from one client within ten minutes is a 409', async (t) => {
  const app = await build(t)
  const payload = { authorName: 'Omar', body: 'Same words.' }
  t.equal((await app.inject({ method: 'POST', url, payload })).statusCode, 201)
  const again = await app.inject({ method: 'POST', url, payload: { ...payload, body: '  Same words.\r\n' } })
  t.equal(again.statusCode, 409, 'the same after normalization')
  t.match(again.json(), { type: '/problems/conflict', detail: /same comment/ })
  const otherClient = await app.inject({ method: 'POST', url, payload, remoteAddress: '10.1.2.3' })
  t.equal(otherClient.statusCode, 201, 'another client may say the same')
})

t.test('a client may post COMMENT_RATE_LIMIT comments a minute; then 429 with Retry-After', async (t) => {
  const app = await build(t, { commentRateLimit: 3 })
  for (let i = 0; i < 3; i++) {
    t.equal((await app.inject({ method: 'POST', url, payload: { authorName: 'x', body: `comment ${i}` } })).statusCode, 201)
  }
  const limited = await app.inject({ method: 'POST', url, payload: { authorName: 'x', body: 'one more' } })
  t.equal(limited.statusCode, 429)
  t.match(limited.headers['retry-after'], /^\d+$/)
  t.equal(limited.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.match(limited.json(), { type: '/problems/too-many-requests', status: 429, detail: /at most 3 a minute/ })
  t.equal((await app.inject({ method: 'POST', url, payload: { authorName: 'x', body: 'elsewhere' }, remoteAddress: '10.9.9.9' })).statusCode, 201, 'other clients are not affected')
  const pending = await app.inject({ method: 'GET', url: '/v1/comments?status=pending', headers: bearer(await tokenFor(app, 'moderator')) })
  t.equal(pending.json().data.length, 4, 'every accepted comment is kept')
})

t.test('behind a trusted proxy the client is the X-Forwarded-For address', async (t) => {
  const app = await build(t, { commentRateLimit: 1, trustProxy: true })
  const from = (address: string) => ({ 'x-forwarded-for': address })
  t.equal((await app.inject({ method: 'POST', url, payload: { authorName: 'a', body: '1' }, headers: from('203.0.113.1') })).statusCode, 201)
  t.equal((await app.inject({ method: 'POST', url, payload: { authorName: 'a', body: '2' }, headers: from('203.0.113.2') })).statusCode, 201)
  t.equal((await app.inject({ method: 'POST', url, payload: { authorName: 'a', body: '3' }, headers: from('203.0.113.1') })).statusCode, 429)
  const untrusting = await build(t, { commentRateLimit: 1 })
  t.equal((await untrusting.inject({ method: 'POST', url, payload: { authorName: 'a', body: '1' }, headers: from('203.0.113.1') })).statusCode, 201)
  t.equal((await untrusting.inject({ method: 'POST', url, payload: { authorName: 'a', body: '2' }, headers: from('203.0.113.2') })).statusCode, 429, 'without TRUST_PROXY the header is ignored')
})

t.test('a comment body over 32 KiB is 413', async (t) => {
  const app = await build(t)
  const response = await app.inject({ method: 'POST', url, payload: { authorName: 'x', body: 'x'.repeat(40_000) } })
  t.equal(response.statusCode, 413)
  t.match(response.json(), { type: '/problems/payload-too-large' })
})
