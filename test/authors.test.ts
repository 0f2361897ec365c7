// Authors: adding, reading (emails for editors alone), changing with If-Match, and deleting one no article shows.
import t from 'tap'
import { bearer, build, createDraft, tokenFor } from './helper.js'

const timestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

t.test('an editor adds an author; the public reads them without the email, editors with it', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const created = await app.inject({
    method: 'POST',
    url: '/v1/authors',
    headers: bearer(editor),
    payload: { name: 'ستيف ويتكوف', bio: 'مراسل في موسكو.', url: 'https://news.example.org/authors/steve', email: 'steve@news.example.org' }
  })
  t.equal(created.statusCode, 201)
  const author = created.json()
  t.equal(created.headers.location, `/v1/authors/${author.id}`)
  t.equal(created.headers.etag, '"v1"')
  t.match(author.createdAt, timestamp)
  t.same(author, {
    id: author.id,
    slug: 'ستيف-ويتكوف',
    name: 'ستيف ويتكوف',
    bio: 'مراسل في موسكو.',
    url: 'https://news.example.org/authors/steve',
    image: null,
    email: 'steve@news.example.org',
    version: 1,
    createdAt: author.createdAt,
    updatedAt: author.createdAt
  }, 'an Arabic name gives an Arabic slug')

  const { email, ...publicAuthor } = author
  t.equal(email, 'steve@news.example.org')
  const bySlug = await app.inject({ method: 'GET', url: `/v1/authors/${encodeURIComponent(author.slug)}` })
  t.equal(bySlug.statusCode, 200)
  t.same(bySlug.json(), publicAuthor, 'the public read has no email at all')
  t.notOk('email' in bySlug.json())
  t.equal(bySlug.headers.etag, '"v1-public"')
  t.match(bySlug.headers['cache-control'], /^public, max-age=/)
  t.equal(bySlug.headers['surrogate-key'], `author-${author.id}`)
  const again = await app.inject({ method: 'GET', url: `/v1/authors/${author.id}`, headers: { 'if-none-match': '"v1-public"' } })
  t.equal(again.statusCode, 304)

  const forEditors = await app.inject({ method: 'GET', url: `/v1/authors/${author.id}`, headers: bearer(editor) })
  t.same(forEditors.json(), author)
  t.equal(forEditors.headers.etag, '"v1"')

  const list = await app.inject({ method: 'GET', url: '/v1/authors' })
  t.same(list.json(), { data: [publicAuthor], nextCursor: null })
  const editorsList = await app.inject({ method: 'GET', url: '/v1/authors', headers: bearer(editor) })
  t.same(editorsList.json(), { data: [author], nextCursor: null })
})

t.test('slugs: made from the name with -2 when taken, 409 when a given one is taken', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const add = (payload: object) => app.inject({ method: 'POST', url: '/v1/authors', headers: bearer(editor), payload })
  t.equal((await add({ name: 'Anna Schmidt' })).json().slug, 'anna-schmidt')
  t.equal((await add({ name: 'Anna Schmidt' })).json().slug, 'anna-schmidt-2')
  const taken = await add({ name: 'Another Anna', slug: 'anna-schmidt' })
  t.equal(taken.statusCode, 409)
  t.same(taken.json(), {
    type: '/problems/conflict',
    title: 'Conflict',
    status: 409,
    detail: 'Another author already has the slug "anna-schmidt". Choose another one, or leave `slug` out to have one made from the name.',
    instance: `urn:uuid:${taken.headers['x-request-id']}`
  })
})

