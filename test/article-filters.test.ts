// GET /v1/articles narrowed, sorted and trimmed: every filter alone and combined, every sort a page at a time, cursors held to their list, `fields`, and what the public may not see.
import t from 'tap'
import type { App } from '../src/app.js'
import type { NewArticle } from '../src/articles/repository.js'
import { addArticle, bearer, build, createDraft, seedId, tokenFor } from './helper.js'

type Place = NonNullable<NewArticle['metadata']['place']>
const place = (name: string, locality: string | null, countryCode: string | null): Place => ({ name, locality, country: null, countryCode, latitude: null, longitude: null })

async function created (app: App, editor: string, url: string, payload: object): Promise<{ id: string }> {
  const response = await app.inject({ method: 'POST', url, headers: bearer(editor), payload })
  if (response.statusCode !== 201) throw new Error(`${url} failed: ${response.body}`)
  return response.json()
}

/** The newsroom the tests filter: the seed (Arabic, Moskau, RU) and seven more, three of them hidden from the public. */
async function newsroom (t: Parameters<typeof build>[0]) {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const anna = await created(app, editor, '/v1/authors', { name: 'Anna Schmidt' })
  const politics = await created(app, editor, '/v1/topics', { names: { en: 'Politics' } })
  const moskau = await addArticle(app, {
    title: 'Gespräche in Moskau', language: 'de', publishedAt: '2025-03-24T00:00:00.000Z', updatedAt: '2025-04-02T00:00:00.000Z',
    metadata: { place: place('Moskau, Russland', 'Moskau', 'RU'), sources: [{ name: 'Interfax', publisher: 'dpa' }] },
    authors: [anna.id], topics: [politics.id]
  })
  const kyiv = await addArticle(app, {
    title: 'Talks in Kyiv', language: 'en', publishedAt: '2025-03-25T00:00:00.000Z', updatedAt: '2025-04-01T00:00:00.000Z',
    metadata: { place: place('Kyiv, Ukraine', 'Kyiv', 'UA'), sources: [{ name: 'dpa' }, { name: 'Kyiv Post', publisher: 'dpa' }] }
  })
  // Two at the same instant: ties are broken by id.
  const munich = await addArticle(app, {
    title: 'مؤتمر ميونخ', language: 'ar', publishedAt: '2025-03-26T00:00:00.000Z', updatedAt: '2025-04-03T00:00:00.000Z',
    metadata: { place: place('München', 'München', 'DE'), sources: [{ name: 'Reuters', publisher: 'Reuters' }] }
  })
  const zurich = await addArticle(app, {
    title: 'Gespräche in Zürich', language: 'de-CH', publishedAt: '2025-03-26T00:00:00.000Z', updatedAt: '2025-04-03T00:00:00.000Z',
    metadata: { place: place('Zürich', 'Zürich', 'CH'), sources: [] }
  })
  const draft = await addArticle(app, {
    title: 'Draft from Moskau', status: 'draft', publishedAt: null, updatedAt: '2025-04-05T00:00:00.000Z',
    metadata: { place: place('Moskau', 'Moskau', 'RU'), sources: [{ name: 'dpa' }] }
  })
  const scheduled = await addArticle(app, { title: 'Scheduled', publishedAt: '2099-01-01T00:00:00.000Z', updatedAt: '2025-04-04T00:00:00.000Z' })
  const archived = await addArticle(app, { title: 'Archived', status: 'archived', language: 'ar', publishedAt: '2025-03-20T00:00:00.000Z', updatedAt: '2025-03-21T00:00:00.000Z' })
  const seed = { id: seedId, language: 'ar', publishedAt: '2025-03-23T00:00:00.000Z', updatedAt: '2025-03-23T00:00:00.000Z' }
  return { app, editor, anna, politics, moskau, kyiv, munich, zurich, draft, scheduled, archived, seed }
}

type Listed = { statusCode: number, json: () => { data: Array<{ id: string }>, nextCursor: string | null } }
const ids = (response: Listed) => response.json().data.map((article) => article.id)

