// Writing articles: create, change with If-Match, delete, publish, schedule, unpublish, archive.
import t from 'tap'
import { bearer, build, createDraft, seedId, tokenFor } from './helper.js'

const arabicTitle = 'بوتين وترامب: اجتماع لوقف إطلاق النار - الأمل في أوكرانيا!'

t.test('an editor creates a draft whole, hidden from the public', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const response = await app.inject({
    method: 'POST',
    url: '/v1/articles',
    headers: bearer(editor),
    payload: {
      title: arabicTitle,
      language: 'ar',
      originalLanguage: 'de',
      sections: [
        { blocks: [{ type: 'paragraph', text: 'فقرة أولى.\nسطر ثانٍ مع Witkoff.' }] },
        { heading: 'ردود الفعل', blocks: [{ type: 'paragraph', text: 'فقرة.' }] }
      ],
      metadata: { place: { name: 'Kyiv, Ukraine', countryCode: 'UA' }, sources: [{ name: 'Reuters', url: 'https://www.reuters.com/' }] }
    }
  })
  t.equal(response.statusCode, 201)
  const article = response.json()
  t.equal(response.headers.location, `/v1/articles/${article.id}`)
  t.equal(response.headers.etag, '"v1-c0"')
  t.match(article, {
    slug: 'بوتين-وترامب-اجتماع-لوقف-إطلاق-النار-الأمل-في-أوكرانيا-2',
    title: arabicTitle,
    language: 'ar',
    originalLanguage: 'de',
    direction: 'rtl',
    status: 'draft',
    publishedAt: null,
    version: 1,
    commentCount: 0
  })
  t.same(article.sections.map((section: { position: number, heading: string | null }) => [section.position, section.heading]), [[1, null], [2, 'ردود الفعل']])
  t.equal(article.sections[0].blocks[0].text, 'فقرة أولى.\nسطر ثانٍ مع Witkoff.')
  t.same(article.metadata.place, { name: 'Kyiv, Ukraine', names: {}, locality: null, country: null, countryCode: 'UA', latitude: null, longitude: null, display: 'أوكرانيا' })
  t.match(article.metadata.sources, [{ id: /./, name: 'Reuters', url: 'https://www.reuters.com/', publisher: null }])

  t.equal((await app.inject({ method: 'GET', url: `/v1/articles/${article.id}` })).statusCode, 404, 'hidden from the public')
  const asEditor = await app.inject({ method: 'GET', url: `/v1/articles/${article.id}`, headers: bearer(editor) })
  t.same(asEditor.json(), article, 'visible to editors, as created')
  const list = await app.inject({ method: 'GET', url: '/v1/articles', headers: bearer(editor) })
  t.same(list.json().data.map((item: { id: string }) => item.id), [seedId, article.id], 'editors list drafts too, after the published')
})

t.test('slugs: made from the title, or given; a taken one is a conflict', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  t.equal((await createDraft(app, editor, { title: 'Putin & Trump: Talks!' })).article.slug, 'putin-trump-talks')
  t.equal((await createDraft(app, editor, { title: 'Putin & Trump: talks' })).article.slug, 'putin-trump-talks-2')
  t.equal((await createDraft(app, editor, { slug: 'my-slug' })).article.slug, 'my-slug')
  const taken = await app.inject({ method: 'POST', url: '/v1/articles', headers: bearer(editor), payload: { title: 'x', language: 'en', slug: 'my-slug' } })
  t.equal(taken.statusCode, 409)
  t.match(taken.json(), { type: '/problems/conflict', status: 409, detail: /slug "my-slug"/ })
  const someonesId = await app.inject({ method: 'POST', url: '/v1/articles', headers: bearer(editor), payload: { title: 'x', language: 'en', slug: seedId } })
  t.equal(someonesId.statusCode, 409, 'a slug may not be another article\'s id, or a ref would name two')
})

