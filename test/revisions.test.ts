// Revisions: every accepted write is one, with its author; restoring brings the content back as a new one.
import { eq, sql } from 'drizzle-orm'
import t from 'tap'
import { rows } from '../src/db/dialect.js'
import { revisions } from '../src/db/sqlite-schema.js'
import { addArticle, bearer, build, seedId, tokenFor } from './helper.js'

t.test('the history of the seed article, edited and restored', async (t) => {
  const app = await build(t)
  const editor = (await app.tokens.create('Leila', 'editor')).token
  const admin = (await app.tokens.create('Omar', 'admin')).token
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
  const { slug, title, language, originalLanguage, translation, direction, sections, metadata, authors, topics, credit, image } = original
  t.same(first.json(), { number: 1, createdAt: '2025-03-23T00:00:00.000Z', author: 'seed', article: { slug, title, language, originalLanguage, translation, direction, sections, metadata, authors, topics, credit, image } })

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
  const editor = await tokenFor(app, 'editor')
  const url = `/v1/articles/${seedId}/revisions`
  t.equal((await app.inject({ method: 'POST', url: `${url}/1/restore`, headers: bearer(editor) })).statusCode, 428)
  t.equal((await app.inject({ method: 'POST', url: `${url}/1/restore`, headers: { ...bearer(editor), 'if-match': '"v0"' } })).statusCode, 412)
  const missing = await app.inject({ method: 'GET', url: `${url}/9`, headers: bearer(editor) })
  t.equal(missing.statusCode, 404)
  t.match(missing.json(), { detail: `Article "${seedId}" has no revision 9.` })
  t.equal((await app.inject({ method: 'GET', url: `${url}/zero`, headers: bearer(editor) })).statusCode, 400)
  t.equal((await app.inject({ method: 'GET', url })).statusCode, 401)
  t.equal((await app.inject({ method: 'GET', url, headers: bearer(await tokenFor(app, 'moderator')) })).statusCode, 403)
})

t.test('the history comes a page at a time, and every revision reads back exactly as the write left the article', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const articleUrl = `/v1/articles/${seedId}`
  const seen = [(await app.inject({ method: 'GET', url: articleUrl, headers: bearer(editor) })).json()]
  for (let edit = 1; edit <= 24; edit++) {
    const current = seen[seen.length - 1]
    const sectionId = current.sections[edit % current.sections.length].id
    const response = await app.inject({
      method: 'PATCH',
      url: `${articleUrl}/sections/${sectionId}`,
      headers: { ...bearer(editor), 'if-match': `"v${current.version}"` },
      payload: { heading: `Heading after edit ${edit}` }
    })
    t.equal(response.statusCode, 200)
    seen.push((await app.inject({ method: 'GET', url: articleUrl, headers: bearer(editor) })).json())
  }

  const first = await app.inject({ method: 'GET', url: `${articleUrl}/revisions`, headers: bearer(editor) })
  t.equal(first.json().data.length, 20, 'twenty by default')
  t.type(first.json().nextCursor, 'string')
  const rest = await app.inject({ method: 'GET', url: `${articleUrl}/revisions?limit=100&cursor=${first.json().nextCursor}`, headers: bearer(editor) })
  t.same(rest.json().data.map((revision: { number: number }) => revision.number), [21, 22, 23, 24, 25])
  t.equal(rest.json().nextCursor, null)
  t.equal((await app.inject({ method: 'GET', url: `${articleUrl}/revisions?limit=101`, headers: bearer(editor) })).statusCode, 400, 'at most 100 a page')

  for (const article of seen) {
    const revision = await app.inject({ method: 'GET', url: `${articleUrl}/revisions/${article.version}`, headers: bearer(editor) })
    const { slug, title, language, originalLanguage, translation, direction, sections, metadata, authors, topics, credit, image } = article
    t.same(revision.json().article, { slug, title, language, originalLanguage, translation, direction, sections, metadata, authors, topics, credit, image }, `revision ${article.version}`)
  }

  const other = await addArticle(app)
  const foreign = await app.inject({ method: 'GET', url: `/v1/articles/${other.id}/revisions?cursor=${first.json().nextCursor}`, headers: bearer(editor) })
  t.equal(foreign.statusCode, 400, 'a cursor of another article\'s history is refused')
  t.match(foreign.json(), { type: '/problems/invalid-cursor' })
})

t.test('a revision is stored compressed, one after it as about what changed, and one stored as JSON before still reads the same', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const [stored] = await rows<{ compressed: number, snapshot: string | null }>(app.database.db, sql`select length(content) as compressed, snapshot from revisions where article_id = ${seedId}`)
  const revision = (await app.inject({ method: 'GET', url: `/v1/articles/${seedId}/revisions/1`, headers: bearer(editor) })).json()
  const jsonBytes = Buffer.byteLength(JSON.stringify(revision.article))
  t.equal(stored?.snapshot, null, 'no JSON copy')
  t.ok((stored?.compressed ?? Infinity) < jsonBytes / 2, `${stored?.compressed} bytes stored for ${jsonBytes} bytes of JSON`)
  const edited = await app.inject({ method: 'PATCH', url: `/v1/articles/${seedId}`, headers: { ...bearer(editor), 'if-match': '"v1-c0"' }, payload: { title: 'A new title' } })
  t.equal(edited.statusCode, 200)
  const [second] = await rows<{ bytes: number }>(app.database.db, sql`select length(content) as bytes from revisions where article_id = ${seedId} and number = 2`)
  t.ok((second?.bytes ?? Infinity) < jsonBytes / 20, `the next revision costs ${second?.bytes} bytes, about what changed`)
  t.equal((await app.inject({ method: 'GET', url: `/v1/articles/${seedId}/revisions/2`, headers: bearer(editor) })).json().article.title, 'A new title')

  const old = await addArticle(app, { title: 'Before compression' })
  const content = (await app.inject({ method: 'GET', url: `/v1/articles/${old.id}/revisions/1`, headers: bearer(editor) })).json().article
  await app.database.write((tx) => tx.update(revisions).set({ content: null, snapshot: content }).where(eq(revisions.articleId, old.id)))
  const read = await app.inject({ method: 'GET', url: `/v1/articles/${old.id}/revisions/1`, headers: bearer(editor) })
  t.same(read.json().article, content)
  const list = await app.inject({ method: 'GET', url: `/v1/articles/${old.id}/revisions`, headers: bearer(editor) })
  t.match(list.json().data, [{ number: 1, title: 'Before compression' }])
})
