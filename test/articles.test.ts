// GET /v1/articles and GET /v1/articles/{ref}: summaries, pagination, lookups, visibility and errors.
import { eq } from 'drizzle-orm'
import t from 'tap'
import { articles } from '../src/db/sqlite-schema.js'
import { addArticle, addArticles, addComment, build, seedId, seedSlug } from './helper.js'

const seedSummary = {
  id: seedId,
  slug: seedSlug,
  title: 'بوتين وترامب: اجتماع لوقف إطلاق النار - الأمل في أوكرانيا!',
  language: 'ar',
  direction: 'rtl',
  publishedAt: '2025-03-23T00:00:00.000Z',
  updatedAt: '2025-03-23T00:00:00.000Z',
  placeName: 'Moskau, Russland',
  placeDisplay: 'روسيا',
  commentCount: 0
}

t.test('the list shows the seed article as a summary', async (t) => {
  const app = await build(t)
  const response = await app.inject({ method: 'GET', url: '/v1/articles' })
  t.equal(response.statusCode, 200)
  t.match(response.headers['content-type'], /^application\/json; charset=utf-8$/)
  t.match(response.headers.etag, /^"[^"]+"$/, 'a strong ETag')
  t.same(response.json(), { data: [seedSummary], nextCursor: null })
})

t.test('pages through every published article, newest first, without repeats or gaps', async (t) => {
  const app = await build(t)
  const sameInstant = '2026-06-01T12:00:00.000Z'
  const added = [
    ...await addArticles(app, 40),
    // Ties on publishedAt are broken by id, so none is skipped at a page boundary.
    ...await addArticles(app, 5, { publishedAt: sameInstant })
  ]
  await addArticle(app, { status: 'draft', publishedAt: null })
  await addArticle(app, { status: 'archived' })
  const expected = [...added.map((a) => ({ id: a.id, publishedAt: a.publishedAt ?? '' })), { id: seedId, publishedAt: '2025-03-23T00:00:00.000Z' }]
    .sort((a, b) => b.publishedAt.localeCompare(a.publishedAt) || b.id.localeCompare(a.id))
    .map((a) => a.id)

  const seen: string[] = []
  const sizes: number[] = []
  let cursor: string | null = null
  do {
    const query: Record<string, string> = { limit: '20', ...(cursor ? { cursor } : {}) }
    const response = await app.inject({ method: 'GET', url: '/v1/articles', query })
    t.equal(response.statusCode, 200)
    const body = response.json() as { data: { id: string }[], nextCursor: string | null }
    sizes.push(body.data.length)
    seen.push(...body.data.map((item) => item.id))
    cursor = body.nextCursor
  } while (cursor !== null)
  t.same(sizes, [20, 20, 6])
  t.same(seen, expected)
})

t.test('a full last page says there is no next one', async (t) => {
  const app = await build(t)
  await addArticle(app)
  const first = await app.inject({ method: 'GET', url: '/v1/articles?limit=1' })
  const { nextCursor } = first.json()
  t.type(nextCursor, 'string')
  const second = await app.inject({ method: 'GET', url: '/v1/articles', query: { limit: '1', cursor: nextCursor } })
  t.same(second.json(), { data: [seedSummary], nextCursor: null })
})

t.test('the default page size is 20', async (t) => {
  const app = await build(t)
  for (let i = 0; i < 25; i++) await addArticle(app)
  const response = await app.inject({ method: 'GET', url: '/v1/articles' })
  t.equal(response.json().data.length, 20)
})

t.test('summaries carry the place name and the approved comment count', async (t) => {
  const app = await build(t)
  const article = await addArticle(app, {
    metadata: { place: { name: 'Kyiv, Ukraine', locality: 'Kyiv', country: 'Ukraine', countryCode: 'UA', latitude: null, longitude: null }, sources: [] }
  })
  await addComment(app, { articleId: article.id })
  await addComment(app, { articleId: article.id })
  await addComment(app, { articleId: article.id, status: 'pending' })
  await addComment(app, { articleId: article.id, status: 'spam' })
  const response = await app.inject({ method: 'GET', url: '/v1/articles?limit=1' })
  t.match(response.json().data[0], { id: article.id, placeName: 'Kyiv, Ukraine', commentCount: 2, direction: 'ltr' })
})