t.test('changes need the current ETag: 428 without, 412 when stale, then a new ETag', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const { article, etag } = await createDraft(app, editor)
  const url = `/v1/articles/${article.id}`

  const missing = await app.inject({ method: 'PATCH', url, headers: bearer(editor), payload: { title: 'New' } })
  t.equal(missing.statusCode, 428)
  t.match(missing.json(), { type: '/problems/precondition-required', status: 428 })
  const star = await app.inject({ method: 'PATCH', url, headers: { ...bearer(editor), 'if-match': '*' }, payload: { title: 'New' } })
  t.equal(star.statusCode, 428)

  const changed = await app.inject({
    method: 'PATCH',
    url,
    headers: { ...bearer(editor), 'if-match': etag, 'content-type': 'application/merge-patch+json' },
    payload: JSON.stringify({ title: 'New title', originalLanguage: 'de' })
  })
  t.equal(changed.statusCode, 200)
  t.equal(changed.headers.etag, '"v2-c0"')
  t.match(changed.json(), { title: 'New title', originalLanguage: 'de', version: 2, slug: article.slug })

  const stale = await app.inject({ method: 'PATCH', url, headers: { ...bearer(editor), 'if-match': etag }, payload: { title: 'Lost' } })
  t.equal(stale.statusCode, 412)
  t.equal(stale.headers.etag, '"v2-c0"')
  t.match(stale.json(), { type: '/problems/precondition-failed', detail: 'If-Match "v1-c0" is not the current ETag "v2-c0": the article changed since you read it. Read it again and reapply your change.' })

  const cleared = await app.inject({ method: 'PATCH', url, headers: { ...bearer(editor), 'if-match': '"v2"' }, payload: { originalLanguage: null } })
  t.equal(cleared.json().originalLanguage, null, 'null clears, and "v2" names the version as well')
})

t.test('the direction follows the language unless set apart', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const { article, etag } = await createDraft(app, editor)
  const url = `/v1/articles/${article.id}`
  const patch = async (ifMatch: string, payload: object) => app.inject({ method: 'PATCH', url, headers: { ...bearer(editor), 'if-match': ifMatch }, payload })
  const toArabic = await patch(etag, { language: 'ar' })
  t.equal(toArabic.json().direction, 'rtl')
  const setLtr = await patch(String(toArabic.headers.etag), { direction: 'ltr' })
  t.equal(setLtr.json().direction, 'ltr')
  const toFarsi = await patch(String(setLtr.headers.etag), { language: 'fa' })
  t.equal(toFarsi.json().direction, 'ltr', 'a direction set apart stays')
  const follow = await patch(String(toFarsi.headers.etag), { direction: null })
  t.equal(follow.json().direction, 'rtl', 'null follows the language again')
})

t.test('publish now, schedule, unpublish, archive', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const { article, etag } = await createDraft(app, editor)
  const url = `/v1/articles/${article.id}`
  const publicRead = () => app.inject({ method: 'GET', url })

  const published = await app.inject({ method: 'POST', url: `${url}/publish`, headers: { ...bearer(editor), 'if-match': etag } })
  t.equal(published.statusCode, 200)
  t.match(published.json(), { status: 'published', version: 2, publishedAt: /Z$/ })
  const firstPublishedAt = published.json().publishedAt
  t.equal(published.json().firstPublishedAt, firstPublishedAt, 'the first publication')
  t.equal(published.headers.etag, '"v2-c0"')
  t.equal((await publicRead()).statusCode, 200, 'public now')

  const unpublished = await app.inject({ method: 'POST', url: `${url}/unpublish`, headers: { ...bearer(editor), 'if-match': String(published.headers.etag) } })
  t.match(unpublished.json(), { status: 'draft', publishedAt: null, firstPublishedAt, version: 3 })
  t.equal((await publicRead()).statusCode, 404, 'hidden again')

  const publishAt = new Date(Date.now() + 3000).toISOString()
  const scheduled = await app.inject({ method: 'POST', url: `${url}/publish`, headers: { ...bearer(editor), 'if-match': String(unpublished.headers.etag) }, payload: { publishAt } })
  t.match(scheduled.json(), { status: 'scheduled', publishedAt: publishAt, firstPublishedAt, version: 4 })
  t.equal(scheduled.headers.etag, '"v4-c0-scheduled"')
  t.equal((await publicRead()).statusCode, 404, 'scheduled is hidden until its time')
  t.notOk((await app.inject({ method: 'GET', url: '/v1/articles' })).json().data.some((item: { id: string }) => item.id === article.id))

  await new Promise((resolve) => setTimeout(resolve, Date.parse(publishAt) - Date.now() + 50))
  const due = await publicRead()
  t.equal(due.statusCode, 200, 'public by itself when its time comes')
  t.match(due.json(), { status: 'published', publishedAt: publishAt, version: 4 })
  t.equal(due.headers.etag, '"v4-c0"')
  t.ok((await app.inject({ method: 'GET', url: '/v1/articles' })).json().data.some((item: { id: string }) => item.id === article.id))

  const archived = await app.inject({ method: 'POST', url: `${url}/archive`, headers: { ...bearer(editor), 'if-match': String(due.headers.etag) } })
  t.match(archived.json(), { status: 'archived', version: 5, publishedAt: publishAt, firstPublishedAt })
  t.equal((await publicRead()).statusCode, 404, 'archived is hidden')
  t.equal((await app.inject({ method: 'GET', url, headers: bearer(editor) })).json().status, 'archived', 'but editors see it')
})

