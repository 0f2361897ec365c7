// What routes declare: the schemas of public reads and of token-holders' operations, and the responses they are made of.
import { Type, type TSchema } from 'typebox'
import { Problem, problemTypeForStatus, problemTypes } from './errors.js'
import { deployMaxAge, representationHeaders } from './plugins/caching.js'
import { problemExamples, type ProblemContext } from './problem-examples.js'
import { closed, ref } from './schema-helpers.js'

/** Sent with every response. */
const requestIdHeader = {
  'X-Request-Id': {
    type: 'string',
    format: 'uuid',
    description: 'The id the server gave this request, in its logs; a problem quotes it as `instance`. Quote it when you report a problem.'
  }
} as const

const etagHeader = {
  ETag: {
    type: 'string',
    description: 'Strong validator of this representation; send it as `If-None-Match` to get 304 when nothing changed.'
  }
} as const

const noStoreHeader = {
  'Cache-Control': {
    type: 'string',
    description: '`no-store`, or `private, no-store` when a token was sent: an answer to a write, or a problem, is not for caches.'
  }
} as const

/** Sent with every 200 to a GET, and with any body that was compressed. */
const varyHeader = {
  Vary: {
    type: 'string',
    description: '`authorization, accept-encoding` on reads: a token shows more, and large answers are compressed (`br` or `gzip`) for clients that accept it, with their own ETag (`"v1-c0-br"`). Any other answer over 1 KB that was compressed says `accept-encoding`.'
  }
} as const

/** A 200 body, JSON unless another media type is named, with the ETag header every read carries. */
export function ok<T extends TSchema> (schema: T, description: string, mediaType = 'application/json', headers: object = {}) {
  return { description, headers: { ...requestIdHeader, ...noStoreHeader, ...etagHeader, ...varyHeader, ...headers }, content: { [mediaType]: { schema } } }
}

/** What caches are told with every public read. */
const readHeaders = {
  ...requestIdHeader,
  ...etagHeader,
  'Cache-Control': {
    type: 'string',
    description: `\`public, max-age=<CACHE_MAX_AGE>, stale-while-revalidate=<CACHE_STALE_WHILE_REVALIDATE>\` (60 and 300 by default); \`public, max-age=${deployMaxAge}, stale-while-revalidate=<CACHE_STALE_WHILE_REVALIDATE>\` on the labels, which change only with a deploy; \`private, no-store\` when a token was sent; \`no-cache\` on the change feed, which caches must revalidate every time.`
  },
  'Last-Modified': {
    type: 'string',
    description: 'Where one modification time exists (an article and its parts): when it last changed. Send it as `If-Modified-Since` to get 304; `If-None-Match` is the more precise choice.'
  },
  'Surrogate-Key': {
    type: 'string',
    description: 'Space-separated keys for a CDN to purge by: `article-<id>` for anything an article shows, `comments-<id>` for its comments, `articles` (plus each listed article\'s key) for lists and feeds, `articles` alone for the sitemaps, `labels` for the labels.'
  },
  ...varyHeader
} as const

const notModified = {
  type: 'null',
  description: 'Not modified: the `If-None-Match` ETag (or `If-Modified-Since` date) is still current, so the copy you have is. With the headers a 200 would have, and no body.'
} as const

/** A 200's own headers as its 304 has them: all but those describing the body it leaves out (Content-Language). */
function withoutBodyHeaders (headers: object = {}): object {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !representationHeaders.includes(name.toLowerCase())))
}

/** What @fastify/rate-limit tells a client of a limited operation (posting comments). */
export const rateLimitHeaders = {
  'X-RateLimit-Limit': { type: 'integer', description: 'How many requests of this kind a client may make in the window (a minute).' },
  'X-RateLimit-Remaining': { type: 'integer', description: 'How many are left in the current window.' },
  'X-RateLimit-Reset': { type: 'integer', description: 'Seconds until the window starts again.' }
} as const

