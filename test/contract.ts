// The contract harness: every exchange a test app answers is checked against the OpenAPI document it serves.
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { fullFormats } from 'ajv-formats/dist/formats.js'
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { OpenAPIBackend, SetMatchType, type Document, type Operation } from 'openapi-backend'

/** What the server answered, as the client received it. */
export interface Exchange {
  method: string
  url: string
  requestHeaders: Record<string, string | string[] | undefined>
  /** The body as parsed, before the server normalized its strings; undefined when none was read. */
  requestBody: unknown
  /** How the server refused the request as bad input, when it did. */
  refusal: Refusal | undefined
  status: number
  responseHeaders: Record<string, string | string[] | number | undefined>
  responseBody: Buffer
}

/**
 * Why the server refused a request. `schema`, `media-type` and `precondition` are rules the
 * document states, so it must refuse the request too; `custom` ones (a control character in a
 * string, malformed JSON, a cursor we did not issue, the exact Unicode slug rule) it cannot state.
 */
export type Refusal = 'schema' | 'media-type' | 'precondition' | 'custom'

/**
 * Headers the document need not declare on each response: representation metadata OpenAPI
 * describes elsewhere (it ignores a declared Content-Type), the connection's own, CORS
 * (answered to browsers' origins) and the security policy (helmet): the same on
 * every route, they are described once, not per operation.
 */
const undeclaredHeaders = new Set([
  'content-type', 'content-length', 'content-encoding', 'transfer-encoding', 'connection', 'keep-alive', 'date',
  'content-security-policy', 'cross-origin-opener-policy', 'cross-origin-resource-policy', 'origin-agent-cluster',
  'referrer-policy', 'strict-transport-security', 'x-content-type-options', 'x-dns-prefetch-control',
  'x-download-options', 'x-frame-options', 'x-permitted-cross-domain-policies', 'x-xss-protection'
])
const isUndeclared = (name: string) => undeclaredHeaders.has(name) || name.startsWith('access-control-')

const jsonMediaType = /^application\/(?:[\w.-]+\+)?json$/

function mediaTypeOf (header: unknown): string | undefined {
  return typeof header === 'string' ? header.split(';')[0]?.trim().toLowerCase() : undefined
}

function decoded (body: Buffer, encoding: unknown): Buffer {
  if (encoding === 'gzip') return gunzipSync(body)
  if (encoding === 'br') return brotliDecompressSync(body)
  return body
}

/** Ajv's complaint about the value at `where`, naming an unknown property. */
function sentence (error: ErrorObject, where: string): string {
  const unknown = error.keyword === 'additionalProperties' ? ` (${String(error.params.additionalProperty)})` : ''
  return `${where} ${error.message ?? 'is invalid'}${unknown}`
}

const pointerPart = (part: string) => part.replaceAll('~', '~0').replaceAll('/', '~1')

/**
 * Checks exchanges against one OpenAPI document. Its Ajv instances keep quiet: a format JSON
 * Schema does not define is an annotation for every tool, not a reason to warn on each compile.
 */
export class Contract {
  readonly #backend: OpenAPIBackend
  readonly #ajv: Ajv2020
  readonly #bodyValidators = new Map<string, ValidateFunction>()

