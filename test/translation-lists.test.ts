// Translations in lists: `translationOf` (the same story in other languages) and a search that shows a story once, unless `translations=all`.
import t from 'tap'
import { v7 as uuidv7 } from 'uuid'
import type { App } from '../src/app.js'
import type { NewArticle } from '../src/articles/repository.js'
import { addArticle, bearer, build, seedId, seedSlug, tokenFor } from './helper.js'

const list = async (app: App, query: Record<string, string>, token?: string) =>
  await app.inject({ method: 'GET', url: '/v1/articles', query, headers: token === undefined ? {} : bearer(token) })

/** The ids of a list's one page; it must answer 200. */
async function ids (app: App, query: Record<string, string>, token?: string): Promise<string[]> {
  const response = await list(app, query, token)
  if (response.statusCode !== 200) throw new Error(`${response.statusCode} ${response.body}`)
  return response.json().data.map((article: { id: string }) => article.id)
}

/** Every page of a list, `limit` at a time, by its cursors: the ids in the order served. */
async function paged (app: App, query: Record<string, string>, limit: number, token?: string): Promise<string[]> {
  const seen: string[] = []
  let cursor: string | null = null
  do {
    const response = await list(app, { ...query, limit: String(limit), ...(cursor === null ? {} : { cursor }) }, token)
    if (response.statusCode !== 200) throw new Error(`${response.statusCode} ${response.body}`)
    seen.push(...response.json().data.map((article: { id: string }) => article.id))
    cursor = response.json().nextCursor
  } while (cursor !== null)
  return seen
}

const paragraph = (text: string) => [{ id: uuidv7(), heading: null, blocks: [{ type: 'paragraph' as const, text }] }]
const moscow = { place: { name: 'Moskau, Russland', locality: 'Moskau', country: 'Russland', countryCode: 'RU' }, sources: [] }

/** An article of a story (a translation group, or none), published one minute after the one added before unless said otherwise. */
async function addMember (app: App, story: string | null, language: string, overrides: Partial<NewArticle> = {}): Promise<NewArticle> {
  return await addArticle(app, { language, translationGroup: story, title: `Bericht ${language}`, sections: paragraph('Das Quokka lebt auf Rottnest Island.'), ...overrides })
}

t.test('a search shows a story once, its best match, unless translations=all; filters and visibility choose among its articles', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const story = uuidv7()
  // In the order published: Arabic, German (the word in its title, so the best match), English; then an article alone, newest.
  const arabic = await addMember(app, story, 'ar', { metadata: moscow })
  const german = await addMember(app, story, 'de', { title: 'Das Quokka', metadata: moscow })
  const english = await addMember(app, story, 'en')
  const alone = await addMember(app, null, 'en')
  const draft = await addMember(app, story, 'fr', { status: 'draft', publishedAt: null })

  const found = await list(app, { q: 'quokka', fields: 'language' })
  t.equal(found.statusCode, 200)
  t.same(found.json().data.map(({ highlight, ...summary }: { highlight: unknown }) => summary), [{ id: german.id, language: 'de' }, { id: alone.id, language: 'en' }], 'the story once, by its best match, and the article alone')
  t.same(found.json().nextCursor, null)
  t.same(await ids(app, { q: 'quokka', translations: 'one' }), [german.id, alone.id], 'the same, asked for')

  const all = await ids(app, { q: 'quokka', translations: 'all' })
  t.equal(all[0], german.id, 'translations=all: the best match first')
  t.same([...all].sort(), [arabic.id, german.id, english.id, alone.id].sort(), 'and every article of the story')

  t.same(await ids(app, { q: 'quokka', sort: '-publishedAt' }), [alone.id, english.id], 'newest first: the story by its newest article')
  t.same(await ids(app, { q: 'quokka', sort: 'publishedAt' }), [arabic.id, alone.id], 'oldest first: by its oldest')
  t.same(await ids(app, { q: 'quokka', sort: '-updatedAt' }), [alone.id, english.id], 'last changed first: by its last changed')
  t.same(await ids(app, { q: 'quokka', sort: '-publishedAt', translations: 'all' }), [alone.id, english.id, german.id, arabic.id], 'all, newest first')

  t.same(await ids(app, { q: 'quokka', language: 'ar' }), [arabic.id], 'in one language, the story in that language')
  t.same(await ids(app, { q: 'quokka', place: 'RU', sort: '-publishedAt' }), [german.id], 'filters choose among the story\'s articles: the newest from Moskau')
  t.same(await ids(app, { q: 'quokka', place: 'RU', sort: '-publishedAt', translations: 'all' }), [german.id, arabic.id])

  t.same(await ids(app, { q: 'quokka', sort: '-updatedAt' }, editor), [draft.id, alone.id], 'editors: the draft, last changed, for the story')
  t.same(await ids(app, { q: 'quokka', sort: '-publishedAt' }, editor), [alone.id, english.id], 'a draft, unpublished, counts as older than any')
  t.same(await ids(app, { q: 'quokka', translations: 'all' }, editor).then((found) => found.length), 5, 'editors: all five with translations=all')

  t.same(await ids(app, {}), [alone.id, english.id, german.id, arabic.id, seedId], 'a list without q shows every translation by default')
  t.same(await ids(app, { translations: 'one' }), [alone.id, english.id, seedId], 'and each story once when asked')
  t.same(await ids(app, { translations: 'one', sort: 'publishedAt' }), [seedId, arabic.id, alone.id], 'by its oldest, oldest first')

  const bad = await list(app, { q: 'quokka', translations: 'some' })
  t.equal(bad.statusCode, 400)
  t.match(bad.json(), { type: '/problems/invalid-request', status: 400, errors: [{ in: 'query', name: 'translations' }] })
})

