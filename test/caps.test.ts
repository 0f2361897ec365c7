// Limits on an article's parts hold on every path that adds to them, and what GET answers can be PUT back.
import t from 'tap'
import type { App } from '../src/app.js'
import { bearer, build, createDraft, tokenFor } from './helper.js'

async function versionOf (app: App, editor: string, id: string) {
  const read = await app.inject({ method: 'GET', url: `/v1/articles/${id}`, headers: bearer(editor) })
  return { etag: String(read.headers.etag), article: read.json() }
}

t.test('sections added one at a time stop at the 200 an article may have', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const sections = Array.from({ length: 199 }, (_, index) => ({ heading: `Part ${index + 1}`, blocks: [{ type: 'paragraph', text: 'Text.' }] }))
  const { article, etag } = await createDraft(app, editor, { sections })
  const add = (ifMatch: string) => app.inject({ method: 'POST', url: `/v1/articles/${article.id}/sections`, headers: { ...bearer(editor), 'if-match': ifMatch }, payload: { heading: 'More', blocks: [] } })
  const last = await add(etag)
  t.equal(last.statusCode, 201, 'the 200th is taken')
  const before = await versionOf(app, editor, article.id)
  for (const ifMatch of [String(last.headers.etag), String(last.headers.etag)]) {
    const over = await add(ifMatch)
    t.equal(over.statusCode, 409)
    t.match(over.headers['content-type'], /^application\/problem\+json/)
    t.match(over.json(), { type: '/problems/conflict', status: 409, detail: `Article "${article.id}" already has 200 sections, the most an article may have.` })
  }
  const after = await versionOf(app, editor, article.id)
  t.equal(after.etag, before.etag, 'no new version')
  t.equal(after.article.sections.length, 200)
  const revisions = await app.inject({ method: 'GET', url: `/v1/articles/${article.id}/revisions`, headers: bearer(editor) })
  t.equal(revisions.json().data.length, 2, 'no revision for the refused ones')
})

t.test('sources added one at a time stop at the 100 an article may have, and GET can always be PUT back', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const sources = Array.from({ length: 99 }, (_, index) => ({ name: `Source ${index + 1}` }))
  const { article, etag } = await createDraft(app, editor, { metadata: { place: { name: 'Kyiv' }, sources } })
  const url = `/v1/articles/${article.id}/metadata/sources`
  const last = await app.inject({ method: 'POST', url, headers: { ...bearer(editor), 'if-match': etag }, payload: { name: 'Source 100' } })
  t.equal(last.statusCode, 201, 'the 100th is taken')
  const over = await app.inject({ method: 'POST', url, headers: { ...bearer(editor), 'if-match': String(last.headers.etag) }, payload: { name: 'Source 101' } })
  t.equal(over.statusCode, 409)
  t.match(over.json(), { type: '/problems/conflict', detail: `Article "${article.id}" already has 100 sources, the most an article may have.` })

  const read = await app.inject({ method: 'GET', url: `/v1/articles/${article.id}/metadata`, headers: bearer(editor) })
  t.equal(read.json().sources.length, 100)
  t.equal(read.headers.etag, last.headers.etag, 'the refused source wrote nothing')
  const put = await app.inject({ method: 'PUT', url: `/v1/articles/${article.id}/metadata`, headers: { ...bearer(editor), 'if-match': String(read.headers.etag) }, payload: read.json() })
  t.equal(put.statusCode, 200, 'what GET answers is PUT back as it is')
  t.same(put.json(), read.json(), 'with the same ids')
})

t.test('a replacement may keep only the article\'s own sources, each once', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const first = await createDraft(app, editor, { metadata: { place: null, sources: [{ name: 'Mine' }] } })
  const other = await createDraft(app, editor, { title: 'Other', metadata: { place: null, sources: [{ name: 'Theirs' }] } })
  const mine = first.article.metadata.sources[0]
  const theirs = other.article.metadata.sources[0]
  const put = (sources: unknown[]) => app.inject({ method: 'PUT', url: `/v1/articles/${first.article.id}/metadata`, headers: { ...bearer(editor), 'if-match': first.etag }, payload: { place: null, sources } })
  const foreign = await put([mine, theirs])
  t.equal(foreign.statusCode, 400)
  t.match(foreign.json(), { errors: [{ in: 'body', name: '/sources/1/id', detail: /is not one of this article's sources/ }] })
  const twice = await put([mine, { ...mine, name: 'Again' }])
  t.equal(twice.statusCode, 400)
  t.match(twice.json(), { errors: [{ in: 'body', name: '/sources/1/id' }] })
  const kept = await put([{ name: 'New' }, { ...mine, name: 'Renamed' }])
  t.equal(kept.statusCode, 200)
  t.match(kept.json().sources, [{ name: 'New' }, { id: mine.id, name: 'Renamed' }])
  t.not(kept.json().sources[0].id, mine.id)
})