// Headers some problems come with, besides those of every problem.
const problemHeaders: Record<number, Record<string, { type: string, description: string }>> = {
  401: {
    'WWW-Authenticate': { type: 'string', description: 'The challenge (RFC 6750): `Bearer realm="news-cms"`, with `error="invalid_token"` when the token sent is malformed, unknown or revoked.' }
  },
  412: {
    ETag: { type: 'string', description: 'The current ETag of the article: read it again, reapply your change and send this as `If-Match`.' }
  },
  429: {
    'Retry-After': { type: 'integer', description: 'Seconds to wait before trying again.' },
    ...rateLimitHeaders
  },
  503: {
    'Retry-After': { type: 'integer', description: 'Seconds to wait before trying again (the database cannot be reached).' }
  }
}

const problemDescriptions: Record<number, string> = {
  400: 'Invalid request: a parameter or field is unknown or malformed; the problem names it.',
  401: 'Unauthorized: a token is needed, or the one sent is unknown or revoked (see `WWW-Authenticate`).',
  403: 'Forbidden: the token\'s role may not do this.',
  404: 'Not found: no article you may see has this id or slug, it has no such part, there is no such token or webhook, no such sitemap file (or no sitemaps at all without `ARTICLE_URL_TEMPLATE`), or the path is unknown.',
  409: 'Conflict: the change contradicts what is stored (a slug another article has, or a part added past the most an article may have).',
  412: 'Precondition failed: the `If-Match` ETag is stale; the current one is in the `ETag` header.',
  413: 'Payload too large: the body is over 1 MiB.',
  415: 'Unsupported media type: send `application/json`.',
  428: 'Precondition required: send `If-Match` with the ETag you last read.',
  429: 'Too many requests: too many comments, or too many wrong tokens, from this client in the last minute; wait the seconds `Retry-After` says.',
  500: 'Internal server error: nothing was changed.',
  503: 'Service unavailable: the database cannot be reached just now; nothing was changed. Try again after `Retry-After` seconds.'
}

/**
 * The problem+json responses a route can answer with, each with its headers and named
 * examples of what the server sends. Every route can fail with 401 (a token that is sent
 * must be valid, even where none is needed), with 429 (too many
 * wrong tokens from one client), with 500, and with 503 while the database cannot be reached.
 */
export function problemsOf<Status extends number> (context: ProblemContext, ...statuses: Status[]) {
  const schema = ref(Problem)
  return Object.fromEntries([...new Set<number>([...statuses, 401, 429, 500, 503])].sort((a, b) => a - b).map((status) => [status, {
    description: problemDescriptions[status] ?? problemTypes[problemTypeForStatus(status)].title,
    headers: { ...requestIdHeader, ...noStoreHeader, ...problemHeaders[status] },
    content: { 'application/problem+json': { schema, examples: problemExamples(status, context) } }
  }])) as Record<Status | 401 | 429 | 500 | 503, { description: string, headers: object, content: { 'application/problem+json': { schema: typeof schema, examples: object } } }>
}

/** The problem+json responses of a route, with examples that know nothing of it but the status. */
export function problems<Status extends number> (...statuses: Status[]) {
  return problemsOf({}, ...statuses)
}

const NoParameters = Type.Object({}, closed)

function hasCursor (query: TSchema | undefined): boolean {
  return query !== undefined && 'cursor' in ((query as { properties?: object }).properties ?? {})
}

type Security = Array<Record<string, string[]>>
const anyone: Security = []
const anyoneOrToken: Security = [{}, { bearerAuth: [] }]
const tokenHolders: Security = [{ bearerAuth: [] }]

interface Operation<Params, Query, Problems extends number> {
  operationId: string
  summary: string
  description: string
  tag: string
  params?: Params
  querystring?: Query
  problems: Problems[]
}

/**
 * The schema of a public GET: unknown query parameters refused, a body (JSON unless
 * `mediaType` says otherwise) with its ETag, 304 for a current If-None-Match, and its
 * problems. Where `editorsSeeMore`, an editor's or admin's token also shows articles that
 * are not public yet. `headers` are those its 200 sends besides every read's.
 */