t.test('page by page, each story once in every order, the one translations=all shows first', async (t) => {
  // Three ranked matches: stories run across the ranked ones and the older ones after them.
  const app = await build(t, { search: { rankedMatches: 3 } })
  const editor = await tokenFor(app, 'editor')
  const stories = [uuidv7(), uuidv7(), uuidv7(), uuidv7()]
  const storyOf = new Map<string, string>()
  // Interleaved, so that each story's articles are far apart in time; some with the word in the title, to rank first.
  const languages = ['ar', 'de', 'en']
  for (let round = 0; round < 3; round++) {
    for (const [index, story] of stories.entries()) {
      const draft = round === 2 && index === 1
      const added = await addMember(app, story, languages[round]!, {
        ...((round + index) % 3 === 1 && { title: `Quokka ${round}` }),
        ...(draft && { status: 'draft', publishedAt: null })
      })
      storyOf.set(added.id, story)
    }
    const alone = await addMember(app, null, 'en', round === 1 ? { title: 'Quokka allein' } : {})
    storyOf.set(alone.id, alone.id)
  }
  const firstOfEach = (all: string[]) => all.filter((id, index) => all.findIndex((other) => storyOf.get(other) === storyOf.get(id)) === index)

  for (const token of [undefined, editor]) {
    for (const sort of ['relevance', '-publishedAt', 'publishedAt', '-updatedAt']) {
      const query = { q: 'quokka', sort }
      const all = await ids(app, { ...query, translations: 'all', limit: '100' }, token)
      const once = firstOfEach(all)
      t.equal(once.length, stories.length + 3, `${sort}: seven stories`)
      t.same(await ids(app, { ...query, limit: '100' }, token), once, `${sort}${token === undefined ? '' : ', editors'}: each story by its first article of translations=all`)
      for (const limit of [1, 2, 3, 5]) {
        t.same(await paged(app, query, limit, token), once, `${sort}${token === undefined ? '' : ', editors'}, pages of ${limit}: each story once, in that order`)
        t.same(await paged(app, { ...query, translations: 'all' }, limit, token), all, `${sort}, translations=all, pages of ${limit}: every article once`)
      }
    }
  }

  const first = await list(app, { q: 'quokka', limit: '1' })
  const elsewhere = await list(app, { q: 'quokka', limit: '1', translations: 'all', cursor: first.json().nextCursor })
  t.equal(elsewhere.statusCode, 400, 'a cursor holds to translations')
  t.match(elsewhere.json(), { type: '/problems/invalid-cursor', status: 400, detail: /^Query parameter "cursor" is invalid/ })
})

t.test('translationOf lists the other articles of an article\'s story: published ones for the public, every one for editors', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const translate = async (language: string) => {
    const response = await app.inject({ method: 'POST', url: `/v1/articles/${seedId}/translations`, headers: bearer(editor), payload: { language, title: `Putin und Trump (${language})` } })
    t.equal(response.statusCode, 201, response.body)
    return { article: response.json(), etag: String(response.headers.etag) }
  }
  const german = await translate('de')
  const english = await translate('en')
  const published = await app.inject({ method: 'POST', url: `/v1/articles/${english.article.id}/publish`, headers: { ...bearer(editor), 'if-match': english.etag } })
  t.equal(published.statusCode, 200, published.body)
  const alone = await addArticle(app)

  const response = await list(app, { translationOf: seedSlug, fields: 'language,title' })
  t.equal(response.statusCode, 200)
  t.same(response.json(), { data: [{ id: english.article.id, title: 'Putin und Trump (en)', language: 'en' }], nextCursor: null }, 'the public: the published English one, not the German draft nor the seed itself')
  t.same(await ids(app, { translationOf: seedId }, editor), [english.article.id, german.article.id], 'editors: both, the draft last')
  t.same(await ids(app, { translationOf: english.article.id }), [seedId], 'from the English one: the seed')
  t.same(await ids(app, { translationOf: english.article.id }, editor), [seedId, german.article.id])
  t.same(await ids(app, { translationOf: german.article.id }, editor), [english.article.id, seedId], 'editors name the draft too')
  t.same(await ids(app, { translationOf: seedId, language: 'de' }, editor), [german.article.id], 'with other filters')
  t.same(await ids(app, { translationOf: seedId, status: 'draft' }, editor), [german.article.id])
  t.same(await ids(app, { translationOf: seedId, q: 'Putin' }, editor), [german.article.id], 'with a search: the story once, its best match')
  t.same(await paged(app, { translationOf: seedId }, 1, editor), [english.article.id, german.article.id], 'page by page')
  t.same(await ids(app, { translationOf: alone.id }), [], 'an article in no group has none')

  const draft = await list(app, { translationOf: german.article.id })
  t.equal(draft.statusCode, 400, 'the public may not name a draft: it is no article to them')
  t.same(draft.json().errors, [{ in: 'query', name: 'translationOf', detail: `names no article: there is no article "${german.article.id}"` }])
  const unknown = await list(app, { translationOf: 'no-such-article' })
  t.equal(unknown.statusCode, 400)
  t.match(unknown.json(), { type: '/problems/invalid-request', status: 400, errors: [{ in: 'query', name: 'translationOf', detail: 'names no article: there is no article "no-such-article"' }] })
  t.equal((await list(app, { translationOf: 'no-such-article' }, editor)).statusCode, 400, 'nor for editors')
})
