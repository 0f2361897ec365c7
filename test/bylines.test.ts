// Articles with bylines, topics and credits: written by id, read whole, listed by author and topic, moved on when an author or topic changes, and restored.
import t from 'tap'
import type { App } from '../src/app.js'
import { addArticle, bearer, build, createDraft, tokenFor } from './helper.js'

async function addAuthor (app: App, editor: string, payload: object) {
  const response = await app.inject({ method: 'POST', url: '/v1/authors', headers: bearer(editor), payload })
  if (response.statusCode !== 201) throw new Error(`adding an author failed: ${response.body}`)
  return response.json()
}

async function addTopic (app: App, editor: string, payload: object) {
  const response = await app.inject({ method: 'POST', url: '/v1/topics', headers: bearer(editor), payload })
  if (response.statusCode !== 201) throw new Error(`adding a topic failed: ${response.body}`)
  return response.json()
}

const bylineOf = (author: { id: string, name: string, slug: string, url: string | null, image: unknown }) => ({ id: author.id, name: author.name, slug: author.slug, url: author.url, image: author.image })
const topicOf = (topic: { id: string, slug: string, names: object, mediaTopic: string | null }) => ({ id: topic.id, slug: topic.slug, names: topic.names, mediaTopic: topic.mediaTopic })

t.test('an article is written with author and topic ids and read with bylines, topics and credit, in order', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const anna = await addAuthor(app, editor, { name: 'Anna Schmidt', url: 'https://news.example.org/anna', email: 'anna@example.org' })
  const omar = await addAuthor(app, editor, { name: 'عمر خالد' })
  const politics = await addTopic(app, editor, { names: { ar: 'السياسة', en: 'Politics' }, mediaTopic: 'medtop:11000000' })
  const ukraine = await addTopic(app, editor, { names: { en: 'Ukraine' } })

  const { article, etag } = await createDraft(app, editor, { authors: [omar.id, anna.id], topics: [ukraine.id, politics.id], credit: 'dpa' })
  t.same(article.authors, [bylineOf(omar), bylineOf(anna)], 'bylines in the order written, without emails')
  t.same(article.topics, [topicOf(ukraine), topicOf(politics)])
  t.equal(article.credit, 'dpa')
  const read = await app.inject({ method: 'GET', url: `/v1/articles/${article.id}`, headers: bearer(editor) })
  t.same(read.json(), article)

  const patched = await app.inject({ method: 'PATCH', url: `/v1/articles/${article.id}`, headers: { ...bearer(editor), 'if-match': etag }, payload: { authors: [anna.id], topics: [], credit: null } })
  t.equal(patched.statusCode, 200)
  t.same(patched.json().authors, [bylineOf(anna)])
  t.same(patched.json().topics, [])
  t.equal(patched.json().credit, null)
  t.equal(patched.json().version, 2)

  const seed = await app.inject({ method: 'GET', url: '/v1/articles?limit=1' })
  const seedArticle = await app.inject({ method: 'GET', url: `/v1/articles/${seed.json().data[0].id}` })
  t.match(seedArticle.json(), { authors: [], topics: [], credit: null }, 'the seed article has none')
})

t.test('unknown and repeated ids are 400s naming the entry', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const anna = await addAuthor(app, editor, { name: 'Anna Schmidt' })
  const create = (payload: object) => app.inject({ method: 'POST', url: '/v1/articles', headers: bearer(editor), payload: { title: 'Talks', language: 'en', ...payload } })

  const repeated = await create({ authors: [anna.id, anna.id] })
  t.equal(repeated.statusCode, 400)
  t.same(repeated.json().errors, [{ in: 'body', name: '/authors/1', detail: `lists the author "${anna.id}" a second time` }])
  const unknown = await create({ authors: [anna.id, 'nobody'] })
  t.equal(unknown.statusCode, 400)
  t.same(unknown.json().errors, [{ in: 'body', name: '/authors/1', detail: 'names no author: there is no author "nobody"' }])
  const unknownTopic = await create({ topics: ['nothing'] })
  t.equal(unknownTopic.statusCode, 400)
  t.same(unknownTopic.json().errors, [{ in: 'body', name: '/topics/0', detail: 'names no topic: there is no topic "nothing"' }])
  const list = await app.inject({ method: 'GET', url: '/v1/articles', headers: bearer(editor) })
  t.equal(list.json().data.length, 1, 'nothing was stored but the seed')
})