t.test('each filter alone, and combined, for the public', async (t) => {
  const { app, anna, politics, moskau, kyiv, munich, zurich, seed } = await newsroom(t)
  // The id of the two at the same instant that comes first newest first.
  const [later, earlier] = [munich, zurich].sort((a, b) => b.id.localeCompare(a.id))
  const list = async (query: string) => {
    const response = await app.inject({ method: 'GET', url: `/v1/articles?${query}` })
    t.equal(response.statusCode, 200, query)
    return ids(response)
  }
  const cases: Array<[string, string[]]> = [
    ['', [later!.id, earlier!.id, kyiv.id, moskau.id, seed.id]],
    ['language=ar', [munich.id, seed.id]],
    ['language=AR', [munich.id, seed.id]],
    ['language=de', [moskau.id]],
    ['language=de-ch', [zurich.id]],
    ['place=RU', [moskau.id, seed.id]],
    ['place=Moskau', [moskau.id, seed.id]],
    ['place=MOSKAU', [moskau.id, seed.id]],
    ['place=m%C3%BCnchen', [munich.id]],
    ['place=M%C3%9CNCHEN', [munich.id]],
    // NFD (u and a combining diaeresis) is NFC's ü.
    ['place=Mu%CC%88nchen', [munich.id]],
    ['place=ru', []],
    ['place=Moskau%2C%20Russland', []],
    ['source=dpa', [kyiv.id, moskau.id]],
    ['source=DPA', [kyiv.id, moskau.id]],
    ['source=interfax', [moskau.id]],
    ['source=Reuters', [munich.id]],
    ['source=Kyiv', []],
    ['since=2025-03-25T00:00:00Z', [later!.id, earlier!.id, kyiv.id]],
    ['since=2025-03-25T02:00:00%2B02:00', [later!.id, earlier!.id, kyiv.id]],
    ['until=2025-03-25T00:00:00.000Z', [moskau.id, seed.id]],
    ['since=2025-03-24T00:00:00Z&until=2025-03-26T00:00:00Z', [kyiv.id, moskau.id]],
    ['author=anna-schmidt', [moskau.id]],
    [`topic=${politics.id}`, [moskau.id]],
    ['place=RU&language=ar', [seed.id]],
    ['place=RU&language=de', [moskau.id]],
    ['source=dpa&language=en', [kyiv.id]],
    [`author=${anna.id}&topic=politics&language=de&place=Moskau&source=dpa&since=2025-03-24T00:00:00Z&until=2025-03-25T00:00:00Z`, [moskau.id]],
    [`author=${anna.id}&since=2025-03-25T00:00:00Z`, []]
  ]
  for (const [query, expected] of cases) t.same(await list(query), expected, query)
})

t.test('editors see drafts, scheduled and archived articles, and filter by status; the public may not', async (t) => {
  const { app, editor, moskau, kyiv, munich, zurich, draft, scheduled, archived, seed } = await newsroom(t)
  const [later, earlier] = [munich, zurich].sort((a, b) => b.id.localeCompare(a.id))
  const list = async (query: string) => ids(await app.inject({ method: 'GET', url: `/v1/articles?${query}`, headers: bearer(editor) }))
  t.same(await list(''), [scheduled.id, later!.id, earlier!.id, kyiv.id, moskau.id, seed.id, archived.id, draft.id], 'drafts last')
  t.same(await list('status=draft'), [draft.id])
  t.same(await list('status=scheduled'), [scheduled.id])
  t.same(await list('status=archived'), [archived.id])
  t.same(await list('status=published'), [later!.id, earlier!.id, kyiv.id, moskau.id, seed.id])
  t.same(await list('status=published&language=ar'), [munich.id, seed.id])
  t.same(await list('place=Moskau'), [moskau.id, seed.id, draft.id])
  t.same(await list('source=dpa'), [kyiv.id, moskau.id, draft.id])
  t.same(await list('language=ar'), [munich.id, seed.id, archived.id])
  t.same(await list('until=2025-03-24T00:00:00Z'), [seed.id, archived.id], 'a draft has no publication to be before anything')

  // The public sees none of them, however it asks.
  const publicly = async (query: string) => ids(await app.inject({ method: 'GET', url: `/v1/articles?${query}` }))
  for (const query of ['', 'place=Moskau', 'source=dpa', 'language=ar', 'language=en', 'sort=-updatedAt', 'sort=publishedAt', 'since=2025-01-01T00:00:00Z']) {
    const shown = await publicly(query)
    t.notOk(shown.some((id) => [draft.id, scheduled.id, archived.id].includes(id)), `public ${query}`)
  }
  const refused = await app.inject({ method: 'GET', url: '/v1/articles?status=draft' })
  t.equal(refused.statusCode, 400)
  t.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.match(refused.json(), {
    type: '/problems/invalid-request',
    status: 400,
    detail: 'only editors may filter by status: without an editor\'s or admin\'s token, a list shows published articles only',
    errors: [{ in: 'query', name: 'status', detail: 'only editors may filter by status: without an editor\'s or admin\'s token, a list shows published articles only' }]
  })
  t.equal((await app.inject({ method: 'GET', url: '/v1/articles?status=published' })).statusCode, 400, 'even for published')
})

