// Turns every error into RFC 9457 problem+json, and publishes what each problem type means.
import { randomUUID } from 'node:crypto'
import { STATUS_CODES, maxHeaderSize, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import fp from 'fastify-plugin'
import type { ConnectionError, FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Type, type Static } from 'typebox'
import { pointerToken } from '../duplicate-keys.js'
import { DatabaseUnavailable, HostRequired, InvalidPreflight, databaseRetryAfterSeconds, PreconditionRequired, ShuttingDown, Problem, ProblemType, problemTypeForStatus, problemTypeNames, problemTypes, type ProblemTypeName } from '../errors.js'
import { publicRead } from '../route-schemas.js'
import { isUnavailable } from '../db/dialect.js'
import { addSecurityHeaders } from './security-headers.js'
import { StringEnum, closed, ref } from '../schema-helpers.js'

type ProblemBody = Static<typeof Problem>
type InputError = NonNullable<ProblemBody['errors']>[number]

const locations = { querystring: 'query', params: 'path', body: 'body', headers: 'header' } as const
const locationWords = { query: 'Query parameter', path: 'Path parameter', body: 'Field', header: 'Header' } as const

const problemMediaType = 'application/problem+json; charset=utf-8'

/** Members a problem may carry beyond the standard ones. */
type Extensions = Pick<ProblemBody, 'errors' | 'articles'>

function problem (name: ProblemTypeName, status: number, detail: string, id: string, extensions: Extensions = {}): ProblemBody {
  return {
    type: `/problems/${name}`,
    title: problemTypes[name].title,
    status,
    detail,
    instance: `urn:uuid:${id}`,
    ...extensions
  }
}

function sendProblem (request: FastifyRequest, reply: FastifyReply, name: ProblemTypeName, status: number, detail: string, extensions?: Extensions) {
  // An error raised before helmet's hook ran (a refused preflight, a missing Host) still gets its headers.
  addSecurityHeaders(request, reply)
  return reply.code(status).type('application/problem+json').send(problem(name, status, detail, request.id, extensions))
}

/** The headers of a problem written outside Fastify, straight to Node's response or socket. */
function rawProblem (name: ProblemTypeName, status: number, detail: string) {
  const id = randomUUID()
  const body = JSON.stringify(problem(name, status, detail, id))
  return {
    body,
    headers: {
      'Content-Type': problemMediaType,
      'Content-Length': String(Buffer.byteLength(body)),
      'Cache-Control': 'no-store',
      Connection: 'close',
      Date: new Date().toUTCString(),
      'X-Request-Id': id,
      // What helmet sets on every other answer: this one is written before any hook can.
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY'
    }
  }
}

/** What Node's parser or its timers refused, as a problem: status, type and words. */
function clientError (error: ConnectionError, timeoutMs: number): [number, ProblemTypeName, string] {
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return [408, 'request-timeout', `The request's headers and body did not all arrive within ${timeoutMs / 1000} s.`]
    case 'HPE_HEADER_OVERFLOW':
      return [431, 'request-header-fields-too-large', `The request line and headers are larger than the ${maxHeaderSize / 1024} KB the server reads.`]
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return [413, 'payload-too-large', 'The chunk extensions of the request body are larger than the server reads.']
    default: {
      // llhttp says what it could not read ("Invalid method encountered"), never echoing the bytes.
      const reason = (error as ConnectionError & { reason?: string }).reason ?? error.code
      return [400, 'invalid-request', `The request is not valid HTTP/1.1: ${reason.replace(/\.$/, '')}.`]
    }
  }
}

/**
 * For Fastify's `clientErrorHandler`: what Node refuses before Fastify sees a request (a
 * malformed request line, bad bytes in the path, headers too large, a request that did not
 * arrive in time) is written to the socket as a problem, and the connection closed.
 */
