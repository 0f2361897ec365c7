// Topics: adding, reading, changing with If-Match, and deleting one no article shows.
import t from 'tap'
import { mediaTopicUri } from '../src/topics/media-topic.js'
import { bearer, build, createDraft, tokenFor } from './helper.js'

t.test('an editor adds a topic; anyone reads it', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const created = await app.inject({
    method: 'POST',
    url: '/v1/topics',
    headers: bearer(editor),
    payload: { names: { ar: 'السياسة', de: 'Politik', en: 'Politics' }, mediaTopic: 'medtop:11000000' }
  })
  t.equal(created.statusCode, 201)
  const topic = created.json()
  t.equal(created.headers.location, `/v1/topics/${topic.id}`)
  t.equal(created.headers.etag, '"v1"')
  t.same(topic, {
    id: topic.id,
    slug: 'politics',
    names: { ar: 'السياسة', de: 'Politik', en: 'Politics' },
    mediaTopic: 'medtop:11000000',
    version: 1,
    createdAt: topic.createdAt,
    updatedAt: topic.createdAt
  }, 'the slug is made from the English name')
  const read = await app.inject({ method: 'GET', url: '/v1/topics/politics' })
  t.same(read.json(), topic)
  t.equal(read.headers.etag, '"v1"')
  t.same((await app.inject({ method: 'GET', url: '/v1/topics' })).json(), { data: [topic], nextCursor: null })

  const arabic = await app.inject({ method: 'POST', url: '/v1/topics', headers: bearer(editor), payload: { names: { ar: 'الاقتصاد' } } })
  t.equal(arabic.json().slug, 'الاقتصاد', 'with no English name, from the first, Arabic letters kept')
  t.equal(arabic.json().mediaTopic, null)
  t.equal(mediaTopicUri('medtop:11000000'), 'http://cv.iptc.org/newscodes/mediatopic/11000000')
})

t.test('bad input: a malformed Media Topic code, no names, a slug taken', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const add = (payload: object) => app.inject({ method: 'POST', url: '/v1/topics', headers: bearer(editor), payload })
  const badCode = await add({ names: { en: 'Politics' }, mediaTopic: 'medtop:110' })
  t.equal(badCode.statusCode, 400)
  t.same(badCode.json().errors, [{ in: 'body', name: '/mediaTopic', detail: 'must match pattern "^medtop:[0-9]{8}$"' }])
  const noNames = await add({ names: {} })
  t.equal(noNames.statusCode, 400)
  t.equal(noNames.json().errors[0].name, '/names')
  t.equal((await add({ names: { en: 'Politics' } })).statusCode, 201)
  const taken = await add({ names: { en: 'Politik' }, slug: 'politics' })
  t.equal(taken.statusCode, 409)
  t.equal(taken.json().detail, 'Another topic already has the slug "politics". Choose another one, or leave `slug` out to have one made from the name.')
})

t.test('changing and deleting a topic need If-Match; one on an article cannot be deleted', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const topic = (await app.inject({ method: 'POST', url: '/v1/topics', headers: bearer(editor), payload: { names: { en: 'Politics' } } })).json()
  const url = `/v1/topics/${topic.id}`
  t.equal((await app.inject({ method: 'PATCH', url, headers: bearer(editor), payload: { mediaTopic: 'medtop:11000000' } })).statusCode, 428)
  const changed = await app.inject({ method: 'PATCH', url, headers: { ...bearer(editor), 'if-match': '"v1"' }, payload: { mediaTopic: 'medtop:11000000' } })
  t.equal(changed.statusCode, 200)
  t.same(changed.json(), { ...topic, mediaTopic: 'medtop:11000000', version: 2, updatedAt: changed.json().updatedAt })
  t.equal((await app.inject({ method: 'PATCH', url, headers: { ...bearer(editor), 'if-match': '"v1"' }, payload: { mediaTopic: null } })).statusCode, 412)

  const { article } = await createDraft(app, editor, { title: 'Talks', topics: [topic.id] })
  const refused = await app.inject({ method: 'DELETE', url, headers: { ...bearer(editor), 'if-match': '"v2"' } })
  t.equal(refused.statusCode, 409)
  t.same(refused.json().articles, [{ id: article.id, slug: 'talks' }])
  t.equal(refused.json().detail, `The topic "politics" is shown by the article "talks" (${article.id}). Take it off them first.`)

  const other = (await app.inject({ method: 'POST', url: '/v1/topics', headers: bearer(editor), payload: { names: { en: 'Sport' } } })).json()
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/topics/${other.id}`, headers: { ...bearer(editor), 'if-match': '"v1"' } })).statusCode, 204)
  t.equal((await app.inject({ method: 'GET', url: `/v1/topics/${other.id}` })).statusCode, 404)
})