  private constructor (document: Document, backend: OpenAPIBackend) {
    this.#backend = backend
    this.#ajv = new Ajv2020({ strict: false, allErrors: true, logger: false })
    addFormats.default(this.#ajv)
    this.#ajv.addSchema(document as object, 'openapi.json')
  }

  static async of (document: Document): Promise<Contract> {
    const backend = new OpenAPIBackend({
      definition: structuredClone(document),
      strict: true,
      // Its own check of the document knows OpenAPI 3.0 only (Redocly lints ours); quick skips it.
      quick: true,
      // OpenAPI 3.1 schemas are JSON Schema 2020-12.
      customizeAjv: (_ajv, options) => {
        const ajv = new Ajv2020({ ...options, strict: false, allErrors: true, logger: false })
        addFormats.default(ajv)
        return ajv
      }
    })
    await backend.init()
    return new Contract(document, backend)
  }

  /** The operation an exchange is for, if the document has one. */
  operationOf (exchange: Pick<Exchange, 'method' | 'url'>): Operation | undefined {
    const url = new URL(exchange.url, 'http://localhost')
    // HEAD is GET without a body, as HTTP says; the document lists GET.
    const method = exchange.method === 'HEAD' ? 'get' : exchange.method.toLowerCase()
    return this.#backend.router.matchOperation({ method, path: url.pathname, headers: {} })
  }

  /** Every way the exchange disagrees with the document, as sentences naming the operation. */
  check (exchange: Exchange): string[] {
    const operation = this.operationOf(exchange)
    if (!operation) return []
    const name = `${operation.operationId ?? ''} (${exchange.method} ${exchange.url} → ${exchange.status})`
    return [...this.#checkRequest(exchange, operation), ...this.#checkResponse(exchange, operation)]
      .map((problem) => `${name}: ${problem}`)
  }

  /** The document's objections to the request, or [] when it accepts it. */
  #requestObjections (exchange: Exchange, operation: Operation): string[] {
    const url = new URL(exchange.url, 'http://localhost')
    const query: Record<string, string | string[]> = {}
    for (const key of new Set(url.searchParams.keys())) {
      const values = url.searchParams.getAll(key)
      query[key] = values.length === 1 ? values[0] ?? '' : values
    }
    const headers: Record<string, string | string[]> = {}
    for (const [key, value] of Object.entries(exchange.requestHeaders)) if (value !== undefined) headers[key.toLowerCase()] = value
    const objections: string[] = []
    const mediaType = mediaTypeOf(headers['content-type'])
    const content = operation.requestBody !== undefined && 'content' in operation.requestBody ? operation.requestBody.content : undefined
    // A body the server could not parse (an unknown media type) is still a body the request had.
    const length = headers['content-length']
    const hasBody = exchange.requestBody !== undefined || (length !== undefined && length !== '0') || headers['transfer-encoding'] !== undefined
    if (hasBody && mediaType !== undefined && content && !(mediaType in content)) {
      objections.push(`content type ${mediaType} is not one of ${Object.keys(content).join(', ')}`)
    }
    const result = this.#backend.validator.validateRequest({
      method: operation.method,
      path: url.pathname,
      query,
      headers,
      body: exchange.requestBody
    }, operation)
    for (const error of result.errors ?? []) objections.push(sentence(error, error.instancePath.replace(/^\/requestBody/, '/body') || 'request'))
    return objections
  }

  #checkRequest (exchange: Exchange, operation: Operation): string[] {
    const objections = this.#requestObjections(exchange, operation)
    if (exchange.status < 400 && objections.length > 0) {
      return [`the server accepted a request the document refuses: ${objections.join('; ')}`]
    }
    if (exchange.refusal !== undefined && exchange.refusal !== 'custom' && objections.length === 0) {
      const detail = (() => {
        try { return String((JSON.parse(decoded(exchange.responseBody, exchange.responseHeaders['content-encoding']).toString('utf8')) as { detail?: unknown }).detail) } catch { return '' }
      })()
      return [`the server refused the request (${exchange.refusal}: ${detail}) but the document accepts it`]
    }
    return []
  }

  #checkResponse (exchange: Exchange, operation: Operation): string[] {
    const status = String(exchange.status)
    const responses = operation.responses ?? {}
    const declared = responses[status] ?? responses[`${status[0] ?? ''}XX`] ?? responses.default
    if (!declared || '$ref' in declared) return [`status ${status} is not declared (declared: ${Object.keys(responses).join(', ')})`]
    const declaredStatus = responses[status] ? status : responses[`${status[0] ?? ''}XX`] ? `${status[0] ?? ''}XX` : 'default'
    const problems: string[] = []

    const headers: Record<string, string> = {}
    for (const [key, value] of Object.entries(exchange.responseHeaders)) {
      if (value !== undefined && !isUndeclared(key.toLowerCase())) headers[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value)
    }
    const headerResult = this.#backend.validator.validateResponseHeaders(headers, operation, { statusCode: exchange.status, setMatchType: SetMatchType.Subset })
    for (const error of headerResult.errors ?? []) {
      problems.push(error.keyword === 'additionalProperties'
        ? `header ${String(error.params.additionalProperty)} is sent but not declared`
        : `header ${error.instancePath.replace(/^\/headers\//, '')} ${error.message ?? 'is invalid'}`)
    }

    // A HEAD answer names GET's encoding but carries no body to decode.
    if (exchange.method === 'HEAD') return problems
    const body = decoded(exchange.responseBody, exchange.responseHeaders['content-encoding'])
    if (body.length === 0) {
      if (declared.content && Object.keys(declared.content).length > 0) problems.push('the body is empty, but the document declares one')
      return problems
    }
    const mediaType = mediaTypeOf(exchange.responseHeaders['content-type'])
    const content = declared.content ?? {}
    if (mediaType === undefined || !(mediaType in content)) {
      problems.push(`content type ${String(mediaType)} is not declared (declared: ${Object.keys(content).join(', ') || 'no body'})`)
      return problems
    }
    if (!jsonMediaType.test(mediaType)) return problems
    let value: unknown
    try {
      value = JSON.parse(body.toString('utf8'))
    } catch {
      return [...problems, `the ${mediaType} body is not JSON`]
    }
    const validate = this.#bodyValidator(operation, declaredStatus, mediaType)
    if (!validate(value)) {
      for (const error of validate.errors ?? []) problems.push(sentence(error, `body${error.instancePath}`))
    }
    return problems
  }

  #bodyValidator (operation: Operation, status: string, mediaType: string): ValidateFunction {
    const pointer = ['paths', operation.path, operation.method, 'responses', status, 'content', mediaType, 'schema'].map(pointerPart).join('/')
    let validate = this.#bodyValidators.get(pointer)
    if (!validate) {
      validate = this.#ajv.compile({ $ref: `openapi.json#/${pointer}` })
      this.#bodyValidators.set(pointer, validate)
    }
    return validate
  }
}