t.test('deleting needs If-Match and removes the article', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const { article, etag } = await createDraft(app, editor)
  const url = `/v1/articles/${article.id}`
  t.equal((await app.inject({ method: 'DELETE', url, headers: bearer(editor) })).statusCode, 428)
  t.equal((await app.inject({ method: 'DELETE', url, headers: { ...bearer(editor), 'if-match': '"v9"' } })).statusCode, 412)
  const deleted = await app.inject({ method: 'DELETE', url, headers: { ...bearer(editor), 'if-match': etag } })
  t.equal(deleted.statusCode, 204)
  t.equal((await app.inject({ method: 'GET', url, headers: bearer(editor) })).statusCode, 404)
  t.equal((await app.inject({ method: 'DELETE', url, headers: { ...bearer(editor), 'if-match': etag } })).statusCode, 404)
})

t.test('input is validated, naming the field; text is stored in NFC, every character kept', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const post = (payload: object) => app.inject({ method: 'POST', url: '/v1/articles', headers: bearer(editor), payload })
  const cases: Array<[object, string, string]> = [
    [{ title: '', language: 'en' }, '/title', 'Field "/title" must NOT have fewer than 1 characters.'],
    [{ title: 'x'.repeat(301), language: 'en' }, '/title', 'Field "/title" must NOT have more than 300 characters.'],
    [{ title: 'x', language: 'arabic!' }, '/language', 'Field "/language" must match pattern'],
    [{ title: 'x', language: 'en', status: 'published' }, '/status', 'Field "/status" is not a known field.'],
    [{ title: 'x', language: 'en', slug: 'Has Spaces' }, '/slug', 'Field "/slug" must match pattern'],
    [{ title: 'a\u0007b', language: 'en' }, '/title', 'Field "/title" contains the character U+0007, which text may not hold.'],
    [{ title: 'x', language: 'en', sections: [{ blocks: [{ type: 'paragraph', text: 'x'.repeat(20001) }] }] }, '/sections/0/blocks/0/text', 'must NOT have more than 20000 characters'],
    [{ title: 'x', language: 'en', sections: [{ blocks: [{ type: 'table', text: 'x' }] }] }, '/sections/0/blocks/0/type', 'Field "/sections/0/blocks/0/type" is not a known kind: "table".'],
    [{ title: 'x', language: 'en', metadata: { place: null, sources: [{ name: 'x', url: 'ftp://example.com/' }] } }, '/metadata/sources/0/url', 'must match pattern'],
    [{ title: 'x', language: 'en', metadata: { place: null, sources: [{ name: 'x', url: '/relative' }] } }, '/metadata/sources/0/url', 'must match']
  ]
  for (const [payload, name, detail] of cases) {
    const response = await post(payload)
    t.equal(response.statusCode, 400, name)
    t.match(response.json(), { type: '/problems/invalid-request', detail, errors: [{ in: 'body', name }] }, name)
  }
  const tab = await post({ title: 'x', language: 'en', sections: [{ blocks: [{ type: 'paragraph', text: 'a\tb' }] }] })
  t.match(tab.json(), { errors: [{ name: '/sections/0/blocks/0/text', detail: /U\+0009/ }] })

  const decomposed = 'Cafe\u0301 ومع ذلك \u200f'
  const created = await post({ title: decomposed, language: 'fr' })
  t.equal(created.statusCode, 201)
  t.equal(created.json().title, 'Caf\u00e9 ومع ذلك \u200f', 'stored composed, direction mark kept')
  t.equal(created.json().slug, 'café-ومع-ذلك')
})