t.test('every sort, a page at a time, shows every article once, in order, for the public and for editors', async (t) => {
  const { app, editor, moskau, kyiv, munich, zurich, draft, scheduled, archived, seed } = await newsroom(t)
  // More at one instant, both published and updated, so that pages end inside ties.
  const tied = []
  for (let index = 0; index < 5; index++) tied.push(await addArticle(app, { publishedAt: '2025-03-25T00:00:00.000Z', updatedAt: '2025-04-02T00:00:00.000Z', language: 'ar' }))
  const all = [moskau, kyiv, munich, zurich, draft, scheduled, archived, seed, ...tied]
  const visible = (editors: boolean) => all.filter((a) => editors || (a.id !== draft.id && a.id !== scheduled.id && a.id !== archived.id))
  const compare = (key: (a: typeof all[number]) => string, descending: boolean) => (a: typeof all[number], b: typeof all[number]) => {
    const order = key(a).localeCompare(key(b)) || a.id.localeCompare(b.id)
    return descending ? -order : order
  }
  const published = (a: typeof all[number]) => a.publishedAt ?? ''
  const updated = (a: typeof all[number]) => a.updatedAt
  const sorts: Array<[string, (a: typeof all[number], b: typeof all[number]) => number]> = [
    ['-publishedAt', compare(published, true)],
    ['publishedAt', compare(published, false)],
    ['-updatedAt', compare(updated, true)]
  ]
  for (const editors of [false, true]) {
    for (const [sort, order] of sorts) {
      for (const filter of ['', '&language=ar']) {
        const expected = visible(editors).filter((a) => filter === '' || a.language === 'ar').sort(order).map((a) => a.id)
        const seen: string[] = []
        let cursor: string | null = null
        do {
          const response: Listed = await app.inject({
            method: 'GET',
            url: `/v1/articles?limit=2&sort=${sort}${filter}${cursor ? `&cursor=${cursor}` : ''}`,
            headers: editors ? bearer(editor) : {}
          })
          t.equal(response.statusCode, 200)
          seen.push(...ids(response))
          cursor = response.json().nextCursor
        } while (cursor !== null && seen.length < 100)
        t.same(seen, expected, `${editors ? 'editors' : 'public'}, sort=${sort}${filter}`)
      }
    }
  }
  t.equal((await app.inject({ method: 'GET', url: '/v1/articles?sort=-publishedAt' })).body, (await app.inject({ method: 'GET', url: '/v1/articles' })).body, '-publishedAt is the default')
})

t.test('a cursor holds to the filters and sort it was issued for; fields and limit may change', async (t) => {
  const { app, editor } = await newsroom(t)
  const first = await app.inject({ method: 'GET', url: '/v1/articles?limit=1&language=ar&sort=publishedAt' })
  const cursor = first.json().nextCursor
  t.type(cursor, 'string')
  const refusals = [
    'language=de&sort=publishedAt',
    'language=ar',
    'language=ar&sort=-updatedAt',
    'sort=publishedAt',
    'language=ar&sort=publishedAt&place=RU'
  ]
  for (const query of refusals) {
    const response = await app.inject({ method: 'GET', url: `/v1/articles?${query}&cursor=${cursor}` })
    t.equal(response.statusCode, 400, query)
    t.same({ ...response.json(), instance: undefined }, {
      type: '/problems/invalid-cursor',
      title: 'Invalid cursor',
      status: 400,
      detail: 'Query parameter "cursor" is invalid: it belongs to another list. Start again without "cursor" and follow "nextCursor".',
      instance: undefined
    }, query)
  }
  const editors = await app.inject({ method: 'GET', url: `/v1/articles?language=ar&sort=publishedAt&cursor=${cursor}`, headers: bearer(editor) })
  t.equal(editors.statusCode, 400, 'nor for another audience')
  for (const query of ['language=ar&sort=publishedAt', 'language=AR&sort=publishedAt&fields=title&limit=5']) {
    const response = await app.inject({ method: 'GET', url: `/v1/articles?${query}&cursor=${cursor}` })
    t.equal(response.statusCode, 200, query)
  }
})

