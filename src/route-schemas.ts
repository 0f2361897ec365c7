// What routes declare: the schema of a public read, and the response entries it is made of.
import { Type, type TSchema } from 'typebox'
import { Problem, problemTypeForStatus, problemTypes } from './errors.js'
import { closed, ref } from './schema-helpers.js'

const etagHeader = {
  ETag: {
    type: 'string',
    description: 'Strong validator of this representation; send it as `If-None-Match` to get 304 when nothing changed.'
  }
} as const

/** A 200 JSON body, with the ETag header every read carries. */
export function ok<T extends TSchema> (schema: T, description: string) {
  return { description, headers: etagHeader, content: { 'application/json': { schema } } }
}

export const notModified = {
  type: 'null',
  description: 'Not modified: the `If-None-Match` ETag is still current, so the copy you have is.'
} as const

const problemDescriptions: Record<number, string> = {
  400: 'Invalid request: a parameter is unknown or malformed; the problem names it.',
  404: 'Not found: no published article has this id or slug, or the path is unknown.',
  500: 'Internal server error: nothing was changed.'
}

/** The problem+json responses a route can answer with; every route can fail with 500. */
export function problems (...statuses: number[]) {
  return Object.fromEntries([...statuses, 500].map((status) => [status, {
    description: problemDescriptions[status] ?? problemTypes[problemTypeForStatus(status)].title,
    content: { 'application/problem+json': { schema: ref(Problem) } }
  }]))
}

const NoParameters = Type.Object({}, closed)

/**
 * The schema of a public GET: no token needed, unknown query parameters refused,
 * a JSON body with its ETag, 304 for a current If-None-Match, and its problems.
 */
export function publicRead<Body extends TSchema, Params extends TSchema = typeof NoParameters, Query extends TSchema = typeof NoParameters> (route: {
  operationId: string
  summary: string
  description: string
  tag: string
  params?: Params
  querystring?: Query
  body: Body
  bodyDescription: string
  problems: number[]
}) {
  return {
    operationId: route.operationId,
    summary: route.summary,
    description: route.description,
    tags: [route.tag],
    security: [],
    params: (route.params ?? NoParameters) as Params,
    querystring: (route.querystring ?? NoParameters) as Query,
    response: {
      200: ok(route.body, route.bodyDescription),
      304: notModified,
      ...problems(...route.problems)
    }
  }
}
