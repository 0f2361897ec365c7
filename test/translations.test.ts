// Translations through the API: starting one from the seed, linking and unlinking articles, reading a group's member by language, what the public sees.
import t from 'tap'
import type { App } from '../src/app.js'
import { bearer, build, createDraft, seedId, seedSlug, tokenFor } from './helper.js'

const germanTitle = 'Putin und Trump: Treffen für eine Waffenruhe – Hoffnung für die Ukraine!'

const read = async (app: App, url: string, token?: string, headers: Record<string, string> = {}) =>
  await app.inject({ method: 'GET', url, headers: { ...headers, ...(token === undefined ? {} : bearer(token)) } })

async function translate (app: App, token: string, ref: string, payload: Record<string, unknown>) {
  return await app.inject({ method: 'POST', url: `/v1/articles/${encodeURIComponent(ref)}/translations`, headers: bearer(token), payload })
}

async function write (app: App, token: string, method: 'PATCH' | 'POST', url: string, etag: string, payload: Record<string, unknown> = {}) {
  return await app.inject({ method, url, headers: { ...bearer(token), 'if-match': etag }, payload })
}

t.test('a translation starts as a draft in the seed\'s group, a copy of it to translate in place', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const seed = (await read(app, `/v1/articles/${seedId}`)).json()

  const response = await translate(app, editor, seedSlug, { language: 'de', title: germanTitle })
  t.equal(response.statusCode, 201, response.body)
  const german = response.json()
  t.equal(response.headers.location, `/v1/articles/${german.id}`)
  t.match(String(response.headers.etag), /^"v1-c0-t[\w-]+"$/, 'its ETag names what translations it shows')
  t.equal(response.headers['content-language'], 'de')
  t.match(german, { language: 'de', direction: 'ltr', title: germanTitle, status: 'draft', publishedAt: null, originalLanguage: 'ar', version: 1 })
  t.same(german.sections.map((section: { heading: string | null, blocks: unknown[] }) => [section.heading, section.blocks]), seed.sections.map((section: { heading: string | null, blocks: unknown[] }) => [section.heading, section.blocks]), 'the sections, text for text')
  t.notSame(german.sections.map((section: { id: string }) => section.id), seed.sections.map((section: { id: string }) => section.id), 'sections of its own')
  const { display: shownInArabic, ...place } = seed.metadata.place
  t.same({ ...german.metadata.place, display: shownInArabic }, { ...place, display: shownInArabic }, 'the place, as written')
  t.same([shownInArabic, german.metadata.place.display], ['روسيا', 'Russland'], 'each shown in its reader\'s language')
  t.same(german.translations, [{ id: seedId, language: 'ar', slug: seedSlug, title: seed.title }], 'the seed, as its one translation')

  const untitled = await translate(app, editor, seedId, { language: 'en-GB' })
  t.equal(untitled.statusCode, 201, untitled.body)
  t.equal(untitled.json().title, seed.title, 'without a title, the source\'s until translated')

  const publicSeed = await read(app, `/v1/articles/${seedId}`)
  t.same(publicSeed.json().translations, [], 'the public sees no draft')
  t.equal(publicSeed.headers.etag, '"v1-c0"', 'nor does its ETag')
  t.same(publicSeed.json().version, 1, 'the seed did not change')
  const editorsSeed = await read(app, `/v1/articles/${seedId}`, editor)
  t.same(editorsSeed.json().translations.map((link: { language: string }) => link.language), ['de', 'en-GB'], 'editors see both drafts, by language')
  t.match(String(editorsSeed.headers.etag), /^"v1-c0-t[\w-]+"$/, 'and the ETag says so')
})

t.test('one article per language in a group: 409, whatever the case, the source\'s own language included', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  t.equal((await translate(app, editor, seedId, { language: 'de' })).statusCode, 201)
  for (const language of ['de', 'DE', 'ar', 'AR']) {
    const again = await translate(app, editor, seedId, { language })
    t.equal(again.statusCode, 409, language)
    t.match(again.json(), { type: '/problems/conflict', status: 409, detail: new RegExp(`already has an article in "${language}"`) })
  }
  const bad = await translate(app, editor, seedId, { language: 'deutsch!' })
  t.equal(bad.statusCode, 400)
  t.match(bad.json(), { errors: [{ in: 'body', name: '/language' }] })
  t.equal((await translate(app, editor, 'no-such-article', { language: 'en' })).statusCode, 404)
  t.equal((await app.inject({ method: 'POST', url: `/v1/articles/${seedId}/translations`, payload: { language: 'en' } })).statusCode, 401)
  t.equal((await translate(app, await tokenFor(app, 'moderator'), seedId, { language: 'en' })).statusCode, 403)
})

