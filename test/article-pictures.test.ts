// Pictures in articles: a lead image and image blocks, checked on every write, embedded whole
// on read, alt text required to publish, and an article moved on when a picture it shows changes.
import sharp from 'sharp'
import t from 'tap'
import type { App } from '../src/app.js'
import { adminToken, bearer, build } from './helper.js'

const admin = bearer(adminToken)

async function upload (app: App, alt?: Record<string, string>) {
  const bytes = await sharp({ create: { width: 700, height: 400, channels: 3, background: '#2c3e50' } }).jpeg().toBuffer()
  const response = await app.inject({ method: 'POST', url: '/v1/media', headers: { ...admin, 'content-type': 'image/jpeg' }, payload: bytes })
  t.equal(response.statusCode, 201, response.body)
  let picture = response.json()
  if (alt !== undefined) {
    const patched = await app.inject({ method: 'PATCH', url: `/v1/media/${picture.id}`, headers: { ...admin, 'if-match': String(response.headers.etag) }, payload: { alt, caption: 'ستيف ويتكوف في موسكو', credit: 'Foto: Agentur' } })
    t.equal(patched.statusCode, 200, patched.body)
    picture = patched.json()
  }
  return picture
}

async function create (app: App, body: Record<string, unknown>) {
  return await app.inject({ method: 'POST', url: '/v1/articles', headers: admin, payload: { title: 'Bilder', language: 'ar', ...body } })
}

async function publish (app: App, article: { id: string, version: number }) {
  return await app.inject({ method: 'POST', url: `/v1/articles/${article.id}/publish`, headers: { ...admin, 'if-match': `"v${article.version}"` } })
}

t.test('an article shows its lead image and image blocks, each picture once and whole, in reading order', async (t) => {
  const app = await build(t)
  const lead = await upload(app, { ar: 'صورة رئيسية' })
  const inBody = await upload(app, { ar: 'صورة في النص' })
  const response = await create(app, {
    image: { id: lead.id, caption: 'تعليق لهذا المقال' },
    sections: [{ blocks: [{ type: 'paragraph', text: 'نص' }, { type: 'image', id: inBody.id, caption: 'في موسكو' }, { type: 'image', id: lead.id }] }]
  })
  t.equal(response.statusCode, 201, response.body)
  const article = response.json()
  t.same(article.image, { id: lead.id, caption: 'تعليق لهذا المقال' })
  t.same(article.pictures, [lead, inBody])
  const read = await app.inject({ method: 'GET', url: `/v1/articles/${article.id}`, headers: admin })
  t.same(read.json().pictures, [lead, inBody])
  t.same(read.json().image, { id: lead.id, caption: 'تعليق لهذا المقال' })

  const cleared = await app.inject({ method: 'PATCH', url: `/v1/articles/${article.id}`, headers: { ...admin, 'if-match': String(response.headers.etag) }, payload: { image: null } })
  t.equal(cleared.statusCode, 200, cleared.body)
  t.equal(cleared.json().image, null)
  t.same(cleared.json().pictures, [inBody, lead])
})

t.test('a picture that does not exist is refused with 400 naming the field, and nothing is written', async (t) => {
  const app = await build(t)
  const missing = '019ad1c4-5a00-7000-8000-00000000dead'
  const refused = await create(app, { image: { id: missing } })
  t.equal(refused.statusCode, 400)
  t.same(refused.json().errors, [{ in: 'body', name: '/image/id', detail: `names the picture "${missing}", which does not exist: upload it with POST /v1/media first` }])
  const inBlock = await create(app, { sections: [{ blocks: [{ type: 'paragraph', text: 'x' }] }, { blocks: [{ type: 'image', id: missing }] }] })
  t.equal(inBlock.statusCode, 400)
  t.equal(inBlock.json().errors[0].name, '/sections/1/blocks/0/id')
  const list = await app.inject({ method: 'GET', url: '/v1/articles', headers: admin })
  t.equal(list.json().data.length, 1, 'only the seed article')
})

