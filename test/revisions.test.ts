// Revisions: every accepted write is one, with its author; restoring brings the content back as a new one.
import t from 'tap'
import { bearer, build, seedId, tokenFor } from './helper.js'

t.test('the history of the seed article, edited and restored', async (t) => {
  const app = await build(t)
  const editor = app.tokens.create('Leila', 'editor').token
  const admin = app.tokens.create('Omar', 'admin').token
  const articleUrl = `/v1/articles/${seedId}`
  const original = (await app.inject({ method: 'GET', url: articleUrl })).json()

  const retitled = await app.inject({ method: 'PATCH', url: articleUrl, headers: { ...bearer(editor), 'if-match': '"v1-c0"' }, payload: { title: 'عنوان مؤقت', slug: 'temporary' } })
  t.equal(retitled.statusCode, 200)
  const sectionGone = await app.inject({ method: 'DELETE', url: `${articleUrl}/sections/${original.sections[0].id}`, headers: { ...bearer(admin), 'if-match': '"v2"' } })
  t.equal(sectionGone.statusCode, 204)
  const unpublished = await app.inject({ method: 'POST', url: `${articleUrl}/unpublish`, headers: { ...bearer(editor), 'if-match': '"v3"' } })
  t.equal(unpublished.statusCode, 200)

  const history = await app.inject({ method: 'GET', url: `${articleUrl}/revisions`, headers: bearer(editor) })
  t.equal(history.statusCode, 200)
  t.match(history.json().data, [
    { number: 1, author: 'seed', createdAt: '2025-03-23T00:00:00.000Z', title: original.title },
    { number: 2, author: 'Leila', title: 'عنوان مؤقت' },
    { number: 3, author: 'Omar', title: 'عنوان مؤقت' },
    { number: 4, author: 'Leila', title: 'عنوان مؤقت' }
  ])
  t.equal(history.json().data.length, 4)

  const first = await app.inject({ method: 'GET', url: `/v1/articles/temporary/revisions/1`, headers: bearer(editor) })
  t.equal(first.statusCode, 200)
  const { slug, title, language, originalLanguage, direction, sections, metadata } = original
  t.same(first.json(), { number: 1, createdAt: '2025-03-23T00:00:00.000Z', author: 'seed', article: { slug, title, language, originalLanguage, direction, sections, metadata } })

  const restored = await app.inject({ method: 'POST', url: `${articleUrl}/revisions/1/restore`, headers: { ...bearer(editor), 'if-match': String(unpublished.headers.etag) } })
  t.equal(restored.statusCode, 200)
  t.equal(restored.headers.etag, '"v5-c0"')
  t.same(restored.json().sections, original.sections, 'the sections come back, byte for byte')
  t.match(restored.json(), { title: original.title, slug: original.slug, metadata: original.metadata, version: 5, status: 'draft' })
  t.equal(restored.json().status, 'draft', 'the publication status is not restored')
  const latest = await app.inject({ method: 'GET', url: `${articleUrl}/revisions/5`, headers: bearer(editor) })
  t.match(latest.json(), { number: 5, author: 'Leila', article: { title: original.title } })
})

t.test('restoring needs If-Match, and revisions need an editor', async (t) => {
  const app = await build(t)
  const editor = tokenFor(app, 'editor')
  const url = `/v1/articles/${seedId}/revisions`
  t.equal((await app.inject({ method: 'POST', url: `${url}/1/restore`, headers: bearer(editor) })).statusCode, 428)
  t.equal((await app.inject({ method: 'POST', url: `${url}/1/restore`, headers: { ...bearer(editor), 'if-match': '"v0"' } })).statusCode, 412)
  const missing = await app.inject({ method: 'GET', url: `${url}/9`, headers: bearer(editor) })
  t.equal(missing.statusCode, 404)
  t.match(missing.json(), { detail: `Article "${seedId}" has no revision 9.` })
  t.equal((await app.inject({ method: 'GET', url: `${url}/zero`, headers: bearer(editor) })).statusCode, 400)
  t.equal((await app.inject({ method: 'GET', url })).statusCode, 401)
  t.equal((await app.inject({ method: 'GET', url, headers: bearer(tokenFor(app, 'moderator')) })).statusCode, 403)
})
