// GET /v1/articles/{ref}/comments: approved comments only, oldest first, paginated, never an email.
import t from 'tap'
import { addArticle, addComment, build, seedId } from './helper.js'

t.test('the seed article has no comments', async (t) => {
  const app = await build(t)
  const response = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}/comments` })
  t.equal(response.statusCode, 200)
  t.same(response.json(), { data: [], nextCursor: null, total: 0 })
})

t.test('pages through approved comments oldest first, without emails', async (t) => {
  const app = await build(t)
  const article = await addArticle(app)
  const approved: Awaited<ReturnType<typeof addComment>>[] = []
  for (let i = 0; i < 7; i++) approved.push(await addComment(app, { articleId: article.id, body: `تعليق ${i} <script>alert(1)</script>` }))
  await addComment(app, { articleId: article.id, status: 'pending' })
  await addComment(app, { articleId: article.id, status: 'rejected' })
  await addComment(app, { articleId: article.id, status: 'spam' })
  await addComment(app, { articleId: seedId })
  const reply = await addComment(app, { articleId: article.id, parentId: approved[0]?.id ?? null, authorName: 'ليلى', body: 'رد\u200f على التعليق' })

  const pages: unknown[][] = []
  let cursor: string | null = null
  do {
    const query: Record<string, string> = { limit: '3', ...(cursor ? { cursor } : {}) }
    const response = await app.inject({ method: 'GET', url: `/v1/articles/${article.id}/comments`, query })
    t.equal(response.statusCode, 200)
    const body = response.json() as { data: unknown[], nextCursor: string | null, total: number }
    t.equal(body.total, 8)
    pages.push(body.data)
    cursor = body.nextCursor
  } while (cursor !== null)

  t.same(pages.map((page) => page.length), [3, 3, 2])
  t.same(pages.flat(), [...approved, reply].map((comment) => ({
    id: comment.id,
    parentId: comment.parentId,
    authorName: comment.authorName,
    body: comment.body,
    createdAt: comment.createdAt,
    deleted: false,
    replyCount: comment.id === approved[0]?.id ? 1 : 0
  })))
  t.notMatch(JSON.stringify(pages), /reader@example\.com|authorEmail|status/, 'no email or status leaks')
})

t.test('comment lists refuse bad parameters and unpublished articles', async (t) => {
  const app = await build(t)
  const limit = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}/comments?limit=1000` })
  t.equal(limit.statusCode, 400)
  t.match(limit.json(), { detail: 'Query parameter "limit" must be <= 100.' })
  const articlesCursor = Buffer.from(JSON.stringify(['articles', 'a', 'b'])).toString('base64url')
  const cursor = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}/comments`, query: { cursor: articlesCursor } })
  t.equal(cursor.statusCode, 400)
  t.match(cursor.json(), { type: '/problems/invalid-cursor', detail: /cursor/ })
  const draft = await addArticle(app, { status: 'draft', publishedAt: null })
  await addComment(app, { articleId: draft.id })
  const hidden = await app.inject({ method: 'GET', url: `/v1/articles/${draft.id}/comments` })
  t.equal(hidden.statusCode, 404)
})

t.test('the comment list carries an ETag that changes with the comments', async (t) => {
  const app = await build(t)
  const before = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}/comments` })
  t.match(before.headers.etag, /^"[^"]+"$/)
  const again = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}/comments`, headers: { 'if-none-match': String(before.headers.etag) } })
  t.equal(again.statusCode, 304)
  await addComment(app, { articleId: seedId })
  const after = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}/comments`, headers: { 'if-none-match': String(before.headers.etag) } })
  t.equal(after.statusCode, 200)
  t.not(after.headers.etag, before.headers.etag)
})
