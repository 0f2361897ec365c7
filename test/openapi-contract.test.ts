// The OpenAPI document says what the server does: which inputs are required, which headers come back, which examples are real.
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import t from 'tap'
import { adminToken, bearer, build, seedId } from './helper.js'

interface Parameter { in: string, name: string, required?: boolean, schema: { default?: unknown }, example?: unknown, examples?: Record<string, { value: unknown }> }
interface Operation {
  operationId: string
  parameters?: Parameter[]
  requestBody?: { required?: boolean, content: Record<string, unknown> }
  responses: Record<string, { headers?: Record<string, unknown>, content?: Record<string, { examples?: Record<string, { value: Record<string, unknown> }> }> }>
}
interface Document { paths: Record<string, Record<string, Operation>> }

async function documentOf (t: Parameters<typeof build>[0], options: Parameters<typeof build>[1] = {}) {
  const app = await build(t, options)
  const response = await app.inject({ method: 'GET', url: '/openapi.json' })
  return { app, document: response.json() as Document }
}

function operationsOf (document: Document) {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ path, method, operation, name: `${method.toUpperCase()} ${path}` })))
}

/** The path with each parameter replaced by the document's own example for it. */
function withExamples (path: string, operation: Operation): string {
  return path.replace(/\{(\w+)\}/g, (_whole, name: string) => {
    const parameter = operation.parameters?.find((candidate) => candidate.in === 'path' && candidate.name === name)
    return encodeURIComponent(String(parameter?.example ?? `no-example-for-${name}`))
  })
}

t.test('a query parameter with a default is not required', async (t) => {
  const { document } = await documentOf(t)
  let defaults = 0
  for (const { name, operation } of operationsOf(document)) {
    for (const parameter of operation.parameters ?? []) {
      if (parameter.schema.default === undefined) continue
      defaults++
      t.not(parameter.required, true, `${name}: ${parameter.name} has a default, so it may be left out`)
    }
  }
  t.ok(defaults >= 8, 'limit on the lists, thread on comments, version on ninjs')
  const limit = document.paths['/v1/articles']?.get?.parameters?.find((parameter) => parameter.name === 'limit')
  t.match(limit, { in: 'query', schema: { default: 20 } })
})

t.test('actions that work without a body say their body is optional, and work without one', async (t) => {
  const { app, document } = await documentOf(t)
  const actions = ['publishArticle', 'unpublishArticle', 'archiveArticle', 'restoreRevision']
  for (const { operation } of operationsOf(document)) {
    if (actions.includes(operation.operationId)) t.equal(operation.requestBody?.required, false, `${operation.operationId}: the body is optional`)
  }
  const headers = bearer(adminToken)
  for (const action of ['unpublish', 'archive', 'publish']) {
    const current = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}`, headers })
    const response = await app.inject({ method: 'POST', url: `/v1/articles/${seedId}/${action}`, headers: { ...headers, 'if-match': current.headers.etag as string } })
    t.equal(response.statusCode, 200, `${action} without a body`)
  }
  const current = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}`, headers })
  const restored = await app.inject({ method: 'POST', url: `/v1/articles/${seedId}/revisions/1/restore`, headers: { ...headers, 'if-match': current.headers.etag as string } })
  t.equal(restored.statusCode, 200, 'restore without a body')
  const needsBody = operationsOf(document).filter(({ operation }) => operation.requestBody?.required === true).map(({ operation }) => operation.operationId)
  t.ok(needsBody.includes('createArticle') && needsBody.includes('updateArticle'), 'bodies that are needed stay required')
})

// Valid bodies for the writes that need one, so that only the missing If-Match is wrong.
const validBodies: Record<string, unknown> = {
  updateArticle: { title: 'A new title' },
  createSection: { heading: 'More', blocks: [{ type: 'paragraph', text: 'Text.' }] },
  updateSection: { heading: 'Changed' },
  reorderSections: { ids: [] },
  replaceMetadata: { place: null, sources: [] },
  createSource: { name: 'Reuters' },
  updateSource: { name: 'AP' },
  updatePicture: { caption: 'A caption' },
  updateAuthor: { bio: 'Reporter.' },
  updateTopic: { mediaTopic: null }
}