t.test('?lang= reads the group\'s article in that language; published ones only for the public', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const created = await translate(app, editor, seedId, { language: 'de', title: germanTitle })
  const german = created.json()
  t.equal((await read(app, `/v1/articles/${seedId}?lang=de`)).statusCode, 404, 'a draft is not there for the public')
  const before = await read(app, `/v1/articles/${seedId}`)

  const published = await write(app, editor, 'POST', `/v1/articles/${german.id}/publish`, String(created.headers.etag))
  t.equal(published.statusCode, 200, published.body)

  const seed = await read(app, `/v1/articles/${seedId}`)
  t.same(seed.json().translations, [{ id: german.id, language: 'de', slug: german.slug, title: germanTitle }], 'published: the public sees it')
  t.not(seed.headers.etag, before.headers.etag, 'and the seed\'s ETag moved with what it shows')
  t.equal((await read(app, `/v1/articles/${seedId}`, undefined, { 'if-none-match': String(before.headers.etag) })).statusCode, 200, 'so an old copy is not confirmed')

  for (const lang of ['de', 'DE', 'de-AT']) {
    const inGerman = await read(app, `/v1/articles/${encodeURIComponent(seedSlug)}?lang=${lang}`)
    t.equal(inGerman.statusCode, 200, lang)
    t.equal(inGerman.json().id, german.id, `${lang}: the German article`)
    t.equal(inGerman.headers['content-language'], 'de')
    t.equal(inGerman.headers['content-location'], `/v1/articles/${german.id}`)
  }
  const itself = await read(app, `/v1/articles/${german.id}?lang=ar`)
  t.equal(itself.json().id, seedId, 'and back')
  t.equal(itself.headers['content-language'], 'ar')
  const missing = await read(app, `/v1/articles/${seedId}?lang=fr`)
  t.equal(missing.statusCode, 404)
  t.match(missing.json(), { type: '/problems/not-found', detail: /no translation in "fr".*: ar, de\.$/ })
  t.equal((await read(app, `/v1/articles/${seedId}?lang=12`)).statusCode, 400, 'a malformed tag')
})

t.test('an existing article joins a group and leaves it, held to If-Match', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const english = await createDraft(app, editor, { title: 'Putin and Trump meet', language: 'en' })
  const url = `/v1/articles/${english.article.id}`

  t.equal((await app.inject({ method: 'PATCH', url, headers: bearer(editor), payload: { translationOf: seedSlug } })).statusCode, 428, 'no If-Match')
  const joined = await write(app, editor, 'PATCH', url, english.etag, { translationOf: seedSlug })
  t.equal(joined.statusCode, 200, joined.body)
  t.same(joined.json().translations.map((link: { id: string }) => link.id), [seedId], 'it shows the seed')
  t.same((await read(app, `/v1/articles/${seedId}`, editor)).json().translations.map((link: { id: string }) => link.id), [english.article.id], 'and the seed shows it')
  t.equal((await read(app, `/v1/articles/${seedId}`)).json().translations.length, 0, 'not to the public while a draft')

  const second = await createDraft(app, editor, { title: 'Another English take', language: 'EN' })
  const taken = await write(app, editor, 'PATCH', `/v1/articles/${second.article.id}`, second.etag, { translationOf: seedId })
  t.equal(taken.statusCode, 409, 'the group has English already')
  const german = await translate(app, editor, seedId, { language: 'de' })
  const renamed = await write(app, editor, 'PATCH', url, String(joined.headers.etag), { language: 'de' })
  t.equal(renamed.statusCode, 409, 'nor may a member take another\'s language')
  t.equal(german.statusCode, 201)

  const left = await write(app, editor, 'PATCH', url, String(joined.headers.etag), { translationOf: null })
  t.equal(left.statusCode, 200, left.body)
  t.same(left.json().translations, [], 'alone again')
  t.same((await read(app, `/v1/articles/${seedId}`, editor)).json().translations.map((link: { language: string }) => link.language), ['de'], 'the group goes on without it')
  t.equal((await write(app, editor, 'PATCH', `/v1/articles/${second.article.id}`, second.etag, { translationOf: seedId })).statusCode, 200, 'English is free again')
  t.equal((await write(app, editor, 'PATCH', url, String(left.headers.etag), { translationOf: 'no-such-article' })).statusCode, 404, 'an unknown article to join')
})

t.test('JSON-LD names the original when it is an article here and published: the seed\'s German story', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const jsonld = async () => (await read(app, `/v1/articles/${seedId}/jsonld`)).json().translationOfWork
  t.same(await jsonld(), { '@type': 'CreativeWork', inLanguage: 'de' }, 'known by its language only')
  const created = await translate(app, editor, seedId, { language: 'de', title: germanTitle })
  t.same(await jsonld(), { '@type': 'CreativeWork', inLanguage: 'de' }, 'a draft is no original to partners')
  await write(app, editor, 'POST', `/v1/articles/${created.json().id}/publish`, String(created.headers.etag))
  t.same(await jsonld(), { '@type': 'CreativeWork', inLanguage: 'de', url: `http://127.0.0.1:3000/v1/articles/${created.json().id}`, headline: germanTitle }, 'published: its address and headline')
})

t.test('the same language started at once from two articles of a group: one 201, one 409, never a 500', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const german = (await translate(app, editor, seedId, { language: 'de' })).json()
  const both = await Promise.all([translate(app, editor, seedId, { language: 'en' }), translate(app, editor, german.id, { language: 'EN' })])
  t.same(both.map((response) => response.statusCode).sort(), [201, 409], both.map((response) => response.body).join('\n'))
  t.same((await read(app, `/v1/articles/${seedId}`, editor)).json().translations.map((link: { language: string }) => link.language.toLowerCase()), ['de', 'en'], 'one English article in the group')
})