export function clientErrorProblem (this: FastifyInstance, error: ConnectionError, socket: Socket) {
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const [status, name, detail] = clientError(error, this.server.requestTimeout)
  this.log.info({ err: error, status }, 'refused a request Node could not read')
  // A response already under way on this connection cannot be followed by another (as Node does).
  const inFlight = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage
  if (socket.writable && inFlight?.headersSent !== true) {
    const { body, headers } = rawProblem(name, status, detail)
    const head = Object.entries(headers).map(([field, value]) => `${field}: ${value}\r\n`).join('')
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${head}\r\n${body}`)
  }
  socket.destroy(error)
}

/**
 * An onRequest hook for before @fastify/cors, which answers an OPTIONS that is no preflight
 * (no Origin or no Access-Control-Request-Method) with a text/plain 400.
 */
export async function refuseBareOptions (request: FastifyRequest) {
  if (request.method === 'OPTIONS' && (request.headers.origin === undefined || request.headers['access-control-request-method'] === undefined)) {
    throw new InvalidPreflight()
  }
}

/** Ajv's complaints, reworded to name the parameter or field at fault. */
function inputErrors (error: FastifyError): InputError[] {
  const location = locations[error.validationContext as keyof typeof locations] ?? 'body'
  // Parameters are named plainly (`limit`); body fields by JSON Pointer (`/sections/0/heading`).
  const name = (pointer: string) => location === 'body' ? pointer : pointer.replace(/^\//, '')
  return (error.validation ?? []).map((issue) => {
    const params = issue.params as Record<string, unknown>
    if (issue.keyword === 'additionalProperties') {
      const known = location === 'body' ? 'field' : 'parameter'
      return { in: location, name: name(`${issue.instancePath}/${String(params.additionalProperty)}`), detail: `is not a known ${known}` }
    }
    if (issue.keyword === 'discriminator') {
      // A tagged union (a block's or mark's `type`) whose tag names none of its kinds.
      return { in: location, name: name(`${issue.instancePath}/${String(params.tag)}`), detail: params.error === 'tag' ? 'must be a string' : `is not a known kind: ${JSON.stringify(params.tagValue)}` }
    }
    if (issue.keyword === 'required') {
      return { in: location, name: name(`${issue.instancePath}/${String(params.missingProperty)}`), detail: 'is required' }
    }
    // A member whose name `propertyNames` refuses (a place's names keyed by what is no language
    // tag): Ajv names the object, and the member beside it, first with the rule its name broke.
    const memberName = (issue as { propertyName?: string }).propertyName ?? (issue.keyword === 'propertyNames' ? params.propertyName : undefined)
    if (typeof memberName === 'string') {
      const rule = issue.keyword === 'propertyNames' ? '' : `: it ${issue.message ?? 'is invalid'}`
      return { in: location, name: name(`${issue.instancePath}/${pointerToken(memberName)}`), detail: `has a name that is not accepted${rule}` }
    }
    return { in: location, name: name(issue.instancePath), detail: issue.message ?? 'is invalid' }
  })
}

function sentence (error: InputError): string {
  return error.name === ''
    ? `The request ${error.in === 'body' ? 'body' : error.in} ${error.detail}.`
    : `${locationWords[error.in]} "${error.name}" ${error.detail}.`
}

/** For Fastify's `frameworkErrors`: errors raised before routing, such as a malformed URL. */
export function frameworkErrorProblem (error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  sendProblem(request, reply, 'invalid-request', 400, `The request URL is malformed: ${error.message}.`)
}

/**
 * A required header whose absence has a status of its own: the schema says If-Match is
 * required and names a tag (so the document does), and its absence, or a `*` that names no
 * version, is 428 (RFC 6585), not a 400.
 */
function missingHeaderError (error: FastifyError): FastifyError | undefined {
  if (error.validationContext !== 'headers') return undefined
  const ifMatchMissing = error.validation?.some((issue) =>
    (issue.keyword === 'required' && (issue.params as { missingProperty?: string }).missingProperty === 'if-match') ||
    issue.instancePath === '/if-match')
  return ifMatchMissing ? new PreconditionRequired() : undefined
}

/** A database that cannot be reached (PostgreSQL down or failing over) is the server's 503, with a time to try again. */
function unavailable (error: FastifyError): FastifyError | undefined {
  if (!isUnavailable(error)) return undefined
  return Object.assign(new DatabaseUnavailable(), { headers: { 'retry-after': String(databaseRetryAfterSeconds) } })
}

async function problems (app: FastifyInstance) {
  app.setErrorHandler((raised: FastifyError, request, reply) => {
    const error = missingHeaderError(raised) ?? unavailable(raised) ?? raised
    // What a route said of the representation it meant to send is not true of a problem.
    reply.removeHeader('etag')
    reply.removeHeader('last-modified')
    reply.removeHeader('surrogate-key')
    if (error.validation) {
      const errors = inputErrors(error)
      return sendProblem(request, reply, 'invalid-request', 400, errors[0] ? sentence(errors[0]) : error.message, { errors })
    }
    const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500
    // Our errors are coded with their problem type's name, which @fastify/error upper-cases.
    const code = error.code?.toLowerCase()
    const ours = code !== undefined && code in problemTypes ? code as ProblemTypeName : undefined
    if (status >= 500 && ours === undefined) {
      // Logged whole, answered without internals: no message or stack leaves the server.
      request.log.error({ err: error }, 'request failed')
      return sendProblem(request, reply, 'internal-error', status, 'The server could not complete the request. Nothing was changed.')
    }
    // Some problems come with headers: WWW-Authenticate on a 401, the current ETag on a 412.
    const headers = (error as { headers?: Record<string, string> }).headers
    if (headers) reply.headers(headers)
    // A conflict over what articles still show names them.
    const articles = (error as { articles?: ProblemBody['articles'] }).articles
    return sendProblem(request, reply, ours ?? problemTypeForStatus(status), status, error.message, articles && { articles })
  })

  // While the server shuts down, a request still arriving on an open connection is refused
  // (Fastify's own 503 is plain JSON, so `return503OnClosing` is off); the connection closes after it.
  let closing = false
  app.addHook('preClose', async () => { closing = true })
  app.addHook('onRequest', async () => {
    if (closing) throw new ShuttingDown()
  })

  // Node lets requests without Host through (requireHostHeader is off) for this to be a problem (RFC 9112 §3.2).
  app.addHook('onRequest', async (request) => {
    if (request.raw.httpVersion === '1.1' && request.headers.host === undefined) throw new HostRequired()
  })

  // Node would answer an Expect it cannot meet with an empty 417 of its own.
  app.server.on('checkExpectation', (_request: IncomingMessage, response: ServerResponse) => {
    const { body, headers } = rawProblem('expectation-failed', 417, 'The only expectation this server meets is "Expect: 100-continue".')
    response.writeHead(417, headers).end(body)
  })

  app.setNotFoundHandler((request, reply) => {
    // A HEAD is answered with GET's headers, Content-Length included: the same words.
    const method = request.method === 'HEAD' ? 'GET' : request.method
    sendProblem(request, reply, 'not-found', 404, `Nothing answers to ${method} ${request.url.split('?')[0]}.`)
  })

}

/** `GET /problems/<name>`: what each problem type means; registered with the other routes, after the OpenAPI plugin. */
export async function problemRoutes (app: FastifyInstance) {
  app.withTypeProvider<TypeBoxTypeProvider>().get('/problems/:name', {
    schema: publicRead({
      operationId: 'getProblemType',
      summary: 'Describe a problem type',
      description: 'Every error is `application/problem+json` whose `type` is `/problems/<name>`: this says what it means.',
      tag: 'problems',
      params: Type.Object({
        name: StringEnum(problemTypeNames, { description: 'The problem type\'s name.', examples: ['not-found'] })
      }, closed),
      body: ref(ProblemType),
      bodyDescription: 'The problem type.',
      problems: [400]
    })
  }, async (request) => {
    const name = request.params.name as ProblemTypeName
    return { type: `/problems/${name}`, ...problemTypes[name] }
  })
}

export default fp(problems, { name: 'problems' })
