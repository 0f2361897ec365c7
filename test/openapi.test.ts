// The OpenAPI document: served equals committed, complete for every operation, examples true to the API (lint: openapi-lint.test.ts).
import { readFileSync } from 'node:fs'
import t from 'tap'
import { formatOpenApi, openApiPath } from '../src/openapi-file.js'
import { adminToken, build, seedId } from './helper.js'

interface Operation {
  operationId?: string
  summary?: string
  tags?: string[]
  security?: unknown[]
  responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }>
}
interface Document {
  openapi: string
  info: { license?: { name: string } }
  servers: { url: string }[]
  tags: { name: string, description: string }[]
  paths: Record<string, Record<string, Operation>>
  components: { schemas: Record<string, { examples?: unknown[] }> }
}

t.test('the served document is the committed one, whatever host serves it', async (t) => {
  const app = await build(t)
  const committed = readFileSync(openApiPath, 'utf8')
  t.equal(formatOpenApi(app.swagger()), committed, 'openapi/openapi.json is current: run `npm run openapi` after changing routes or schemas')
  for (const host of ['127.0.0.1:3000', 'cms.example.org']) {
    const response = await app.inject({ method: 'GET', url: '/openapi.json', headers: { host } })
    t.equal(response.statusCode, 200)
    t.same(response.json(), JSON.parse(committed), `served to ${host}`)
  }
})

t.test('every operation is complete', async (t) => {
  const app = await build(t)
  const document = app.swagger() as unknown as Document
  t.equal(document.openapi, '3.1.0')
  t.same(document.servers, [{ url: '/', description: 'The server that serves this document' }])
  t.ok(document.info.license?.name)
  const tagNames = document.tags.map((tag) => tag.name)
  const operationIds = new Set<string>()
  let operations = 0
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const name = `${method.toUpperCase()} ${path}`
      operations++
      t.ok(operation.operationId && !operationIds.has(operation.operationId), `${name}: a unique operationId`)
      operationIds.add(operation.operationId ?? '')
      t.ok(operation.summary, `${name}: a summary`)
      t.ok(operation.tags?.length && operation.tags.every((tag) => tagNames.includes(tag)), `${name}: declared tags`)
      t.ok(Array.isArray(operation.security), `${name}: says who may call it`)
      const needsToken = operation.security?.length === 1
      const statuses = Object.keys(operation.responses)
      t.ok(statuses.some((status) => /^2\d\d$/.test(status)), `${name}: documents its success`)
      for (const status of ['400', '401', '500', ...(needsToken ? ['403'] : [])]) {
        t.ok(operation.responses[status], `${name}: documents ${status}`)
      }
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) >= 400) {
          t.same(Object.keys(response.content ?? {}), ['application/problem+json'], `${name}: ${status} is a problem`)
          t.same(response.content?.['application/problem+json']?.schema, { $ref: '#/components/schemas/Problem' }, `${name}: ${status} is a Problem`)
        }
      }
    }
  }
  t.ok(operations >= 11)
  const security = (path: string, method: string) => document.paths[path]?.[method]?.security
  t.same(security('/health', 'get'), [], 'health is public')
  t.same(security('/v1/articles/{ref}', 'get'), [{}, { bearerAuth: [] }], 'articles are public; a token shows more')
  t.same(security('/v1/tokens', 'post'), [{ bearerAuth: [] }], 'tokens need a token')
})

t.test('the examples are what the API serves for the seed article', async (t) => {
  const app = await build(t)
  const { schemas } = (app.swagger() as unknown as Document).components
  const served = async (url: string) => (await app.inject({ method: 'GET', url })).json()
  t.same(await served(`/v1/articles/${seedId}`), schemas.Article?.examples?.[0], 'Article')
  t.same(await served('/v1/articles'), schemas.ArticlePage?.examples?.[0], 'ArticlePage')
  t.same((await served('/v1/articles')).data[0], schemas.ArticleSummary?.examples?.[0], 'ArticleSummary')
  t.same(await served(`/v1/articles/${seedId}/sections`), schemas.SectionList?.examples?.[0], 'SectionList')
  const section = schemas.Section?.examples?.[0] as { id: string }
  t.same(await served(`/v1/articles/${seedId}/sections/${section.id}`), section, 'Section')
  t.same(await served(`/v1/articles/${seedId}/metadata`), schemas.Metadata?.examples?.[0], 'Metadata')
  t.same(await served('/v1/feeds/feed.json'), schemas.JsonFeed?.examples?.[0], 'JsonFeed')
  t.same(await served(`/v1/articles/${seedId}/ninjs`), schemas.Ninjs31?.examples?.[0], 'Ninjs31')
  t.same(await served(`/v1/articles/${seedId}/ninjs?version=2.2`), schemas.Ninjs22?.examples?.[0], 'Ninjs22')
  t.same(await served(`/v1/articles/${seedId}/jsonld`), schemas.NewsArticleJsonLd?.examples?.[0], 'NewsArticleJsonLd')
  t.same((await served(`/v1/articles/${seedId}/metadata`)).place, schemas.Place?.examples?.[0], 'Place')
  t.same(await served(`/v1/articles/${seedId}/comments`), schemas.CommentPage?.examples?.[0], 'CommentPage')
  t.same(await served('/problems/not-found'), schemas.ProblemType?.examples?.[0], 'ProblemType')
  t.same(await served('/v1/labels/ar'), schemas.Labels?.examples?.[0], 'Labels')
  const editor = { authorization: `Bearer ${adminToken}` }
  const revisions = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}/revisions`, headers: editor })
  t.same(revisions.json(), schemas.RevisionList?.examples?.[0], 'RevisionList')
  const revision = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}/revisions/1`, headers: editor })
  t.same(revision.json(), schemas.Revision?.examples?.[0], 'Revision')
  t.same(revision.json().article, schemas.ArticleContent?.examples?.[0], 'ArticleContent')
})

t.test('the reference page is served at /docs', async (t) => {
  const app = await build(t)
  const response = await app.inject({ method: 'GET', url: '/docs/' })
  t.equal(response.statusCode, 200)
  t.match(response.headers['content-type'], /^text\/html/)
  t.match(response.body, /swagger-ui/i)
})