// Built once per document and process: test files build many apps from one document.
const contracts = new Map<string, Promise<Contract>>()

export function contractFor (document: Document): Promise<Contract> {
  const key = JSON.stringify(document)
  let contract = contracts.get(key)
  if (!contract) {
    contract = Contract.of(document)
    contracts.set(key, contract)
  }
  return contract
}

/**
 * A rule of the server's own, which the document cannot state: one raised by `invalidField`,
 * or a format JSON Schema does not define (the exact slug rule), which tools take as a mere annotation.
 */
function isCustomRule (issue: { keyword: string, params: Record<string, unknown> }): boolean {
  return issue.keyword === 'custom' || (issue.keyword === 'format' && !(String(issue.params.format) in fullFormats))
}

/** How the server refused a request, judged from the error that refused it. */
function refusalOf (error: FastifyError): Refusal | undefined {
  if (error.validation) return error.validation.some(isCustomRule) ? 'custom' : 'schema'
  // Fastify's own 415 is for a Content-Type the document lists no body for; ours (an upload
  // whose bytes are another type than its header says) is a rule the document cannot state.
  if (error.statusCode === 415) return error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'media-type' : 'custom'
  if (error.statusCode === 428) return 'precondition'
  if (error.statusCode === 400) return 'custom'
  return undefined
}

/**
 * A plugin that records every exchange the app answers, inject and real HTTP alike, and hands
 * it to `onExchange` when the response is finished. It reads what was written to the socket,
 * after every hook and compression, since that is what a client checks against the document.
 */
export function recordExchanges (onExchange: (exchange: Exchange) => void) {
  return fp(async (app: FastifyInstance) => {
    const bodies = new WeakMap<FastifyRequest, unknown>()
    const refusals = new WeakMap<FastifyRequest, Refusal>()
    app.addHook('onRequest', (request, reply, done) => {
      const raw = reply.raw
      const chunks: Buffer[] = []
      const keep = (chunk: unknown, encoding?: unknown) => {
        if (chunk === undefined || chunk === null || typeof chunk === 'function') return
        chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, typeof encoding === 'string' ? encoding as BufferEncoding : 'utf8'))
      }
      // Fastify hands most headers to writeHead, where getHeaders() does not see them.
      const written: Record<string, string | string[] | number> = {}
      const writeHead = raw.writeHead.bind(raw) as (...args: unknown[]) => typeof raw
      raw.writeHead = ((...args: unknown[]) => {
        const headers = args.find((arg) => typeof arg === 'object' && arg !== null)
        if (headers && !Array.isArray(headers)) for (const [name, value] of Object.entries(headers)) written[name.toLowerCase()] = value as string
        return writeHead(...args)
      }) as typeof raw.writeHead
      const write = raw.write.bind(raw) as (...args: unknown[]) => boolean
      const end = raw.end.bind(raw) as (...args: unknown[]) => typeof raw
      // inject's response ends by writing its last chunk: that chunk is kept once.
      let ending = false
      raw.write = ((...args: unknown[]) => { if (!ending) keep(args[0], args[1]); return write(...args) }) as typeof raw.write
      raw.end = ((...args: unknown[]) => {
        keep(args[0], args[1])
        ending = true
        try { return end(...args) } finally { ending = false }
      }) as typeof raw.end
      raw.once('finish', () => {
        onExchange({
          method: request.method,
          url: request.url,
          requestHeaders: request.headers,
          requestBody: bodies.get(request),
          refusal: refusals.get(request),
          status: raw.statusCode,
          responseHeaders: { ...raw.getHeaders(), ...written },
          responseBody: Buffer.concat(chunks)
        })
      })
      done()
    })
    // Root hooks run before the routes' own, so this sees the body before its strings are normalized.
    app.addHook('preValidation', (request, _reply, done) => {
      if (request.body !== undefined) bodies.set(request, structuredClone(request.body))
      done()
    })
    app.addHook('onError', (request, _reply, error, done) => {
      const refusal = refusalOf(error)
      if (refusal) refusals.set(request, refusal)
      done()
    })
  }, { name: 'contract-recorder' })
}
