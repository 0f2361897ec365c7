// GET /v1/articles/{ref}/jsonld: a schema.org NewsArticle, expanded with a real JSON-LD processor against schema.org's own context.
import { gunzipSync } from 'node:zlib'
import jsonld from 'jsonld'
import type { RemoteDocument } from 'jsonld/jsonld-spec.js'
import t from 'tap'
import { v7 as uuidv7 } from 'uuid'
import { addArticle, addComment, bearer, build, readShared, seedId, sharedMissing, tokenFor } from './helper.js'
import { baseUrl, republishedArticle, seedBodyFromSource } from './formats-helper.js'

const contextFile = 'schemaorg/schemaorgcontext-30.0.jsonld'
const seedTitle = 'بوتين وترامب: اجتماع لوقف إطلاق النار - الأمل في أوكرانيا!'

/** Serves schema.org's context from ../shared for https://schema.org (and http://); refuses every other URL. */
async function documentLoader (url: string): Promise<RemoteDocument> {
  if (/^https?:\/\/schema\.org\/?$/.test(url)) return { contextUrl: undefined, documentUrl: url, document: JSON.parse(readShared(contextFile)) }
  throw new Error(`no network in the tests: refused to load ${url}`)
}

type Expanded = Record<string, unknown>

async function expand (document: object): Promise<Expanded> {
  const [node, ...rest] = await jsonld.expand(document as jsonld.JsonLdDocument, { documentLoader }) as Expanded[]
  if (node === undefined || rest.length > 0) throw new Error('expected one node')
  return node
}

const schema = (term: string) => `http://schema.org/${term}`