t.test('bad input is a 400 naming the field; writes need a token of an editor', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const moderator = await tokenFor(app, 'moderator')
  const add = (payload: object, token = editor) => app.inject({ method: 'POST', url: '/v1/authors', headers: bearer(token), payload })

  const badUrl = await add({ name: 'A', url: 'ftp://example.org/' })
  t.equal(badUrl.statusCode, 400)
  t.same(badUrl.json().errors, [{ in: 'body', name: '/url', detail: 'must match pattern "^[Hh][Tt][Tt][Pp][Ss]?://"' }])
  const noPicture = await add({ name: 'A', image: '0195c04c-9800-7843-93ad-d8c489d30000' })
  t.equal(noPicture.statusCode, 400)
  t.same(noPicture.json().errors, [{ in: 'body', name: '/image', detail: 'names no picture: there is no picture "0195c04c-9800-7843-93ad-d8c489d30000"' }])
  const badEmail = await add({ name: 'A', email: 'not an email' })
  t.equal(badEmail.statusCode, 400)
  t.equal(badEmail.json().errors[0].name, '/email')

  t.equal((await add({ name: 'A' }, moderator)).statusCode, 403)
  t.equal((await app.inject({ method: 'POST', url: '/v1/authors', payload: { name: 'A' } })).statusCode, 401)
  t.equal((await app.inject({ method: 'GET', url: '/v1/authors/nobody' })).statusCode, 404)
  t.same((await app.inject({ method: 'GET', url: '/v1/authors' })).json(), { data: [], nextCursor: null })
})

t.test('changing an author needs If-Match: 428 without, 412 when stale', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const author = (await app.inject({ method: 'POST', url: '/v1/authors', headers: bearer(editor), payload: { name: 'Anna Schmidt', email: 'anna@example.org' } })).json()
  const url = `/v1/authors/${author.id}`

  const without = await app.inject({ method: 'PATCH', url, headers: bearer(editor), payload: { bio: 'Reporter.' } })
  t.equal(without.statusCode, 428)
  const changed = await app.inject({ method: 'PATCH', url, headers: { ...bearer(editor), 'if-match': '"v1-public"', 'content-type': 'application/merge-patch+json' }, payload: JSON.stringify({ bio: 'Reporter.', email: null }) })
  t.equal(changed.statusCode, 200)
  t.equal(changed.headers.etag, '"v2"')
  t.same(changed.json(), { ...author, bio: 'Reporter.', email: null, version: 2, updatedAt: changed.json().updatedAt })
  t.equal(changed.headers['surrogate-key'], `author-${author.id}`, 'no article shows the author: only their own key')

  const stale = await app.inject({ method: 'PATCH', url, headers: { ...bearer(editor), 'if-match': '"v1"' }, payload: { bio: 'Editor.' } })
  t.equal(stale.statusCode, 412)
  t.equal(stale.headers.etag, '"v2"')
  t.equal(stale.json().detail, 'If-Match "v1" is not the current ETag "v2": the author changed since you read it. Read it again and reapply your change.')

  const staleDelete = await app.inject({ method: 'DELETE', url, headers: { ...bearer(editor), 'if-match': '"v1"' } })
  t.equal(staleDelete.statusCode, 412)
  const deleted = await app.inject({ method: 'DELETE', url, headers: { ...bearer(editor), 'if-match': '"v2"' } })
  t.equal(deleted.statusCode, 204)
  t.equal((await app.inject({ method: 'GET', url })).statusCode, 404)
})

t.test('an author on articles cannot be deleted: 409 naming them', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const author = (await app.inject({ method: 'POST', url: '/v1/authors', headers: bearer(editor), payload: { name: 'Anna Schmidt' } })).json()
  const { article } = await createDraft(app, editor, { title: 'Talks', authors: [author.id] })
  const refused = await app.inject({ method: 'DELETE', url: `/v1/authors/${author.id}`, headers: { ...bearer(editor), 'if-match': '"v1"' } })
  t.equal(refused.statusCode, 409)
  t.same(refused.json(), {
    type: '/problems/conflict',
    title: 'Conflict',
    status: 409,
    detail: `The author "anna-schmidt" is shown by the article "talks" (${article.id}). Take it off them first.`,
    instance: `urn:uuid:${refused.headers['x-request-id']}`,
    articles: [{ id: article.id, slug: 'talks' }]
  })
  t.equal((await app.inject({ method: 'GET', url: `/v1/authors/${author.id}` })).statusCode, 200, 'still there')
})