t.test('publishing needs alt text in the article\'s language for every picture it shows', async (t) => {
  const app = await build(t)
  const picture = await upload(app, { de: 'Nur auf Deutsch' })
  const article = (await create(app, { language: 'ar-EG', sections: [{ blocks: [{ type: 'image', id: picture.id }] }] })).json()
  const refused = await publish(app, article)
  t.equal(refused.statusCode, 400)
  t.equal(refused.json().errors[0].name, '/sections/0/blocks/0/id')
  t.match(refused.json().errors[0].detail, `names the picture "${picture.id}", which has no alt text in the article's language "ar-EG"`)
  const still = await app.inject({ method: 'GET', url: `/v1/articles/${article.id}`, headers: admin })
  t.equal(still.json().status, 'draft')
  t.equal(still.json().version, 1)

  const described = await app.inject({ method: 'PATCH', url: `/v1/media/${picture.id}`, headers: { ...admin, 'if-match': `"v${picture.version}"` }, payload: { alt: { ar: 'بالعربية' } } })
  t.equal(described.statusCode, 200)
  const current = (await app.inject({ method: 'GET', url: `/v1/articles/${article.id}`, headers: admin })).json()
  const published = await publish(app, current)
  t.equal(published.statusCode, 200, published.body)
  t.equal(published.json().status, 'published')

  // The alt text a published article needs cannot be taken away.
  const removal = await app.inject({ method: 'PATCH', url: `/v1/media/${picture.id}`, headers: { ...admin, 'if-match': described.headers.etag as string }, payload: { alt: { ar: null } } })
  t.equal(removal.statusCode, 409)
  t.match(removal.json().detail, `shown by the published article "${article.id}", which needs its alt text in "ar-EG"`)
  // Nor can a picture without one be added to it.
  const bare = await upload(app)
  const added = await app.inject({ method: 'PATCH', url: `/v1/articles/${article.id}`, headers: { ...admin, 'if-match': String(published.headers.etag) }, payload: { image: { id: bare.id } } })
  t.equal(added.statusCode, 400)
  t.equal(added.json().errors[0].name, '/image/id')
})

t.test('changing a picture\'s texts moves on the published article that shows it: a version, a revision, article.updated, a purge', async (t) => {
  const app = await build(t)
  const picture = await upload(app, { ar: 'بديل' })
  const article = (await create(app, { image: { id: picture.id } })).json()
  const published = (await publish(app, article)).json()
  const changed = await app.inject({ method: 'PATCH', url: `/v1/media/${picture.id}`, headers: { ...admin, 'if-match': `"v${picture.version}"` }, payload: { caption: 'تعليق جديد' } })
  t.equal(changed.statusCode, 200, changed.body)
  t.equal(changed.headers['surrogate-key'], `article-${article.id}`)
  const read = (await app.inject({ method: 'GET', url: `/v1/articles/${article.id}` })).json()
  t.equal(read.version, published.version + 1)
  t.equal(read.pictures[0].caption, 'تعليق جديد')
  const revisions = (await app.inject({ method: 'GET', url: `/v1/articles/${article.id}/revisions`, headers: admin })).json()
  t.equal(revisions.data.length, read.version)
  const changes = (await app.inject({ method: 'GET', url: '/v1/changes' })).json()
  t.same(changes.data.filter((change: { articleId: string }) => change.articleId === article.id).map((change: { type: string, version: number }) => [change.type, change.version]), [['article.published', published.version], ['article.updated', read.version]])
})

t.test('a picture in use cannot be deleted; restoring a revision brings back its lead image, or 409 when the picture is gone', async (t) => {
  const app = await build(t)
  const first = await upload(app, { ar: 'أولى' })
  const second = await upload(app, { ar: 'ثانية' })
  const created = await create(app, { image: { id: first.id, caption: 'أولى' } })
  const article = created.json()
  const inUse = await app.inject({ method: 'DELETE', url: `/v1/media/${first.id}`, headers: { ...admin, 'if-match': `"v${first.version}"` } })
  t.equal(inUse.statusCode, 409)
  t.match(inUse.json().detail, article.id)

  const swapped = await app.inject({ method: 'PATCH', url: `/v1/articles/${article.id}`, headers: { ...admin, 'if-match': String(created.headers.etag) }, payload: { image: { id: second.id } } })
  t.same(swapped.json().image, { id: second.id, caption: null })
  const restored = await app.inject({ method: 'POST', url: `/v1/articles/${article.id}/revisions/1/restore`, headers: { ...admin, 'if-match': String(swapped.headers.etag) } })
  t.equal(restored.statusCode, 200, restored.body)
  t.same(restored.json().image, { id: first.id, caption: 'أولى' })
  t.same(restored.json().pictures.map((picture: { id: string }) => picture.id), [first.id])

  const back = await app.inject({ method: 'PATCH', url: `/v1/articles/${article.id}`, headers: { ...admin, 'if-match': String(restored.headers.etag) }, payload: { image: { id: second.id } } })
  const deleted = await app.inject({ method: 'DELETE', url: `/v1/media/${first.id}`, headers: { ...admin, 'if-match': `"v${first.version}"` } })
  t.equal(deleted.statusCode, 204)
  const gone = await app.inject({ method: 'POST', url: `/v1/articles/${article.id}/revisions/1/restore`, headers: { ...admin, 'if-match': String(back.headers.etag) } })
  t.equal(gone.statusCode, 409)
  t.match(gone.json().detail, `its picture "${first.id}" has been deleted since`)
})
