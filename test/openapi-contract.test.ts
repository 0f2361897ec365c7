// The OpenAPI document says what the server does: which inputs are required, which headers come back, which examples are real.
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

async function documentOf (t: Parameters<typeof build>[0]) {
  const app = await build(t)
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
  updateSource: { name: 'AP' }
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
  const { app, document } = await documentOf(t)
  for (const { operation, name } of operationsOf(document)) {
    for (const parameter of operation.parameters ?? []) {
      if (parameter.in === 'path') t.not(parameter.example, undefined, `${name}: {${parameter.name}} has an example`)
    }
  }
  for (const { path, method, operation, name } of operationsOf(document)) {
    if (method !== 'get' || !path.includes('{')) continue
    // Seeded resources only: a fresh database has no comment, token or webhook to show.
    if (/comments\/\{|tokens\/\{|webhooks\/\{/.test(path)) continue
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