export function publicRead<Body extends TSchema, Problems extends number, Params extends TSchema = typeof NoParameters, Query extends TSchema = typeof NoParameters> (
  route: Operation<Params, Query, Problems> & { body: Body, bodyDescription: string, mediaType?: string, editorsSeeMore?: boolean, headers?: object }
) {
  return {
    operationId: route.operationId,
    summary: route.summary,
    description: route.description,
    tags: [route.tag],
    security: route.editorsSeeMore ? anyoneOrToken : anyone,
    params: (route.params ?? NoParameters) as Params,
    querystring: (route.querystring ?? NoParameters) as Query,
    response: {
      200: { ...ok(route.body, route.bodyDescription, route.mediaType), headers: { ...readHeaders, ...route.headers } },
      304: { ...notModified, headers: { ...readHeaders, ...withoutBodyHeaders(route.headers) } },
      ...problemsOf({ tag: route.tag, cursor: hasCursor(route.querystring) }, ...route.problems)
    }
  }
}

/**
 * A JSON merge patch body (RFC 7396), read as `application/merge-patch+json` or as
 * `application/json`: validated the same way for both. Typed as the schema itself, which
 * is what either content type's body is.
 */
function mergePatchBody (schema: TSchema) {
  return { content: { 'application/merge-patch+json': { schema }, 'application/json': { schema } } }
}

/**
 * Marks an operation whose body may be left out (an action such as publish): the bodies plugin
 * reads no body as `{}` there (and refuses a missing body everywhere else). @fastify/swagger
 * publishes every body as required, so the OpenAPI plugin reads this mark to say otherwise.
 */
export const bodyOptional = 'x-body-optional'

/** The schema of an operation that needs a token: 401 without one, 403 for another role. */
export function tokenOperation<
  Responses extends object,
  Problems extends number,
  Params extends TSchema = typeof NoParameters,
  Query extends TSchema = typeof NoParameters,
  Body extends TSchema | undefined = undefined,
  Headers extends TSchema | undefined = undefined
> (route: Operation<Params, Query, Problems> & { body?: Body, mergePatch?: boolean, optionalBody?: boolean, headers?: Headers, responses: Responses }) {
  return {
    operationId: route.operationId,
    summary: route.summary,
    description: route.description,
    tags: [route.tag],
    security: tokenHolders,
    params: (route.params ?? NoParameters) as Params,
    querystring: (route.querystring ?? NoParameters) as Query,
    // Left out, not undefined, where a route has none: Fastify warns of a missing body schema otherwise.
    ...(route.body && { body: route.mergePatch ? mergePatchBody(route.body) : route.body }) as { body: Body },
    ...(route.optionalBody && { [bodyOptional]: true }),
    ...(route.headers && { headers: route.headers }) as { headers: Headers },
    response: {
      ...problemsOf<Problems | 403>({ tag: route.tag, body: route.body !== undefined, cursor: hasCursor(route.querystring) }, 403, ...route.problems),
      ...route.responses
    }
  }
}

const locationHeader = {
  Location: { type: 'string', description: 'Where the new resource is.' }
} as const

/** A 201 JSON body, with where the new resource lives and its ETag. */
export function created<T extends TSchema> (schema: T, description: string, headers: object = {}) {
  return { description, headers: { ...requestIdHeader, ...noStoreHeader, ...locationHeader, ...etagHeader, ...varyHeader, ...headers }, content: { 'application/json': { schema } } }
}

/** A 204: done, nothing to show but the article's new ETag, where there is one. */
export function noContent (description: string, options: { etag?: boolean } = {}) {
  return Type.Null({ description, headers: { ...requestIdHeader, ...noStoreHeader, ...(options.etag && etagHeader) } })
}

/** The If-Match header every write to an existing article needs: missing, it is a 428 problem (see src/plugins/problems.ts), not a 400. */
export const IfMatch = Type.Object({
  'if-match': Type.String({
    // A tag, never `*`: "whatever is there now" proves no read, so it is answered as missing (428).
    pattern: '^\\s*(W/)?"',
    description: 'The ETag you last read of the article (or of its sections or metadata). Without it (or with `*`, which names no version) 428, when stale 412. Only the version it names counts, so comments approved since do not make it stale.',
    examples: ['"v1-c0"']
  })
})
