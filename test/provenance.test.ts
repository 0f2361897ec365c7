// Translation provenance: how an article was translated, as content (writes, If-Match, revisions, restore) and in every partner format.
import t from 'tap'
import type { App } from '../src/app.js'
import { bearer, build, seedId, tokenFor } from './helper.js'

const seedProvenance = { from: 'de', method: 'machine', engine: null, reviewedAt: null }
const seedStatement = 'Machine-translated from German. Not reviewed by an editor yet.'

async function create (app: App, token: string, payload: Record<string, unknown>) {
  return await app.inject({ method: 'POST', url: '/v1/articles', headers: bearer(token), payload })
}

async function patch (app: App, token: string, id: string, etag: string | undefined, payload: Record<string, unknown>) {
  return await app.inject({ method: 'PATCH', url: `/v1/articles/${id}`, headers: { ...bearer(token), ...(etag === undefined ? {} : { 'if-match': etag }) }, payload })
}

t.test('the seed is a machine translation from German, as loaded', async (t) => {
  const app = await build(t)
  const article = (await app.inject({ method: 'GET', url: `/v1/articles/${seedId}` })).json()
  t.same([article.originalLanguage, article.translation], ['de', seedProvenance])
  const revision = (await app.inject({ method: 'GET', url: `/v1/articles/${seedId}/revisions/1`, headers: bearer(await tokenFor(app, 'editor')) })).json()
  t.same(revision.article.translation, seedProvenance, 'and so its first revision')
})

t.test('a new article may say how it was translated; its provenance and originalLanguage are one', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')

  const machine = await create(app, editor, { title: 'Putin and Trump', language: 'en', translation: { from: 'de', method: 'machine', engine: 'DeepL' } })
  t.equal(machine.statusCode, 201, machine.body)
  t.same([machine.json().originalLanguage, machine.json().translation], ['de', { from: 'de', method: 'machine', engine: 'DeepL', reviewedAt: null }], '`from` sets originalLanguage; what is left out is null')

  const same = await create(app, editor, { title: 'Putin et Trump', language: 'fr', originalLanguage: 'de', translation: { from: 'de', method: 'human', reviewedAt: '2025-03-24T10:00:00+01:00' } })
  t.equal(same.statusCode, 201, same.body)
  t.same(same.json().translation, { from: 'de', method: 'human', engine: null, reviewedAt: '2025-03-24T09:00:00.000Z' }, 'a review time is kept in UTC')

  const plain = await create(app, editor, { title: 'Putin y Trump', language: 'es', originalLanguage: 'de' })
  t.same([plain.json().originalLanguage, plain.json().translation], ['de', null], 'an original language alone records no provenance')

  const odds = await create(app, editor, { title: 'Putin e Trump', language: 'it', originalLanguage: 'en', translation: { from: 'de', method: 'machine' } })
  t.equal(odds.statusCode, 400)
  t.match(odds.json(), { type: '/problems/invalid-request', status: 400, detail: /translation\/from.*originalLanguage/, errors: [{ in: 'body', name: '/translation/from' }] })

  for (const [payload, field] of [
    [{ from: 'de' }, 'method'],
    [{ method: 'machine' }, 'from'],
    [{ from: 'de', method: 'robot' }, 'method'],
    [{ from: 'de', method: 'human', engine: '' }, 'engine'],
    [{ from: 'de', method: 'human', reviewedAt: 'yesterday' }, 'reviewedAt'],
    [{ from: 'de', method: 'human', reviewer: 'me' }, 'reviewer']
  ] as const) {
    const refused = await create(app, editor, { title: 'Refused', language: 'en', translation: payload })
    t.equal(refused.statusCode, 400, JSON.stringify(payload))
    t.match(refused.body, `translation/${field}`, `names translation/${field}`)
  }
  t.equal((await app.inject({ method: 'GET', url: '/v1/articles?language=en', headers: bearer(editor) })).json().data.length, 1, 'nothing refused was stored')
})