t.test('articles are listed by author and by topic, a page at a time; the public sees published ones only', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const anna = await addAuthor(app, editor, { name: 'Anna Schmidt' })
  const omar = await addAuthor(app, editor, { name: 'Omar' })
  const politics = await addTopic(app, editor, { names: { en: 'Politics' } })
  const first = await addArticle(app, { authors: [anna.id], topics: [politics.id] })
  const second = await addArticle(app, { authors: [omar.id, anna.id] })
  const third = await addArticle(app, { authors: [anna.id], topics: [politics.id] })
  await addArticle(app, { authors: [omar.id] })
  const draft = await addArticle(app, { authors: [anna.id], status: 'draft', publishedAt: null })

  const ids = (response: { json: () => { data: Array<{ id: string }> } }) => response.json().data.map((article) => article.id)
  const page1 = await app.inject({ method: 'GET', url: '/v1/articles?author=anna-schmidt&limit=2' })
  t.equal(page1.statusCode, 200)
  t.same(ids(page1), [third.id, second.id])
  const cursor = page1.json().nextCursor
  const page2 = await app.inject({ method: 'GET', url: `/v1/articles?author=${anna.id}&limit=2&cursor=${cursor}` })
  t.same(ids(page2), [first.id], 'the cursor holds, by id or by slug')
  t.equal(page2.json().nextCursor, null)

  const editors = await app.inject({ method: 'GET', url: '/v1/articles?author=anna-schmidt', headers: bearer(editor) })
  t.same(ids(editors), [third.id, second.id, first.id, draft.id], 'editors see the draft too')

  t.same(ids(await app.inject({ method: 'GET', url: '/v1/articles?topic=politics' })), [third.id, first.id])
  t.same(ids(await app.inject({ method: 'GET', url: `/v1/articles?topic=politics&author=${omar.id}` })), [])
  t.same(ids(await app.inject({ method: 'GET', url: '/v1/articles?topic=politics&author=anna-schmidt' })), [third.id, first.id])

  const otherFilter = await app.inject({ method: 'GET', url: `/v1/articles?author=omar&limit=2&cursor=${cursor}` })
  t.equal(otherFilter.statusCode, 400)
  t.equal(otherFilter.json().type, '/problems/invalid-cursor')
  const unfiltered = await app.inject({ method: 'GET', url: `/v1/articles?limit=2&cursor=${cursor}` })
  t.equal(unfiltered.json().type, '/problems/invalid-cursor')

  const unknown = await app.inject({ method: 'GET', url: '/v1/articles?author=nobody' })
  t.equal(unknown.statusCode, 400)
  t.same(unknown.json().errors, [{ in: 'query', name: 'author', detail: 'names no author: there is no author "nobody"' }])
  const unknownTopic = await app.inject({ method: 'GET', url: '/v1/articles?topic=nothing' })
  t.same(unknownTopic.json().errors, [{ in: 'query', name: 'topic', detail: 'names no topic: there is no topic "nothing"' }])
})

