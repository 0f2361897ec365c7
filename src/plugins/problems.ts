// Turns every error into RFC 9457 problem+json, and publishes what each problem type means.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import fp from 'fastify-plugin'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Type, type Static } from 'typebox'
import { PreconditionRequired, Problem, ProblemType, problemTypeForStatus, problemTypeNames, problemTypes, type ProblemTypeName } from '../errors.js'
import { publicRead } from '../route-schemas.js'
import { addSecurityHeaders } from './security-headers.js'
import { StringEnum, closed, ref } from '../schema-helpers.js'

type ProblemBody = Static<typeof Problem>
type InputError = NonNullable<ProblemBody['errors']>[number]

const locations = { querystring: 'query', params: 'path', body: 'body', headers: 'header' } as const
const locationWords = { query: 'Query parameter', path: 'Path parameter', body: 'Field', header: 'Header' } as const

function sendProblem (request: FastifyRequest, reply: FastifyReply, name: ProblemTypeName, status: number, detail: string, errors?: InputError[]) {
  const body: ProblemBody = {
    type: `/problems/${name}`,
    title: problemTypes[name].title,
    status,
    detail,
    instance: `urn:uuid:${request.id}`,
    ...(errors && { errors })
  }
  return reply.code(status).type('application/problem+json').send(body)
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
    if (issue.keyword === 'required') {
      return { in: location, name: name(`${issue.instancePath}/${String(params.missingProperty)}`), detail: 'is required' }
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
  addSecurityHeaders(request, reply)
  sendProblem(request, reply, 'invalid-request', 400, `The request URL is malformed: ${error.message}.`)
}

/**
 * A required header whose absence has a status of its own: the schema says If-Match is
 * required (so the document does), and its absence is 428 (RFC 6585), not a 400.
 */
function missingHeaderError (error: FastifyError): FastifyError | undefined {
  if (error.validationContext !== 'headers') return undefined
  const missing = error.validation?.find((issue) => issue.keyword === 'required')?.params as { missingProperty?: string } | undefined
  return missing?.missingProperty === 'if-match' ? new PreconditionRequired() : undefined
}

async function problems (app: FastifyInstance) {
  app.setErrorHandler((raised: FastifyError, request, reply) => {
    const error = missingHeaderError(raised) ?? raised
    if (error.validation) {
      const errors = inputErrors(error)
      return sendProblem(request, reply, 'invalid-request', 400, errors[0] ? sentence(errors[0]) : error.message, errors)
    }
    const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500
    if (status >= 500) {
      // Logged whole, answered without internals: no message or stack leaves the server.
      request.log.error({ err: error }, 'request failed')
      return sendProblem(request, reply, 'internal-error', status, 'The server could not complete the request. Nothing was changed.')
    }
    // Some problems come with headers: WWW-Authenticate on a 401, the current ETag on a 412.
    const headers = (error as { headers?: Record<string, string> }).headers
    if (headers) reply.headers(headers)
    // Our errors are coded with their problem type's name, which @fastify/error upper-cases.
    const code = error.code?.toLowerCase()
    const name = code !== undefined && code in problemTypes ? code as ProblemTypeName : problemTypeForStatus(status)
    return sendProblem(request, reply, name, status, error.message)
  })

  app.setNotFoundHandler((request, reply) => {
    sendProblem(request, reply, 'not-found', 404, `Nothing answers to ${request.method} ${request.url.split('?')[0]}.`)
  })

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
