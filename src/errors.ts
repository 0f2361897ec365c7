// Every problem the API can answer with (RFC 9457 problem+json): its type, status and title, in one place.
import createError from '@fastify/error'
import { Type } from 'typebox'
import { StringEnum, closed } from './schema-helpers.js'

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
    description: 'The `cursor` (or, for the change feed, `since`) parameter is not one this API issued for this list, or not one this database issued. Start again without it and follow `nextCursor`; a partner mirroring the change feed replays it from the start.'
  },
  unauthorized: {
    status: 401,
    title: 'Unauthorized',
    description: 'This needs a token, or the `Authorization: Bearer` token sent is unknown or revoked.'
  },
  forbidden: {
    status: 403,
    title: 'Forbidden',
    description: 'The token is valid but its role may not do this.'
  },
  'not-found': {
    status: 404,
    title: 'Not found',
    description: 'Nothing you may see answers to this address: an unknown article (or one not published yet, without an editor\'s token), a section, source or revision it does not have, an unknown token or webhook, a sitemap file past the last or any sitemap on a server without `ARTICLE_URL_TEMPLATE`, or an unknown path.'
  },
  'request-timeout': {
    status: 408,
    title: 'Request timeout',
    description: 'The request\'s headers and body did not all arrive within the time the server waits for them (`REQUEST_TIMEOUT_MS`). The connection is closed; send the request again, whole.'
  },
  conflict: {
    status: 409,
    title: 'Conflict',
    description: 'The request contradicts what is stored, such as a slug another article (or author, or topic) already has, a section or source added to an article that already has as many as it may (the detail names the limit), an author or topic deleted while articles still show it (named in `articles`), or a revision restored whose author or topic has been deleted since.'
  },
  'precondition-failed': {
    status: 412,
    title: 'Precondition failed',
    description: 'The `If-Match` ETag is not the current one: someone changed the article (or author, or topic) since you read it. Read it again (its current ETag is in the `ETag` header), reapply your change and retry.'
  },
  'payload-too-large': {
    status: 413,
    title: 'Payload too large',
    description: 'The request body is larger than the server accepts.'
  },
  'expectation-failed': {
    status: 417,
    title: 'Expectation failed',
    description: 'The `Expect` header asks for something other than `100-continue`, the only expectation this server meets.'
  },
  'unsupported-media-type': {
    status: 415,
    title: 'Unsupported media type',
    description: 'The request body is in a format this operation does not read.'
  },
  'too-many-requests': {
    status: 429,
    title: 'Too many requests',
    description: 'This client posted more comments in the last minute than the server takes, or sent more requests with a wrong or malformed token than it takes a minute (`AUTH_FAILURE_LIMIT`, 10 by default; valid tokens keep working). Wait the seconds `Retry-After` says, then try again.'
  },
  'precondition-required': {
    status: 428,
    title: 'Precondition required',
    description: 'Writes to an existing article need `If-Match` with the ETag you last read, so that no one overwrites a change they have not seen.'
  },
  'request-header-fields-too-large': {
    status: 431,
    title: 'Request header fields too large',
    description: 'The request line and headers together are larger than the server reads (16 KB). The connection is closed.'
  },
  'internal-error': {
    status: 500,
    title: 'Internal server error',
    description: 'Something failed on our side. Nothing was changed; quote the `instance` member, our request id, when you report it.'
  },
  'service-unavailable': {
    status: 503,
    title: 'Service unavailable',
    description: 'The server cannot answer just now: its database cannot be reached (wait the seconds `Retry-After` says and try again; nothing was changed), or it is shutting down and takes no new request on this connection (send it again on a new connection: it reaches the server once it is back, or another one).'
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
export const TranslationNotFound = createError<[string, string, string]>('not-found', 'Article "%s" has no translation in "%s" that you may see. Its story is there in: %s.', 404)
export const TranslationExists = createError<[string, string]>('conflict', 'The translation group of article "%s" already has an article in "%s": a group holds one article per language. Read or edit that one, or change its language first.', 409)
export const SectionNotFound = createError<[string, string]>('not-found', 'Article "%s" has no section "%s".', 404)
export const Unauthorized = createError<[string]>('unauthorized', '%s', 401)
export const Forbidden = createError<[string, string]>('forbidden', 'A token with the role "%s" may not %s.', 403)
export const TokenNotFound = createError<[string]>('not-found', 'There is no token "%s".', 404)
export const WebhookNotFound = createError<[string]>('not-found', 'There is no webhook "%s".', 404)
export const RevisionNotFound = createError<[string, number]>('not-found', 'Article "%s" has no revision %d.', 404)
export const SourceNotFound = createError<[string, string]>('not-found', 'Article "%s" has no source "%s".', 404)
export const SlugTaken = createError<[string]>('conflict', 'Another article already has the slug "%s". Choose another one, or leave `slug` out to have one made from the title.', 409)
export const LimitReached = createError<[string, number, string]>('conflict', 'Article "%s" already has %d %s, the most an article may have.', 409)
export const PreconditionRequired = createError('precondition-required', 'This write needs an If-Match header with the ETag you last read of the article.', 428)
export const PreconditionFailed = createError<[string, string]>('precondition-failed', 'If-Match %s is not the current ETag %s: the article changed since you read it. Read it again and reapply your change.', 412)
const InvalidBody = createError<[string]>('invalid-request', '%s', 400)

/** A body field refused by a rule the schema cannot state; answered like a schema refusal, naming the field. */
export function invalidField (pointer: string, detail: string) {
  return Object.assign(new InvalidBody(detail), {
    validation: [{ keyword: 'custom', instancePath: pointer, schemaPath: '', params: {}, message: detail }],
    validationContext: 'body'
  })
}

/** A query parameter refused by a rule the schema cannot state (a ref that names nothing), naming the parameter. */
export function invalidParameter (name: string, detail: string) {
  return Object.assign(new InvalidBody(detail), {
    validation: [{ keyword: 'custom', instancePath: `/${name}`, schemaPath: '', params: {}, message: detail }],
    validationContext: 'querystring'
  })
}

export const InvalidPreflight = createError('invalid-request', 'An OPTIONS request is a CORS preflight, which needs both the Origin and the Access-Control-Request-Method headers.', 400)
export const ShuttingDown = createError('service-unavailable', 'The server is shutting down: send the request again on a new connection.', 503)
export const DatabaseUnavailable = createError('service-unavailable', 'The database cannot be reached just now. Nothing was changed: try again in a few seconds.', 503)
/** Seconds a client is asked to wait when the database cannot be reached. */
export const databaseRetryAfterSeconds = 5
export const HostRequired = createError('invalid-request', 'An HTTP/1.1 request needs a Host header.', 400)
export const SitemapsUnconfigured = createError('not-found', 'Sitemaps list the pages of the articles on the newsroom\'s own site, and this server does not know where they are: ARTICLE_URL_TEMPLATE is not set.', 404)
export const SitemapFileNotFound = createError<[number, number]>('not-found', 'There is no sitemap file %d: the public articles fill %d. The sitemap index lists them.', 404)

export const AuthorNotFound = createError<[string]>('not-found', 'There is no author "%s".', 404)
export const TopicNotFound = createError<[string]>('not-found', 'There is no topic "%s".', 404)
export const NameTaken = createError<[string, string]>('conflict', 'Another %s already has the slug "%s". Choose another one, or leave `slug` out to have one made from the name.', 409)
export const StaleVersion = createError<[string, string, string]>('precondition-failed', 'If-Match %s is not the current ETag %s: the %s changed since you read it. Read it again and reapply your change.', 412)
const StillShown = createError<[string, string, string]>('conflict', 'The %s "%s" is shown by %s. Take it off them first.', 409)
export const GoneSince = createError<[string, string]>('conflict', 'The revision cannot be restored: its %s "%s" has been deleted since.', 409)

/** An article as a conflict names it. */
export interface ArticleRef { id: string, slug: string }

/** A 409 for deleting what articles still show: the articles are named in the detail and, whole, in the problem's `articles` member. */
export function stillShown (kind: string, ref: string, shownBy: ArticleRef[]) {
  const named = shownBy.map((article) => `"${article.slug}" (${article.id})`).join(', ')
  return Object.assign(new StillShown(kind, ref, `${shownBy.length === 1 ? 'the article' : `${shownBy.length} articles:`} ${named}`), { articles: shownBy })
}

export const CommentNotFound = createError<[string]>('not-found', 'There is no comment "%s".', 404)
export const DuplicateComment = createError('conflict', 'You posted this same comment on this article less than ten minutes ago.', 409)
export const TooManyRequests = createError<[number, string]>('too-many-requests', 'Too many comments from this client: at most %d a minute. Try again in %s.', 429)
export const TooManyAuthFailures = createError<[number, number]>('too-many-requests', 'Too many requests with a wrong or malformed token from this client: at most %d a minute. Try again in %d seconds.', 429)
export const InvalidCursor = createError<[string]>('invalid-cursor', 'Query parameter "cursor" is invalid: %s. Start again without "cursor" and follow "nextCursor".', 400)
export const InvalidSince = createError<[string]>('invalid-cursor', 'Query parameter "since" is invalid: %s. Replay the feed from the start: request it without "since", rebuild your mirror from what it lists and follow "nextCursor".', 400)

export const Problem = Type.Object({
  type: Type.String({ format: 'uri-reference', description: 'Identifies the problem type; `GET` it for a description.' }),
  title: Type.String({ description: 'Short summary of the problem type; the same for every occurrence.' }),
  status: Type.Integer({ description: 'The HTTP status code.' }),
  detail: Type.String({ description: 'What went wrong in this occurrence, in words a developer can act on.' }),
  instance: Type.String({ format: 'uri', description: 'This occurrence: the request id the server logged it under, as `urn:uuid:<id>`.' }),
  errors: Type.Optional(Type.Array(Type.Object({
    in: StringEnum(['path', 'query', 'body', 'header'], {
      description: 'Where the offending input was.'
    }),
    name: Type.String({ description: 'The parameter, or the JSON Pointer of the body field, at fault; empty for the whole body.' }),
    detail: Type.String({ description: 'Why it was refused.' })
  }, closed), { description: 'For `invalid-request`: every input that was refused.' })),
  articles: Type.Optional(Type.Array(Type.Object({
    id: Type.String({ description: 'The article\'s id.' }),
    slug: Type.String({ description: 'The article\'s slug.' })
  }, closed), { description: 'For a `conflict` over deleting what articles still show (an author, a topic): those articles.' }))
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

// Pictures.
export const MediaNotFound = createError<[string]>('not-found', 'There is no picture "%s".', 404)
export const MediaInUse = createError<[string, string]>('conflict', 'Picture "%s" is in use, by %s: take it out of them first.', 409)
export const AltTextNeeded = createError<[string, string, string]>('conflict', 'Picture "%s" is shown by the published article "%s", which needs its alt text in "%s": keep that language\'s alt text, or take the picture out of the article first.', 409)
export const MediaChanged = createError<[string, string]>('precondition-failed', 'If-Match %s is not the current ETag %s: the picture changed since you read it. Read it again and reapply your change.', 412)
export const UnsupportedImage = createError<[string]>('unsupported-media-type', '%s', 415)