t.test('refuses bad list parameters, naming them', async (t) => {
  const app = await build(t)
  const cases: Array<[string, string, string]> = [
    ['limit=0', 'limit', 'Query parameter "limit" must be >= 1.'],
    ['limit=101', 'limit', 'Query parameter "limit" must be <= 100.'],
    ['limit=ten', 'limit', 'Query parameter "limit" must be integer.'],
    ['limit=1.5', 'limit', 'Query parameter "limit" must be integer.'],
    ['page=2', 'page', 'Query parameter "page" is not a known parameter.'],
    ['cursor=', 'cursor', 'Query parameter "cursor" must NOT have fewer than 1 characters.']
  ]
  for (const [query, name, detail] of cases) {
    const response = await app.inject({ method: 'GET', url: `/v1/articles?${query}` })
    t.equal(response.statusCode, 400, query)
    t.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8', query)
    t.match(response.json(), {
      type: '/problems/invalid-request',
      title: 'Invalid request',
      status: 400,
      detail,
      instance: /^urn:uuid:[0-9a-f-]{36}$/,
      errors: [{ in: 'query', name }]
    }, query)
  }
})

t.test('refuses cursors it did not issue for this list', async (t) => {
  const app = await build(t)
  const commentsCursor = Buffer.from(JSON.stringify(['comments', '2025-01-01T00:00:00.000Z', 'x'])).toString('base64url')
  for (const cursor of ['not-a-cursor', Buffer.from('[1,2,3]').toString('base64url'), commentsCursor]) {
    const response = await app.inject({ method: 'GET', url: '/v1/articles', query: { cursor } })
    t.equal(response.statusCode, 400)
    t.match(response.json(), { type: '/problems/invalid-cursor', title: 'Invalid cursor', status: 400, detail: /^Query parameter "cursor" is invalid/ })
  }
})

t.test('gets the seed article by id and by its Arabic slug, with the same ETag', async (t) => {
  const app = await build(t)
  const byId = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}` })
  const bySlug = await app.inject({ method: 'GET', url: `/v1/articles/${encodeURIComponent(seedSlug)}` })
  t.equal(byId.statusCode, 200)
  t.equal(bySlug.statusCode, 200)
  t.equal(byId.body, bySlug.body)
  t.equal(byId.headers.etag, '"v1-c0"')
  t.equal(bySlug.headers.etag, '"v1-c0"')
  t.match(byId.json(), { id: seedId, slug: seedSlug, version: 1, status: 'published', commentCount: 0 })
})

t.test('answers If-None-Match with 304 and no body', async (t) => {
  const app = await build(t)
  const response = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}`, headers: { 'if-none-match': '"v1-c0"' } })
  t.equal(response.statusCode, 304)
  t.equal(response.body, '')
  const stale = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}`, headers: { 'if-none-match': '"v0-c0"' } })
  t.equal(stale.statusCode, 200)
})

t.test('the article ETag and body change with its comment count', async (t) => {
  const app = await build(t)
  const before = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}` })
  t.equal(before.json().commentCount, 0)
  await addComment(app, { articleId: seedId })
  const after = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}` })
  t.equal(after.headers.etag, '"v1-c1"')
  t.equal(after.json().commentCount, 1)
})

t.test('a new version of an article is served at once, with a new ETag', async (t) => {
  const app = await build(t)
  const before = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}` })
  t.equal(before.headers.etag, '"v1-c0"')
  // What an editorial write does: change the article and bump its version.
  await app.database.write((tx) => tx.update(articles).set({ title: 'عنوان جديد', version: 2 }).where(eq(articles.id, seedId)))
  const after = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}`, headers: { 'if-none-match': '"v1-c0"' } })
  t.equal(after.statusCode, 200)
  t.equal(after.headers.etag, '"v2-c0"')
  t.match(after.json(), { title: 'عنوان جديد', version: 2 })
})

t.test('unknown, draft and archived articles are 404 problems', async (t) => {
  const app = await build(t)
  const draft = await addArticle(app, { status: 'draft', publishedAt: null })
  const archived = await addArticle(app, { status: 'archived' })
  for (const ref of ['no-such-article', draft.id, draft.slug, archived.id]) {
    const response = await app.inject({ method: 'GET', url: `/v1/articles/${ref}` })
    t.equal(response.statusCode, 404, ref)
    t.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8')
    t.same(response.json(), {
      type: '/problems/not-found',
      title: 'Not found',
      status: 404,
      detail: `No published article has the id or slug "${ref}".`,
      instance: `urn:uuid:${response.headers['x-request-id']}`
    })
  }
})

t.test('refuses unknown query parameters on one article', async (t) => {
  const app = await build(t)
  const response = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}?fields=title` })
  t.equal(response.statusCode, 400)
  t.match(response.json(), { detail: 'Query parameter "fields" is not a known parameter.', errors: [{ in: 'query', name: 'fields', detail: 'is not a known parameter' }] })
})
