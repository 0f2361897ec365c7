// GET /v1/articles/{ref}/metadata: place (Ort) and sources (Quellen).
import t from 'tap'
import { addArticle, build, seedId } from './helper.js'

t.test('the seed article: Moskau, Russland and no sources', async (t) => {
  const app = await build(t)
  const response = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}/metadata` })
  t.equal(response.statusCode, 200)
  t.equal(response.headers.etag, '"v1"')
  t.same(response.json(), {
    place: { name: 'Moskau, Russland', names: {}, locality: 'Moskau', country: 'Russland', countryCode: 'RU', latitude: 55.7558, longitude: 37.6173, display: 'روسيا' },
    sources: []
  })
})

t.test('sources come in their order, with nulls where nothing was given', async (t) => {
  const app = await build(t)
  const article = await addArticle(app, {
    metadata: {
      place: null,
      sources: [
        { id: 's-1', name: 'Reuters', url: 'https://www.reuters.com/', publisher: 'Thomson Reuters' },
        { id: 's-2', name: 'Interview', url: null, publisher: null }
      ]
    }
  })
  const response = await app.inject({ method: 'GET', url: `/v1/articles/${article.slug}/metadata` })
  t.same(response.json(), {
    place: null,
    sources: [
      { id: 's-1', name: 'Reuters', url: 'https://www.reuters.com/', publisher: 'Thomson Reuters' },
      { id: 's-2', name: 'Interview', url: null, publisher: null }
    ]
  })
  const full = await app.inject({ method: 'GET', url: `/v1/articles/${article.id}` })
  t.same(full.json().metadata, response.json(), 'the article embeds the same metadata')
})

t.test('metadata of an unpublished or unknown article is 404', async (t) => {
  const app = await build(t)
  const archived = await addArticle(app, { status: 'archived' })
  for (const ref of [archived.id, 'missing']) {
    const response = await app.inject({ method: 'GET', url: `/v1/articles/${ref}/metadata` })
    t.equal(response.statusCode, 404)
    t.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8')
  }
})