t.test('If-Match is required on every write that answers 428 without it, and the server still answers 428', async (t) => {
  const { app, document } = await documentOf(t)
  let writes = 0
  for (const { path, method, operation, name } of operationsOf(document)) {
    const ifMatch = operation.parameters?.find((parameter) => parameter.in === 'header' && parameter.name.toLowerCase() === 'if-match')
    if (!ifMatch) continue
    writes++
    t.equal(ifMatch.required, true, `${name}: If-Match is required`)
    t.ok(operation.responses['428'], `${name}: documents 428`)
    const body = validBodies[operation.operationId]
    const response = await app.inject({
      method: method.toUpperCase() as 'POST',
      url: withExamples(path, operation),
      headers: bearer(adminToken),
      ...(body !== undefined && { payload: body as Record<string, unknown> })
    })
    t.equal(response.statusCode, 428, `${name} without If-Match`)
    t.match(response.headers['content-type'], /^application\/problem\+json/)
    t.match(response.json(), { type: '/problems/precondition-required', status: 428, title: 'Precondition required' })
  }
  t.ok(writes >= 14, 'every write to an article or its parts')
})

t.test('path parameters have examples that exist in a fresh database', async (t) => {
  // With the newsroom's article pages known, as the sitemaps need.
  const { app, document } = await documentOf(t, { articleUrlTemplate: 'https://news.example.org/{language}/{slug}' })
  for (const { operation, name } of operationsOf(document)) {
    for (const parameter of operation.parameters ?? []) {
      if (parameter.in === 'path') t.not(parameter.example, undefined, `${name}: {${parameter.name}} has an example`)
    }
  }
  for (const { path, method, operation, name } of operationsOf(document)) {
    if (method !== 'get' || !path.includes('{')) continue
    // Seeded resources only: a fresh database has no comment, token, webhook, picture, author or topic to show.
    if (/comments\/\{|tokens\/\{|webhooks\/\{|media\/\{|authors\/\{|topics\/\{/.test(path)) continue
    const response = await app.inject({ method: 'GET', url: withExamples(path, operation), headers: bearer(adminToken) })
    t.equal(response.statusCode, 200, `${name} with its examples`)
  }
  const ref = document.paths['/v1/articles/{ref}']?.get?.parameters?.find((parameter) => parameter.name === 'ref')
  t.equal(ref?.example, seedId, 'the seed article')
})

/** Every value under `key` anywhere in the document, with where it is. */
function collect (value: unknown, key: string, at = '#'): Array<{ at: string, value: unknown }> {
  if (value === null || typeof value !== 'object') return []
  return Object.entries(value).flatMap(([name, child]) => [
    ...(name === key ? [{ at: `${at}/${name}`, value: child }] : []),
    ...collect(child, key, `${at}/${name}`)
  ])
}

t.test('every published pattern compiles in a plain regular expression engine; the server keeps the exact slug rule', async (t) => {
  const { app, document } = await documentOf(t)
  const patterns = collect(document, 'pattern').filter(({ value }) => typeof value === 'string')
  t.ok(patterns.length > 0)
  for (const { at, value } of patterns) {
    const pattern = value as string
    t.notMatch(pattern, /\\[pP]\{/, `${at}: no Unicode property class`)
    t.doesNotThrow(() => new RegExp(pattern), `${at}: compiles without the u flag`)
  }
  const slugPattern = collect(document, 'slug').map(({ value }) => (value as { pattern?: string }).pattern).find((pattern) => pattern !== undefined)
  t.ok(slugPattern, 'the slug has a pattern')
  const published = new RegExp(slugPattern as string)
  for (const slug of ['بوتين-وترامب', 'putin-trump-2025', 'straße', 'ελλάδα-2', 'Ωμέγα'.toLowerCase(), '日本語']) t.ok(published.test(slug), `the document lets ${slug} through`)
  for (const slug of ['Has Spaces', 'a--b', '-a', 'a/b', 'UPPER']) t.notOk(published.test(slug), `the document refuses ${slug}`)

  const headers = bearer(adminToken)
  for (const slug of ['Ωμέγα', 'Äpfel', 'emoji-😀']) {
    const current = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}`, headers })
    const response = await app.inject({ method: 'PATCH', url: `/v1/articles/${seedId}`, headers: { ...headers, 'if-match': current.headers.etag as string }, payload: { slug } })
    t.equal(response.statusCode, 400, `the server still refuses ${slug}`)
    t.match(response.json(), { errors: [{ in: 'body', name: '/slug' }] })
  }
  const current = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}`, headers })
  const accepted = await app.inject({ method: 'PATCH', url: `/v1/articles/${seedId}`, headers: { ...headers, 'if-match': current.headers.etag as string }, payload: { slug: 'ελλάδα-2' } })
  t.equal(accepted.statusCode, 200, 'a Greek slug in lower case')
})

t.test('no schema refers to itself, directly or through others: threads are published bounded', async (t) => {
  const { document } = await documentOf(t)
  const schemas = (document as unknown as { components: { schemas: Record<string, unknown> } }).components.schemas
  const refsOf = (name: string) => collect(schemas[name], '$ref').map(({ value }) => String(value).replace('#/components/schemas/', ''))
  const cycles: string[] = []
  const visit = (name: string, path: string[]) => {
    if (path.includes(name)) return cycles.push([...path, name].join(' → '))
    for (const next of new Set(refsOf(name))) visit(next, [...path, name])
  }
  for (const name of Object.keys(schemas)) visit(name, [])
  t.same(cycles, [], 'no recursive $ref')
  const depth = (name: string | undefined): number => name === undefined ? 0 : 1 + depth(refsOf(name).find((ref) => ref.startsWith('Comment')))
  t.equal(depth('Comment'), 3, 'a thread shape for each of the three levels replies nest to')
})

// Headers any HTTP response may carry (RFC 9110 framing and representation, CORS, and the
// security headers every response has, which the document's description lists once).
const generalHeaders = new Set([
  'content-type', 'content-length', 'content-encoding', 'date', 'connection', 'keep-alive', 'transfer-encoding',
  'content-security-policy', 'cross-origin-opener-policy', 'cross-origin-resource-policy', 'origin-agent-cluster', 'referrer-policy',
  'strict-transport-security', 'x-content-type-options', 'x-dns-prefetch-control', 'x-download-options', 'x-frame-options',
  'x-permitted-cross-domain-policies', 'x-xss-protection'
])

function undeclaredHeaders (document: Document, path: string, method: string, response: { statusCode: number, headers: Record<string, unknown> }): string[] {
  const declared = Object.keys(document.paths[path]?.[method]?.responses[String(response.statusCode)]?.headers ?? {}).map((name) => name.toLowerCase())
  return Object.keys(response.headers).filter((name) => !generalHeaders.has(name) && !name.startsWith('access-control-') && !declared.includes(name))
    // Problems and 204s should carry no ETag (a 412 names the current one): @fastify/etag tags them, which another item of the same issue stops.
    .filter((name) => !(name === 'etag' && (response.statusCode >= 400 || response.statusCode === 204)))
}

t.test('every header the server sends is declared for its operation and status', async (t) => {
  const app = await build(t, { commentRateLimit: 1 })
  const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as Document
  const admin = bearer(adminToken)
  const article = `/v1/articles/${seedId}`
  const seen: Array<[string, string, LightMyRequestResponse]> = []
  const call = async (path: string, method: string, request: InjectOptions) => {
    const response = await app.inject(request)
    seen.push([path, method, response])
    return response
  }
  const read = await call('/v1/articles/{ref}', 'get', { method: 'GET', url: article })
  await call('/v1/articles/{ref}', 'get', { method: 'GET', url: article, headers: { 'if-none-match': read.headers.etag as string } })
  await call('/v1/articles/{ref}', 'get', { method: 'GET', url: article, headers: { authorization: 'Bearer unknown-token' } })
  await call('/v1/articles/{ref}', 'get', { method: 'GET', url: '/v1/articles/no-such-article' })
  await call('/v1/articles', 'get', { method: 'GET', url: '/v1/articles?colour=red' })
  await call('/v1/articles', 'post', { method: 'POST', url: '/v1/articles', headers: bearer(adminToken) })
  await call('/v1/articles/{ref}', 'patch', { method: 'PATCH', url: article, headers: { ...admin, 'if-match': '"v9"' }, payload: { title: 'New' } })
  await call('/v1/articles/{ref}', 'patch', { method: 'PATCH', url: article, headers: admin, payload: { title: 'New' } })
  const patched = await call('/v1/articles/{ref}', 'patch', { method: 'PATCH', url: article, headers: { ...admin, 'if-match': read.headers.etag as string }, payload: { title: 'New' } })
  const created = await call('/v1/articles', 'post', { method: 'POST', url: '/v1/articles', headers: admin, payload: { title: 'Another', language: 'en' } })
  await call('/v1/articles/{ref}', 'delete', { method: 'DELETE', url: `/v1/articles/${created.json().id}`, headers: { ...admin, 'if-match': created.headers.etag as string } })
  await call('/v1/tokens', 'get', { method: 'GET', url: '/v1/tokens' })
  await call('/v1/articles/{ref}/comments', 'post', { method: 'POST', url: `${article}/comments`, payload: { authorName: 'Reader', body: 'First.' } })
  await call('/v1/articles/{ref}/comments', 'post', { method: 'POST', url: `${article}/comments`, payload: { authorName: 'Reader', body: 'Second.' } })
  await call('/v1/changes', 'get', { method: 'GET', url: '/v1/changes' })
  await call('/health', 'get', { method: 'GET', url: '/health' })
  t.same(seen.map(([, , response]) => response.statusCode).sort(), [200, 200, 200, 200, 201, 201, 204, 304, 400, 400, 401, 401, 404, 412, 428, 429].sort(), 'the statuses meant')
  t.equal(patched.statusCode, 200)
  for (const [path, method, response] of seen) {
    t.same(undeclaredHeaders(document, path, method, response), [], `${method.toUpperCase()} ${path} ${response.statusCode}: every header declared`)
  }
  const declared = (path: string, method: string, status: string) => Object.keys(document.paths[path]?.[method]?.responses[status]?.headers ?? {})
  t.ok(declared('/v1/articles/{ref}', 'get', '401').includes('WWW-Authenticate'))
  t.ok(declared('/v1/articles/{ref}/comments', 'post', '429').includes('Retry-After'))
  t.ok(declared('/v1/articles/{ref}', 'patch', '412').includes('ETag'))
  t.ok(declared('/v1/articles/{ref}', 'get', '304').includes('ETag'))
  for (const { path, method, operation } of operationsOf(document)) {
    if (operation.responses['201']) t.ok(declared(path, method, '201').includes('Location'), `${method.toUpperCase()} ${path} 201: Location`)
  }
})

t.test('each problem status has its own named examples, true to what the server answers', async (t) => {
  const { app, document } = await documentOf(t)
  const { problemTypes } = await import('../src/errors.js')
  const titles = new Map(Object.entries(problemTypes).map(([name, type]) => [`/problems/${name}`, type]))
  const details = new Set<string>()
  for (const { operation, name } of operationsOf(document)) {
    for (const [status, response] of Object.entries(operation.responses)) {
      if (Number(status) < 400) continue
      const examples = Object.values(response.content?.['application/problem+json']?.examples ?? {})
      t.ok(examples.length > 0, `${name} ${status}: examples`)
      for (const { value } of examples) {
        const type = titles.get(String(value.type))
        t.equal(value.status, Number(status), `${name} ${status}: the example's status`)
        t.equal(type?.status, Number(status), `${name} ${status}: a type of this status`)
        t.equal(value.title, type?.title, `${name} ${status}: the type's title`)
        details.add(`${status} ${String(value.detail)}`)
      }
    }
  }
  t.ok(details.size >= 12, 'not the same problem everywhere')

  // Problems as the server sends them, and the document's examples for their operation and status.
  const admin = bearer(adminToken)
  const article = `/v1/articles/${seedId}`
  const cases: Array<[string, string, InjectOptions]> = [
    ['/v1/articles', 'get', { method: 'GET', url: '/v1/articles?colour=red' }],
    ['/v1/articles', 'get', { method: 'GET', url: '/v1/articles?cursor=bm90LWEtY3Vyc29y' }],
    ['/v1/articles/{ref}', 'get', { method: 'GET', url: article, headers: { authorization: 'Bearer unknown-token' } }],
    ['/v1/articles/{ref}', 'get', { method: 'GET', url: '/v1/articles/no-such-article' }],
    ['/v1/articles/{ref}', 'patch', { method: 'PATCH', url: article, headers: admin, payload: { title: 'New' } }],
    ['/v1/articles/{ref}', 'patch', { method: 'PATCH', url: article, headers: admin, payload: { colour: 'red' } }],
    ['/v1/articles', 'post', { method: 'POST', url: '/v1/articles', headers: { ...admin, 'content-type': 'text/plain' }, payload: 'text' }]
  ]
  for (const [path, method, request] of cases) {
    const response = await app.inject(request)
    const { instance: _instance, ...sent } = response.json()
    const examples = Object.values(document.paths[path]?.[method]?.responses[String(response.statusCode)]?.content?.['application/problem+json']?.examples ?? {})
      .map(({ value: { instance: _ignored, ...value } }) => value)
    t.ok(examples.some((example) => JSON.stringify(example) === JSON.stringify(sent)), `${method.toUpperCase()} ${path} ${response.statusCode}: ${String(sent.detail)} is an example`)
  }
})