t.test('the seed article as a NewsArticle, every field exact', async (t) => {
  const app = await build(t, { publicBaseUrl: baseUrl })
  const response = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}/jsonld` })
  t.equal(response.statusCode, 200)
  t.equal(response.headers['content-type'], 'application/ld+json; charset=utf-8')
  const body = response.json()
  const url = `${baseUrl}/v1/articles/${seedId}`
  t.same({ ...body, articleBody: '…' }, {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    url,
    mainEntityOfPage: url,
    identifier: seedId,
    headline: seedTitle,
    inLanguage: 'ar',
    datePublished: '2025-03-23T00:00:00.000Z',
    dateModified: '2025-03-23T00:00:00.000Z',
    articleBody: '…',
    articleSection: ['وقف إطلاق النار والجهود الدبلوماسية', 'ردود الفعل والتحديات', 'علق الخبراء'],
    wordCount: 334,
    commentCount: 0,
    locationCreated: {
      '@type': 'Place',
      name: 'Moskau, Russland',
      address: { '@type': 'PostalAddress', addressLocality: 'Moskau', addressCountry: 'RU' },
      geo: { '@type': 'GeoCoordinates', latitude: 55.7558, longitude: 37.6173 }
    },
    translationOfWork: { '@type': 'CreativeWork', inLanguage: 'de' },
    translator: { '@type': 'Organization', description: 'Machine-translated from German. Not reviewed by an editor yet.' }
  })
  t.ok(body.articleBody.startsWith('Moskau, Russland - في 23 مارس 2025 ، أعلن'))
})

t.test('expanded with schema.org\'s context: the IRIs and values partners\' processors read', { skip: sharedMissing(contextFile) }, async (t) => {
  const app = await build(t, { publicBaseUrl: baseUrl })
  await addComment(app, { articleId: seedId })
  const node = await expand((await app.inject({ method: 'GET', url: `/v1/articles/${seedId}/jsonld` })).json())
  const url = `${baseUrl}/v1/articles/${seedId}`
  t.same(node['@type'], [schema('NewsArticle')])
  t.same(node[schema('headline')], [{ '@value': seedTitle }])
  t.same(node[schema('inLanguage')], [{ '@value': 'ar' }])
  t.same(node[schema('url')], [{ '@id': url }], 'url is an IRI')
  t.same(node[schema('mainEntityOfPage')], [{ '@id': url }])
  t.same(node[schema('identifier')], [{ '@value': seedId }])
  t.same(node[schema('datePublished')], [{ '@type': schema('Date'), '@value': '2025-03-23T00:00:00.000Z' }])
  t.same(node[schema('dateModified')], [{ '@type': schema('Date'), '@value': '2025-03-23T00:00:00.000Z' }])
  t.same(node[schema('commentCount')], [{ '@value': 1 }], 'approved comments')
  t.same(node[schema('articleSection')], [
    { '@value': 'وقف إطلاق النار والجهود الدبلوماسية' }, { '@value': 'ردود الفعل والتحديات' }, { '@value': 'علق الخبراء' }
  ])
  t.same(node[schema('locationCreated')], [{
    '@type': [schema('Place')],
    [schema('name')]: [{ '@value': 'Moskau, Russland' }],
    [schema('address')]: [{ '@type': [schema('PostalAddress')], [schema('addressLocality')]: [{ '@value': 'Moskau' }], [schema('addressCountry')]: [{ '@value': 'RU' }] }],
    [schema('geo')]: [{ '@type': [schema('GeoCoordinates')], [schema('latitude')]: [{ '@value': 55.7558 }], [schema('longitude')]: [{ '@value': 37.6173 }] }]
  }])
  t.same(node[schema('translationOfWork')], [{ '@type': [schema('CreativeWork')], [schema('inLanguage')]: [{ '@value': 'de' }] }])
  t.notOk(schema('citation') in node, 'the seed has no sources')
})

t.test('articleBody is the source text, character for character', { skip: sharedMissing(contextFile) || sharedMissing('seed-article.txt') }, async (t) => {
  const app = await build(t, { publicBaseUrl: baseUrl })
  const node = await expand((await app.inject({ method: 'GET', url: `/v1/articles/${seedId}/jsonld` })).json())
  t.same(node[schema('articleBody')], [{ '@value': seedBodyFromSource() }])
})

t.test('sources are citations: CreativeWorks with name, url and publisher', { skip: sharedMissing(contextFile) }, async (t) => {
  const app = await build(t, { publicBaseUrl: baseUrl })
  const article = await addArticle(app, {
    title: 'A <b>"quoted"</b> & \'escaped\' title',
    language: 'en',
    originalLanguage: 'en',
    sections: [{ id: uuidv7(), heading: null, blocks: [{ type: 'paragraph', text: 'One paragraph.' }] }],
    metadata: {
      place: { name: 'Kyiv', locality: null, country: 'Ukraine', countryCode: null, latitude: null, longitude: null },
      sources: [
        { name: 'Interview with Steve Witkoff', url: 'https://example.com/interviews/witkoff', publisher: 'Example Media' },
        { name: 'Agency report', url: null, publisher: null }
      ]
    }
  })
  const body = (await app.inject({ method: 'GET', url: `/v1/articles/${article.id}/jsonld` })).json()
  t.same(body.citation, [
    { '@type': 'CreativeWork', name: 'Interview with Steve Witkoff', url: 'https://example.com/interviews/witkoff', publisher: { '@type': 'Organization', name: 'Example Media' } },
    { '@type': 'CreativeWork', name: 'Agency report' }
  ])
  t.same(body.locationCreated, { '@type': 'Place', name: 'Kyiv', address: { '@type': 'PostalAddress', addressCountry: 'Ukraine' } }, 'the country\'s name where no code is known')
  t.notOk('articleSection' in body, 'no headings, no sections')
  t.notOk('translationOfWork' in body, 'not a translation: written in its original language')
  const node = await expand(body)
  t.same(node[schema('headline')], [{ '@value': 'A <b>"quoted"</b> & \'escaped\' title' }])
  t.same(node[schema('articleBody')], [{ '@value': 'One paragraph.' }])
  t.same(node[schema('citation')], [
    {
      '@type': [schema('CreativeWork')],
      [schema('name')]: [{ '@value': 'Interview with Steve Witkoff' }],
      [schema('url')]: [{ '@id': 'https://example.com/interviews/witkoff' }],
      [schema('publisher')]: [{ '@type': [schema('Organization')], [schema('name')]: [{ '@value': 'Example Media' }] }]
    },
    { '@type': [schema('CreativeWork')], [schema('name')]: [{ '@value': 'Agency report' }] }
  ])
})

t.test('the test\'s document loader refuses every other context', { skip: sharedMissing(contextFile) }, async (t) => {
  await t.rejects(expand({ '@context': 'https://example.org/context', name: 'x' }))
})

t.test('only published articles; 404 for others, even for editors; 400 for any parameter', async (t) => {
  const app = await build(t, { publicBaseUrl: baseUrl })
  const editor = bearer(await tokenFor(app, 'editor'))
  for (const article of [await addArticle(app, { status: 'draft', publishedAt: null }), await addArticle(app, { status: 'archived' }), await addArticle(app, { publishedAt: '2099-01-01T00:00:00.000Z' })]) {
    for (const headers of [{}, editor]) {
      t.equal((await app.inject({ method: 'GET', url: `/v1/articles/${article.id}/jsonld`, headers })).statusCode, 404)
    }
  }
  t.equal((await app.inject({ method: 'GET', url: '/v1/articles/unknown/jsonld' })).statusCode, 404)
  const unknown = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}/jsonld?lang=ar` })
  t.equal(unknown.statusCode, 400)
  t.match(unknown.json(), { type: '/problems/invalid-request', errors: [{ in: 'query', name: 'lang' }] })
})

