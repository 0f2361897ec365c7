// Every problem the API can answer with (RFC 9457 problem+json): its type, status and title, in one place.
import createError from '@fastify/error'
import { Type } from 'typebox'
import { closed } from './schema-helpers.js'

/**
 * The problem types. A problem's `type` is `/problems/<name>`, a URI reference resolved
 * against the API's own origin, where `GET /problems/<name>` describes it.
 */
export const problemTypes = {
  'invalid-request': {
    status: 400,
    title: 'Invalid request',
    description: 'A parameter or field is missing, unknown or malformed. `errors` names each one and says why.'
  },
  'invalid-cursor': {
    status: 400,
    title: 'Invalid cursor',
    description: 'The `cursor` parameter is not one this API issued for this list. Start again without `cursor` and follow `nextCursor`.'
  },
  'not-found': {
    status: 404,
    title: 'Not found',
    description: 'Nothing public answers to this address: an unknown or unpublished article, a section it does not have, or an unknown path.'
  },
  'payload-too-large': {
    status: 413,
    title: 'Payload too large',
    description: 'The request body is larger than the server accepts.'
  },
  'unsupported-media-type': {
    status: 415,
    title: 'Unsupported media type',
    description: 'The request body is in a format this operation does not read.'
  },
  'internal-error': {
    status: 500,
    title: 'Internal server error',
    description: 'Something failed on our side. Nothing was changed; quote the `instance` member, our request id, when you report it.'
  }
} as const

export type ProblemTypeName = keyof typeof problemTypes

export const problemTypeNames = Object.keys(problemTypes) as ProblemTypeName[]

/** The problem type that answers for a status when no more specific one was raised. */
export function problemTypeForStatus (status: number): ProblemTypeName {
  const found = problemTypeNames.find((name) => problemTypes[name].status === status)
  if (found) return found
  return status >= 500 ? 'internal-error' : 'invalid-request'
}

// Domain errors: each is coded with the name of the problem type it answers with.
export const ArticleNotFound = createError<[string]>('not-found', 'No published article has the id or slug "%s".', 404)
export const SectionNotFound = createError<[string, string]>('not-found', 'Article "%s" has no section "%s".', 404)
export const InvalidCursor = createError<[string]>('invalid-cursor', 'Query parameter "cursor" is invalid: %s. Start again without "cursor" and follow "nextCursor".', 400)

export const Problem = Type.Object({
  type: Type.String({ format: 'uri-reference', description: 'Identifies the problem type; `GET` it for a description.' }),
  title: Type.String({ description: 'Short summary of the problem type; the same for every occurrence.' }),
  status: Type.Integer({ description: 'The HTTP status code.' }),
  detail: Type.String({ description: 'What went wrong in this occurrence, in words a developer can act on.' }),
  instance: Type.String({ format: 'uri', description: 'This occurrence: the request id the server logged it under, as `urn:uuid:<id>`.' }),
  errors: Type.Optional(Type.Array(Type.Object({
    in: Type.Union([Type.Literal('path'), Type.Literal('query'), Type.Literal('body'), Type.Literal('header')], {
      description: 'Where the offending input was.'
    }),
    name: Type.String({ description: 'The parameter, or the JSON Pointer of the body field, at fault; empty for the whole body.' }),
    detail: Type.String({ description: 'Why it was refused.' })
  }, closed), { description: 'For `invalid-request`: every input that was refused.' }))
}, {
  $id: 'Problem',
  title: 'Problem',
  description: 'An error, as RFC 9457 problem details (`application/problem+json`).',
  examples: [{
    type: '/problems/invalid-request',
    title: 'Invalid request',
    status: 400,
    detail: 'Query parameter "limit" must be <= 100.',
    instance: 'urn:uuid:4f9d1c62-8d0b-4a5e-9d3a-2f6f3c1e7b10',
    errors: [{ in: 'query', name: 'limit', detail: 'must be <= 100' }]
  }]
})

export const ProblemType = Type.Object({
  type: Type.String({ format: 'uri-reference' }),
  title: Type.String(),
  status: Type.Integer(),
  description: Type.String()
}, {
  $id: 'ProblemType',
  title: 'ProblemType',
  description: 'What a problem type means and what to do about it.',
  examples: [{ type: '/problems/not-found', ...problemTypes['not-found'] }]
})
