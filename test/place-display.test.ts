// A place's names by language and `display`: the name in the article's language, else its country's (CLDR), else the name as written.
import { readFileSync } from 'node:fs'
import t from 'tap'
import type { App } from '../src/app.js'
import { bearer, build, createDraft, seedId, tokenFor } from './helper.js'

const seedPlace = (JSON.parse(readFileSync(new URL('../seeds/seed-article.json', import.meta.url), 'utf8')) as { metadata: { place: { name: string } } }).metadata.place

const moscow = { name: 'Moskau, Russland', locality: 'Moskau', country: 'Russland', countryCode: 'RU' }
// Not in alphabetical order, with a region tag in mixed case and Arabic: read back exactly as written.
const names = { en: 'Moscow, Russia', ar: 'موسكو، روسيا', 'de-CH': 'Moskau (Russland)' }

/** An editor's draft with this place, in this language; its metadata URL and ETag to write it with. */
async function draftWith (app: App, editor: string, language: string, place: Record<string, unknown> | null) {
  const { article, etag } = await createDraft(app, editor, { language, metadata: { place, sources: [] } })
  return { article, etag, url: `/v1/articles/${article.id}` }
}

t.test('the seed: an Arabic article whose place is written in German only, in Russia, is shown "روسيا"', async (t) => {
  const app = await build(t)
  const article = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}` })
  t.equal(article.statusCode, 200)
  const place = article.json().metadata.place
  t.equal(place.display, 'روسيا', 'the country\'s name in Arabic, from CLDR')
  t.equal(place.name, seedPlace.name, 'the name as the seed file writes it')
  t.same(Buffer.from(place.name), Buffer.from('Moskau, Russland'), 'byte for byte')
  t.ok(article.rawPayload.includes(Buffer.from('"name":"Moskau, Russland"')), 'as sent, too')
  t.same(place.names, {}, 'no names by language')

  const metadata = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}/metadata` })
  t.same(metadata.json().place, place, 'the metadata shows the same place')
  const list = await app.inject({ method: 'GET', url: '/v1/articles?fields=placeDisplay' })
  t.equal(list.body, JSON.stringify({ data: [{ id: seedId, placeDisplay: 'روسيا' }], nextCursor: null }), 'a summary shows it as `placeDisplay`, alone when asked alone')
  const revision = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}/revisions/1`, headers: bearer(await tokenFor(app, 'editor')) })
  t.same(revision.json().article.metadata.place, place, 'a revision shows it as the article does')

  const ninjs = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}/ninjs` })
  t.equal(ninjs.json().located, 'Moskau, Russland', 'ninjs names the place, not its country')
  const jsonld = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}/jsonld` })
  t.equal(jsonld.json().locationCreated.name, 'Moskau, Russland', 'JSON-LD names the place, not its country')
})

t.test('with names: the one in the article\'s language, a tag serving the more specific ones, whatever their case', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const arabic = await draftWith(app, editor, 'ar', { ...moscow, names })
  t.equal(arabic.article.metadata.place.display, 'موسكو، روسيا')

  const egyptian = await draftWith(app, editor, 'ar-EG', { ...moscow, names })
  t.equal(egyptian.article.metadata.place.display, 'موسكو، روسيا', '`ar` serves `ar-EG`')
  const swiss = await draftWith(app, editor, 'de-ch', { ...moscow, names })
  t.equal(swiss.article.metadata.place.display, 'Moskau (Russland)', '`de-CH` serves `de-ch`')
  const german = await draftWith(app, editor, 'de', { ...moscow, names })
  t.equal(german.article.metadata.place.display, 'Russland', '`de-CH` does not serve `de`: the country\'s name in German')
  const english = await draftWith(app, editor, 'en-GB', { ...moscow, names: { EN: 'Moscow, Russia' } })
  t.equal(english.article.metadata.place.display, 'Moscow, Russia', '`EN` serves `en-GB`')

  // The article's language moves `display` with it; the place stays as written.
  const patched = await app.inject({ method: 'PATCH', url: german.url, headers: { ...bearer(editor), 'if-match': german.etag }, payload: { language: 'en' } })
  t.equal(patched.statusCode, 200)
  t.equal(patched.json().metadata.place.display, 'Moscow, Russia')
  t.same(patched.json().metadata.place.names, names)
})

t.test('without a name in the article\'s language, nor a country CLDR names in it: the name as written', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const nowhere = await draftWith(app, editor, 'ar', { name: 'Irgendwo am Meer' })
  t.same(nowhere.article.metadata.place, { name: 'Irgendwo am Meer', names: {}, locality: null, country: null, countryCode: null, latitude: null, longitude: null, display: 'Irgendwo am Meer' })
  const otherLanguage = await draftWith(app, editor, 'ar', { name: 'Irgendwo am Meer', names: { en: 'Somewhere by the sea' } })
  t.equal(otherLanguage.article.metadata.place.display, 'Irgendwo am Meer', 'a name in another language is not shown')
  // CLDR has no region names in Klingon: DisplayNames would answer "Russia", in English.
  const klingon = await draftWith(app, editor, 'tlh', moscow)
  t.equal(klingon.article.metadata.place.display, 'Moskau, Russland', 'no English country name for a language CLDR lacks')
  // Azerbaijani in Arabic script: CLDR names countries in its Latin script only ("Rusiya").
  const arabicScript = await draftWith(app, editor, 'az-Arab', moscow)
  t.equal(arabicScript.article.metadata.place.display, 'Moskau, Russland', 'no country name in another script')
  const latinScript = await draftWith(app, editor, 'az', moscow)
  t.equal(latinScript.article.metadata.place.display, 'Rusiya')
  const noPlace = await draftWith(app, editor, 'ar', null)
  t.equal(noPlace.article.metadata.place, null)
})

t.test('names read back exactly as written, and what GET answers can be PUT back as it is', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const { url, etag } = await draftWith(app, editor, 'ar', { ...moscow, names })
  const read = await app.inject({ method: 'GET', url: `${url}/metadata`, headers: bearer(editor) })
  t.equal(read.headers.etag, '"v1"')
  t.ok(read.body.includes(`"names":${JSON.stringify(names)}`), 'the same members, in the same order, character for character')

  const same = await app.inject({ method: 'PUT', url: `${url}/metadata`, headers: { ...bearer(editor), 'if-match': etag }, payload: read.json() })
  t.equal(same.statusCode, 200, '`display` sent back is ignored')
  t.same(same.json(), read.json())

  // A change of names is a change of the article, like any other: a new version and revision.
  const renamed = { ...moscow, names: { ar: 'موسكو' } }
  const changed = await app.inject({ method: 'PUT', url: `${url}/metadata`, headers: { ...bearer(editor), 'if-match': String(same.headers.etag) }, payload: { place: renamed, sources: [] } })
  t.equal(changed.statusCode, 200)
  t.equal(changed.headers.etag, '"v3"')
  t.same(changed.json().place, { ...renamed, latitude: null, longitude: null, display: 'موسكو' })
  const stale = await app.inject({ method: 'PUT', url: `${url}/metadata`, headers: { ...bearer(editor), 'if-match': String(same.headers.etag) }, payload: { place: moscow, sources: [] } })
  t.equal(stale.statusCode, 412, 'a writer who read the old names cannot overwrite the new ones unseen')
})

t.test('bad names are refused, naming the field', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const { url, etag } = await draftWith(app, editor, 'ar', moscow)
  const twoLetterTags = Array.from({ length: 101 }, (_, index) => String.fromCharCode(97 + Math.floor(index / 26), 97 + index % 26))
  const cases: Array<[unknown, string, string]> = [
    [{ 'not a tag': 'x' }, '/place/names/not a tag', 'has a name that is not accepted: it must match pattern'],
    [{ 'de-abcdefgh-abcdefgh-abcdefgh-abcdefgh': 'x' }, '/place/names/de-abcdefgh-abcdefgh-abcdefgh-abcdefgh', 'has a name that is not accepted: it must NOT have more than 35 characters'],
    [{ ar: '' }, '/place/names/ar', 'must NOT have fewer than 1 characters'],
    [{ ar: 'م'.repeat(201) }, '/place/names/ar', 'must NOT have more than 200 characters'],
    [{ ar: 7 }, '/place/names/ar', 'must be string'],
    [null, '/place/names', 'must be object'],
    [['موسكو'], '/place/names', 'must be object'],
    [Object.fromEntries(twoLetterTags.map((tag) => [tag, tag])), '/place/names', 'must NOT have more than 100 properties'],
    [{ ar: 'موسكو', AR: 'موسكو' }, '/place/names/AR', 'names the language of "ar" again']
  ]
  for (const [bad, name, detail] of cases) {
    const response = await app.inject({ method: 'PUT', url: `${url}/metadata`, headers: { ...bearer(editor), 'if-match': etag }, payload: { place: { ...moscow, names: bad }, sources: [] } })
    t.equal(response.statusCode, 400, name)
    t.equal(response.json().type, '/problems/invalid-request')
    t.equal(response.json().errors[0].name, name)
    t.match(response.json().errors[0].detail, detail)
  }
  const created = await app.inject({ method: 'POST', url: '/v1/articles', headers: bearer(editor), payload: { title: 'x', language: 'ar', metadata: { place: { ...moscow, names: { ar: 'موسكو', Ar: 'موسكو' } }, sources: [] } } })
  t.equal(created.statusCode, 400)
  t.match(created.json().errors[0], { name: '/metadata/place/names/Ar', detail: /names the language of "ar" again/ })
  const unchanged = await app.inject({ method: 'GET', url: `${url}/metadata`, headers: bearer(editor) })
  t.equal(unchanged.headers.etag, '"v1"', 'nothing was written')
})

t.test('restoring a revision brings its names back', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const { url, etag } = await draftWith(app, editor, 'ar', { ...moscow, names })
  const cleared = await app.inject({ method: 'PUT', url: `${url}/metadata`, headers: { ...bearer(editor), 'if-match': etag }, payload: { place: moscow, sources: [] } })
  t.equal(cleared.json().place.display, 'روسيا')

  const first = await app.inject({ method: 'GET', url: `${url}/revisions/1`, headers: bearer(editor) })
  t.same(first.json().article.metadata.place.names, names, 'the revision keeps them')
  const restored = await app.inject({ method: 'POST', url: `${url}/revisions/1/restore`, headers: { ...bearer(editor), 'if-match': String(cleared.headers.etag) } })
  t.equal(restored.statusCode, 200)
  t.equal(restored.headers.etag, '"v3-c0"')
  t.same(restored.json().metadata.place, { ...moscow, names, latitude: null, longitude: null, display: 'موسكو، روسيا' })
  const read = await app.inject({ method: 'GET', url: `${url}/metadata`, headers: bearer(editor) })
  t.ok(read.body.includes(`"names":${JSON.stringify(names)}`), 'exactly as first written')
})

t.test('partners and search: the place named in the article\'s language', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const { url, etag, article } = await draftWith(app, editor, 'ar', { ...moscow, names })
  t.equal((await app.inject({ method: 'POST', url: `${url}/publish`, headers: { ...bearer(editor), 'if-match': etag } })).statusCode, 200)

  const ninjs = (await app.inject({ method: 'GET', url: `${url}/ninjs` })).json()
  t.equal(ninjs.located, 'موسكو، روسيا')
  t.same(ninjs.places.map((place: { name: string }) => place.name), ['موسكو، روسيا', 'Russland'], 'the country as written')
  const jsonld = (await app.inject({ method: 'GET', url: `${url}/jsonld` })).json()
  t.same(jsonld.locationCreated, { '@type': 'Place', name: 'موسكو، روسيا', address: { '@type': 'PostalAddress', addressLocality: 'Moskau', addressCountry: 'RU' } })

  const found = await app.inject({ method: 'GET', url: '/v1/articles?q=Moscow&fields=placeName,placeDisplay' })
  t.same(found.json().data.map(({ id, placeName, placeDisplay }: Record<string, string>) => ({ id, placeName, placeDisplay })), [{ id: article.id, placeName: 'Moskau, Russland', placeDisplay: 'موسكو، روسيا' }], 'a name in any language finds the article')
})