t.test('url comes from PUBLIC_BASE_URL, never from the Host header', async (t) => {
  const app = await build(t, { publicBaseUrl: 'http://localhost:8080/' })
  const plain = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}/jsonld` })
  const forged = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}/jsonld`, headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example' } })
  t.equal(forged.body, plain.body)
  t.equal(plain.json().url, `http://localhost:8080/v1/articles/${seedId}`)
})

t.test('safe to paste into a <script> element: < > & as \\u escapes, the same JSON, and tagged and compressed as served', async (t) => {
  const app = await build(t, { publicBaseUrl: baseUrl })
  const title = 'Evil </script><script>alert("x")</script> & <!-- more -->'
  const paragraph = `Tom & Jerry <b>bold</b> ${'long text '.repeat(200)}`
  const article = await addArticle(app, {
    title,
    sections: [{ id: uuidv7(), heading: '<h1>', blocks: [{ type: 'paragraph', text: paragraph }] }],
    metadata: { place: null, sources: [{ name: 'A & B <news>', url: 'https://example.com/?a=1&b=2', publisher: null }] }
  })
  const response = await app.inject({ method: 'GET', url: `/v1/articles/${article.id}/jsonld` })
  t.equal(response.statusCode, 200)
  t.notMatch(response.body, /[<>&]/, 'no raw <, > or & anywhere')
  t.match(response.body, '\\u003c/script\\u003e')
  t.match(response.body, 'Tom \\u0026 Jerry')
  const body = response.json()
  t.equal(body.headline, title, 'the same JSON value')
  t.equal(body.citation[0].url, 'https://example.com/?a=1&b=2')
  t.ok(body.articleBody.includes(paragraph))
  const etag = String(response.headers.etag)
  t.equal((await app.inject({ method: 'GET', url: `/v1/articles/${article.id}/jsonld`, headers: { 'if-none-match': etag } })).statusCode, 304)
  const gzipped = await app.inject({ method: 'GET', url: `/v1/articles/${article.id}/jsonld`, headers: { 'accept-encoding': 'gzip' } })
  t.equal(gzipped.headers['content-encoding'], 'gzip')
  t.equal(gunzipSync(gzipped.rawPayload).toString('utf8'), response.body, 'compressed: the same escaped bytes')
})

t.test('published again after unpublishing: datePublished is the first publication, dateModified the latest', async (t) => {
  const app = await build(t, { publicBaseUrl: baseUrl })
  const { firstPublishedAt, article } = await republishedArticle(app)
  const body = (await app.inject({ method: 'GET', url: `/v1/articles/${article.id}/jsonld` })).json()
  t.match(body, { datePublished: firstPublishedAt, dateModified: article.updatedAt })
})