t.test('a body over 1 MiB is refused with 413, and nothing is written', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const text = 'ن'.repeat(300_000)
  const response = await app.inject({
    method: 'POST',
    url: '/v1/articles',
    headers: bearer(editor),
    payload: { title: 'Big', language: 'ar', sections: [{ blocks: [1, 2, 3, 4].map(() => ({ type: 'paragraph', text })) }] }
  })
  t.equal(response.statusCode, 413)
  t.match(response.json(), { type: '/problems/payload-too-large', status: 413 })
  t.equal((await app.inject({ method: 'GET', url: '/v1/articles', headers: bearer(editor) })).json().data.length, 1)
})

t.test('bodies are JSON as sent: no type coercion, no deep nesting', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const post = (payload: string) => app.inject({ method: 'POST', url: '/v1/articles', headers: { ...bearer(editor), 'content-type': 'application/json' }, payload })
  const number = await post('{"title":42,"language":"en"}')
  t.equal(number.statusCode, 400)
  t.match(number.json(), { detail: 'Field "/title" must be string.' })
  const latitude = await post('{"title":"t","language":"en","metadata":{"place":{"name":"x","latitude":"55.7"},"sources":[]}}')
  t.equal(latitude.statusCode, 400, 'a number in a string is not a number')
  const deep = await post(`{"title":"t","language":"en","sections":${'['.repeat(5000)}${']'.repeat(5000)}}`)
  t.equal(deep.statusCode, 400)
  t.match(deep.json(), { type: '/problems/invalid-request', detail: /nests deeper than 32 levels/ })
  t.equal((await app.inject({ method: 'GET', url: '/v1/articles?limit=2' })).statusCode, 200, 'query parameters are still read from text')
})

t.test('firstPublishedAt: a first publication scheduled and called off leaves none; one brought forward is now', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const { article, etag } = await createDraft(app, editor)
  const url = `/v1/articles/${article.id}`
  t.equal(article.firstPublishedAt, null, 'a draft was never published')
  const publishAt = '2099-01-01T00:00:00.000Z'
  const scheduled = await app.inject({ method: 'POST', url: `${url}/publish`, headers: { ...bearer(editor), 'if-match': etag }, payload: { publishAt } })
  t.match(scheduled.json(), { status: 'scheduled', publishedAt: publishAt, firstPublishedAt: publishAt }, 'the first publication, to come')
  const calledOff = await app.inject({ method: 'POST', url: `${url}/unpublish`, headers: { ...bearer(editor), 'if-match': String(scheduled.headers.etag) } })
  t.match(calledOff.json(), { status: 'draft', publishedAt: null, firstPublishedAt: null }, 'never public, never published')
  const rescheduled = await app.inject({ method: 'POST', url: `${url}/publish`, headers: { ...bearer(editor), 'if-match': String(calledOff.headers.etag) }, payload: { publishAt } })
  const now = await app.inject({ method: 'POST', url: `${url}/publish`, headers: { ...bearer(editor), 'if-match': String(rescheduled.headers.etag) } })
  t.equal(now.json().status, 'published')
  t.equal(now.json().firstPublishedAt, now.json().publishedAt, 'brought forward: first published now')
})