t.test('unknown filters and values are refused, naming them', async (t) => {
  const { app, editor } = await newsroom(t)
  const cases: Array<[string, string, string]> = [
    ['tag=politics', 'tag', 'is not a known parameter'],
    ['sort=relevance', 'sort', 'relevance is the order of a search: give `q` too, or sort by time'],
    ['sort=title', 'sort', 'must be equal to one of the allowed values'],
    ['since=yesterday', 'since', 'must match format "date-time"'],
    ['until=2025-03-01', 'until', 'must match format "date-time"'],
    ['language=arabic', 'language', 'must match pattern'],
    ['place=', 'place', 'must NOT have fewer than 1 characters'],
    ['source=', 'source', 'must NOT have fewer than 1 characters'],
    ['fields=id,body', 'fields', 'names no summary field: "body" is not one of id, slug, url, title, language, direction, publishedAt, updatedAt, placeName, placeDisplay, commentCount'],
    ['fields=id,,title', 'fields', 'must match pattern'],
    ['fields=', 'fields', 'must match pattern']
  ]
  for (const [query, name, detail] of cases) {
    const response = await app.inject({ method: 'GET', url: `/v1/articles?${query}` })
    t.equal(response.statusCode, 400, query)
    t.equal(response.json().type, '/problems/invalid-request', query)
    t.equal(response.json().errors.length, 1, query)
    t.equal(response.json().errors[0].in, 'query', query)
    t.equal(response.json().errors[0].name, name, query)
    t.ok(response.json().errors[0].detail.startsWith(detail), `${query}: ${response.json().errors[0].detail}`)
  }
  const status = await app.inject({ method: 'GET', url: '/v1/articles?status=deleted', headers: bearer(editor) })
  t.equal(status.statusCode, 400)
  t.same(status.json().errors, [{ in: 'query', name: 'status', detail: 'must be equal to one of the allowed values' }])
})

t.test('fields: only those summary fields and id are sent, each field set with an ETag of its own', async (t) => {
  const { app, moskau, seed } = await newsroom(t)
  const get = (query: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url: `/v1/articles?place=RU${query}`, headers })
  const full = await get('')
  t.same(full.json(), {
    data: [
      { id: moskau.id, slug: moskau.slug, title: 'Gespräche in Moskau', language: 'de', direction: 'ltr', publishedAt: '2025-03-24T00:00:00.000Z', updatedAt: '2025-04-02T00:00:00.000Z', placeName: 'Moskau, Russland', placeDisplay: 'Russland', commentCount: 0 },
      { id: seed.id, slug: 'بوتين-وترامب-اجتماع-لوقف-إطلاق-النار-الأمل-في-أوكرانيا', title: 'بوتين وترامب: اجتماع لوقف إطلاق النار - الأمل في أوكرانيا!', language: 'ar', direction: 'rtl', publishedAt: '2025-03-23T00:00:00.000Z', updatedAt: '2025-03-23T00:00:00.000Z', placeName: 'Moskau, Russland', placeDisplay: 'روسيا', commentCount: 0 }
    ],
    nextCursor: null
  })
  const titles = await get('&fields=title,placeName')
  t.equal(titles.statusCode, 200)
  t.equal(titles.body, JSON.stringify({ data: [{ id: moskau.id, title: 'Gespräche in Moskau', placeName: 'Moskau, Russland' }, { id: seed.id, title: 'بوتين وترامب: اجتماع لوقف إطلاق النار - الأمل في أوكرانيا!', placeName: 'Moskau, Russland' }], nextCursor: null }))
  const onlyIds = await get('&fields=id')
  t.equal(onlyIds.body, JSON.stringify({ data: [{ id: moskau.id }, { id: seed.id }], nextCursor: null }))
  const counts = await get('&fields=commentCount,publishedAt&limit=1')
  t.same(counts.json().data, [{ id: moskau.id, publishedAt: '2025-03-24T00:00:00.000Z', commentCount: 0 }])
  // No ARTICLE_URL_TEMPLATE here: no article has a `url` to send.
  t.equal((await get('&fields=url')).body, onlyIds.body)
  // The unfiltered list, prepared apart, trims the same way.
  const newest = (await app.inject({ method: 'GET', url: '/v1/articles?limit=1' })).json().data[0]
  t.same((await app.inject({ method: 'GET', url: '/v1/articles?fields=language&limit=1' })).json().data, [{ id: newest.id, language: newest.language }])

  const tags = [full, titles, onlyIds].map((response) => response.headers.etag)
  t.equal(new Set(tags).size, 3, 'an ETag per field set')
  for (const tag of tags) t.match(tag, /^"[^"]+"$/, 'strong')
  t.equal((await get('&fields=placeName,title')).headers.etag, titles.headers.etag, 'the same fields in another order are the same representation')
  t.equal((await get('&fields=title,placeName', { 'if-none-match': String(titles.headers.etag) })).statusCode, 304)
  t.equal((await get('&fields=title', { 'if-none-match': String(titles.headers.etag) })).statusCode, 200, 'another field set is not the copy held')
})