t.test('provenance is content: merged by PATCH, held to If-Match, kept in revisions and brought back by a restore', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const url = `/v1/articles/${seedId}`

  t.equal((await patch(app, editor, seedId, undefined, { translation: { reviewedAt: '2025-03-24T09:00:00.000Z' } })).statusCode, 428, 'If-Match needed')
  const reviewed = await patch(app, editor, seedId, '"v1"', { translation: { method: 'machine-post-edited', engine: 'DeepL', reviewedAt: '2025-03-24T09:00:00.000Z' } })
  t.equal(reviewed.statusCode, 200, reviewed.body)
  t.same(reviewed.json().translation, { from: 'de', method: 'machine-post-edited', engine: 'DeepL', reviewedAt: '2025-03-24T09:00:00.000Z' })
  t.equal(reviewed.json().version, 2, 'a change of content moves the version')
  t.equal(reviewed.headers.etag, '"v2-c0"')
  t.equal((await patch(app, editor, seedId, '"v1"', { translation: { engine: 'Other' } })).statusCode, 412, 'a stale ETag is refused')

  const merged = await patch(app, editor, seedId, '"v2"', { translation: { engine: null } })
  t.same(merged.json().translation, { from: 'de', method: 'machine-post-edited', engine: null, reviewedAt: '2025-03-24T09:00:00.000Z' }, 'the fields not sent are kept')

  const moved = await patch(app, editor, seedId, '"v3"', { originalLanguage: 'en' })
  t.same([moved.json().originalLanguage, moved.json().translation.from], ['en', 'en'], 'originalLanguage is `from`')
  const back = await patch(app, editor, seedId, '"v4"', { translation: { from: 'de' } })
  t.same([back.json().originalLanguage, back.json().translation.from], ['de', 'de'], 'and `from` is originalLanguage')
  const clash = await patch(app, editor, seedId, '"v5"', { originalLanguage: 'fr', translation: { from: 'de' } })
  t.equal(clash.statusCode, 400)
  t.match(clash.json(), { errors: [{ in: 'body', name: '/translation/from' }] })

  const revision = (await app.inject({ method: 'GET', url: `${url}/revisions/3`, headers: bearer(editor) })).json()
  t.same(revision.article.translation, merged.json().translation, 'revision 3 keeps the provenance as it was then')

  const cleared = await patch(app, editor, seedId, '"v5"', { translation: null })
  t.same([cleared.json().originalLanguage, cleared.json().translation], [null, null], '`translation: null` says the article is no translation')
  const restored = await app.inject({ method: 'POST', url: `${url}/revisions/1/restore`, headers: { ...bearer(editor), 'if-match': '"v6"' } })
  t.equal(restored.statusCode, 200, restored.body)
  t.same([restored.json().originalLanguage, restored.json().translation, restored.json().version], ['de', seedProvenance, 7], 'a restore brings the provenance back')

  const unknown = await patch(app, editor, seedId, '"v7"', { originalLanguage: null })
  t.same(unknown.json().translation, null, 'without an original language there is no provenance')
  const noMethod = await patch(app, editor, seedId, '"v8"', { translation: { from: 'de' } })
  t.equal(noMethod.statusCode, 400)
  t.match(noMethod.json(), { errors: [{ in: 'body', name: '/translation/method' }] }, 'a provenance needs its method')
  const noFrom = await patch(app, editor, seedId, '"v8"', { translation: { method: 'human' } })
  t.match(noFrom.json(), { status: 400, errors: [{ in: 'body', name: '/translation/from' }] }, 'and its language')
  t.equal((await app.inject({ method: 'GET', url })).json().version, 8, 'refused writes change nothing')
})

t.test('the partner formats say how the seed was translated', async (t) => {
  const app = await build(t, { publicBaseUrl: 'https://api.example.org' })
  const jsonld = (await app.inject({ method: 'GET', url: `/v1/articles/${seedId}/jsonld` })).json()
  t.same(jsonld.translationOfWork, { '@type': 'CreativeWork', inLanguage: 'de' })
  t.same(jsonld.translator, { '@type': 'Organization', description: seedStatement }, 'JSON-LD: the translator, a machine')

  const ninjs = (await app.inject({ method: 'GET', url: `/v1/articles/${seedId}/ninjs` })).json()
  t.equal(ninjs.edNote, seedStatement, 'ninjs 3.1: the editorial note')
  t.equal(ninjs.language, 'ar', 'in the language of every body')
  t.equal((await app.inject({ method: 'GET', url: `/v1/articles/${seedId}/ninjs?version=2.2` })).json().ednote, seedStatement, 'ninjs 2.2 likewise')

  const rss = (await app.inject({ method: 'GET', url: '/v1/feeds/rss.xml' })).body
  t.match(rss, 'xmlns:dcterms="http://purl.org/dc/terms/"')
  t.ok(rss.includes(`<dc:language>ar</dc:language>\n      <dcterms:provenance xml:lang="en">${seedStatement}</dcterms:provenance>\n`), 'RSS: a plain statement in the item')
  const atom = (await app.inject({ method: 'GET', url: '/v1/feeds/atom.xml' })).body
  t.match(atom, `<dcterms:provenance xml:lang="en">${seedStatement}</dcterms:provenance>`, 'Atom likewise')
  const item = (await app.inject({ method: 'GET', url: '/v1/feeds/feed.json' })).json().items[0]
  t.same(item._translation, { statement: seedStatement, ...seedProvenance }, 'JSON Feed: an extension with the statement')

  const editor = await tokenFor(app, 'editor')
  await patch(app, editor, seedId, '"v1"', { translation: { method: 'human', reviewedAt: '2025-03-24T09:00:00.000Z' } })
  const human = (await app.inject({ method: 'GET', url: `/v1/articles/${seedId}/jsonld` })).json()
  t.same(human.translator, { '@type': 'Person', description: 'Translated from German by a person. Reviewed by an editor on 2025-03-24.' }, 'a person for a human translation')

  await patch(app, editor, seedId, '"v2"', { translation: null })
  const none = (await app.inject({ method: 'GET', url: `/v1/articles/${seedId}/jsonld` })).json()
  t.notOk('translator' in none || 'translationOfWork' in none, 'no provenance, no translator')
  t.notOk('edNote' in (await app.inject({ method: 'GET', url: `/v1/articles/${seedId}/ninjs` })).json())
  t.notMatch((await app.inject({ method: 'GET', url: '/v1/feeds/rss.xml' })).body, '<dcterms:provenance')
  t.notOk('_translation' in (await app.inject({ method: 'GET', url: '/v1/feeds/feed.json' })).json().items[0])
})