t.test('renaming an author moves the articles that show them on: a version, a revision, an article.updated', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const anna = await addAuthor(app, editor, { name: 'Anna Schmidt' })
  const politics = await addTopic(app, editor, { names: { en: 'Politics' } })
  const published = await addArticle(app, { authors: [anna.id], topics: [politics.id] })
  const { article: draft } = await createDraft(app, editor, { authors: [anna.id] })
  const before = (await app.inject({ method: 'GET', url: '/v1/changes' })).json().data.length

  const renamed = await app.inject({ method: 'PATCH', url: `/v1/authors/${anna.id}`, headers: { ...bearer(editor), 'if-match': '"v1"' }, payload: { name: 'Anna Schmidt-Weber' } })
  t.equal(renamed.statusCode, 200)
  t.equal(renamed.headers['surrogate-key'], [`author-${anna.id}`, ...[published.id, draft.id].sort().map((id) => `article-${id}`)].join(' '))

  const article = (await app.inject({ method: 'GET', url: `/v1/articles/${published.id}` })).json()
  t.equal(article.version, 2)
  t.same(article.authors, [{ id: anna.id, name: 'Anna Schmidt-Weber', slug: 'anna-schmidt', url: null, image: null }])
  const revision = await app.inject({ method: 'GET', url: `/v1/articles/${published.id}/revisions/2`, headers: bearer(editor) })
  t.equal(revision.statusCode, 200)
  t.equal(revision.json().article.authors[0].name, 'Anna Schmidt-Weber')
  t.equal((await app.inject({ method: 'GET', url: `/v1/articles/${draft.id}`, headers: bearer(editor) })).json().version, 2)

  const changes = (await app.inject({ method: 'GET', url: '/v1/changes' })).json().data
  t.match(changes.slice(before), [{ type: 'article.updated', articleId: published.id, version: 2 }], 'one change, for the public article alone')
  t.equal(changes.length, before + 1)

  const bio = await app.inject({ method: 'PATCH', url: `/v1/authors/${anna.id}`, headers: { ...bearer(editor), 'if-match': '"v2"' }, payload: { bio: 'Reporter.' } })
  t.equal(bio.headers['surrogate-key'], `author-${anna.id}`, 'a bio is not in bylines: no article moves')
  t.equal((await app.inject({ method: 'GET', url: `/v1/articles/${published.id}` })).json().version, 2)

  const renamedTopic = await app.inject({ method: 'PATCH', url: `/v1/topics/${politics.id}`, headers: { ...bearer(editor), 'if-match': '"v1"' }, payload: { names: { en: 'Politics', de: 'Politik' } } })
  t.equal(renamedTopic.statusCode, 200)
  t.equal(renamedTopic.headers['surrogate-key'], `topic-${politics.id} article-${published.id}`)
  const moved = (await app.inject({ method: 'GET', url: `/v1/articles/${published.id}` })).json()
  t.equal(moved.version, 3)
  t.same(moved.topics[0].names, { en: 'Politics', de: 'Politik' })
})

t.test('restoring a revision brings its authors, topics and credit back; one deleted since is a 409', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const anna = await addAuthor(app, editor, { name: 'Anna Schmidt' })
  const politics = await addTopic(app, editor, { names: { en: 'Politics' } })
  const { article, etag } = await createDraft(app, editor, { authors: [anna.id], topics: [politics.id], credit: 'AFP/Reuters' })
  const url = `/v1/articles/${article.id}`
  const cleared = await app.inject({ method: 'PATCH', url, headers: { ...bearer(editor), 'if-match': etag }, payload: { authors: [], topics: [], credit: null } })
  t.same(cleared.json().authors, [])

  const restored = await app.inject({ method: 'POST', url: `${url}/revisions/1/restore`, headers: { ...bearer(editor), 'if-match': String(cleared.headers.etag) } })
  t.equal(restored.statusCode, 200)
  t.same(restored.json().authors, article.authors)
  t.same(restored.json().topics, article.topics)
  t.equal(restored.json().credit, 'AFP/Reuters')

  const clearedAgain = await app.inject({ method: 'PATCH', url, headers: { ...bearer(editor), 'if-match': String(restored.headers.etag) }, payload: { authors: [] } })
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/authors/${anna.id}`, headers: { ...bearer(editor), 'if-match': '"v1"' } })).statusCode, 204)
  const gone = await app.inject({ method: 'POST', url: `${url}/revisions/1/restore`, headers: { ...bearer(editor), 'if-match': String(clearedAgain.headers.etag) } })
  t.equal(gone.statusCode, 409)
  t.equal(gone.json().detail, `The revision cannot be restored: its author "${anna.id}" has been deleted since.`)
})