t.test('fields keeps the url when the server makes one', async (t) => {
  const app = await build(t, { articleUrlTemplate: 'https://news.example.org/{language}/{yyyy}/{slug}' })
  const response = await app.inject({ method: 'GET', url: '/v1/articles?fields=url&language=ar' })
  t.equal(response.body, JSON.stringify({ data: [{ id: seedId, url: 'https://news.example.org/ar/2025/%D8%A8%D9%88%D8%AA%D9%8A%D9%86-%D9%88%D8%AA%D8%B1%D8%A7%D9%85%D8%A8-%D8%A7%D8%AC%D8%AA%D9%85%D8%A7%D8%B9-%D9%84%D9%88%D9%82%D9%81-%D8%A5%D8%B7%D9%84%D8%A7%D9%82-%D8%A7%D9%84%D9%86%D8%A7%D8%B1-%D8%A7%D9%84%D8%A3%D9%85%D9%84-%D9%81%D9%8A-%D8%A3%D9%88%D9%83%D8%B1%D8%A7%D9%86%D9%8A%D8%A7' }], nextCursor: null }))
})

t.test('places and sources written through the API are found by what they say now', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const { article, etag } = await createDraft(app, editor, { language: 'de' })
  const headers = (ifMatch: string) => ({ ...bearer(editor), 'if-match': ifMatch })
  const found = async (query: string) => ids(await app.inject({ method: 'GET', url: `/v1/articles?${query}`, headers: bearer(editor) }))
  const replaced = await app.inject({
    method: 'PUT',
    url: `/v1/articles/${article.id}/metadata`,
    headers: headers(etag),
    payload: { place: { name: 'Österreich', locality: 'Österreich', countryCode: 'AT' }, sources: [{ name: 'APA' }] }
  })
  t.equal(replaced.statusCode, 200)
  t.same(await found('place=%C3%B6sterreich'), [article.id], 'ö finds Ö')
  t.same(await found('place=AT'), [article.id])
  t.same(await found('source=apa'), [article.id])
  const source = replaced.json().sources[0].id
  const added = await app.inject({ method: 'POST', url: `/v1/articles/${article.id}/metadata/sources`, headers: headers(String(replaced.headers.etag)), payload: { name: 'Wiener Zeitung', publisher: 'ÖBB' } })
  t.equal(added.statusCode, 201)
  t.same(await found('source=%C3%B6bb'), [article.id])
  const changed = await app.inject({
    method: 'PATCH',
    url: `/v1/articles/${article.id}/metadata/sources/${source}`,
    headers: { ...headers(String(added.headers.etag)), 'content-type': 'application/merge-patch+json' },
    payload: JSON.stringify({ name: 'Der Standard', publisher: 'STANDARD Verlag' })
  })
  t.equal(changed.statusCode, 200)
  t.same(await found('source=apa'), [], 'the old name is gone')
  t.same(await found('source=der%20standard'), [article.id])
  t.same(await found('source=standard%20verlag'), [article.id])
})
