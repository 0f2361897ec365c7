// The OpenAPI examples of each problem an operation answers with: what the server sends, made by the same errors.
import type { Static } from 'typebox'
import {
  ArticleNotFound, AuthorNotFound, CommentNotFound, NameTaken, TopicNotFound, stillShown, DuplicateComment, Forbidden, InvalidCursor, PreconditionFailed, PreconditionRequired,
  DatabaseUnavailable, MediaInUse, MediaNotFound, SitemapsUnconfigured, SlugTaken, UnsupportedImage, TokenNotFound, TooManyRequests, WebhookNotFound, problemTypeForStatus, problemTypes, type Problem
} from './errors.js'
import { anyLanguageTag } from './language.js'

/** What the examples of an operation's problems depend on. */
export interface ProblemContext {
  /** The operation's tag: which resource a 403, 404 or 409 is about. */
  tag?: string
  /** Whether the operation reads a body (a 400 then names a field). */
  body?: boolean
  /** Whether the operation is a list paged by `cursor`. */
  cursor?: boolean
}

interface Example { summary: string, value: Static<typeof Problem> }

// Any request id: problems quote the one the server gave the request.
const instance = 'urn:uuid:4f9d1c62-8d0b-4a5e-9d3a-2f6f3c1e7b10'

function problem (status: number, detail: string, name = problemTypeForStatus(status), errors?: Static<typeof Problem>['errors']): Static<typeof Problem> {
  return { type: `/problems/${name}`, title: problemTypes[name].title, status, detail, instance, ...(errors && { errors }) }
}

// Who may do what, by tag: the role a 403 names and the action it may not do (as src/plugins/auth.ts words it).
const refusals: Record<string, [string, string]> = {
  revisions: ['moderator', 'read or restore revisions'],
  moderation: ['editor', 'moderate comments'],
  tokens: ['editor', 'manage tokens'],
  webhooks: ['editor', 'manage webhooks'],
  authors: ['moderator', 'change authors'],
  topics: ['moderator', 'change topics']
}

function notFound (tag: string | undefined): string {
  if (tag === 'tokens') return new TokenNotFound('019ad1c4-5a00-7000-8000-0000000000e9').message
  if (tag === 'webhooks') return new WebhookNotFound('019ad1c4-5a00-7000-8000-0000000000f9').message
  if (tag === 'media') return new MediaNotFound('019ad1c4-5a00-7000-8000-0000000000a1').message
  if (tag === 'moderation') return new CommentNotFound('0195c1a2-3b00-7c00-8000-000000000009').message
  if (tag === 'authors') return new AuthorNotFound('steve-witkoff').message
  if (tag === 'topics') return new TopicNotFound('politics').message
  if (tag === 'sitemaps') return new SitemapsUnconfigured().message
  return new ArticleNotFound('no-such-article').message
}

// How the schema refuses a language tag (`ar_EG`) the labels are asked for with.
const malformedTag = `must match pattern "${anyLanguageTag.pattern}"`

const examplesByStatus: Record<number, (context: ProblemContext) => Record<string, Example>> = {
  400: ({ tag, body, cursor }) => ({
    ...(body
      ? { 'unknown-field': { summary: 'A field the body may not have', value: problem(400, 'Field "/colour" is not a known field.', 'invalid-request', [{ in: 'body', name: '/colour', detail: 'is not a known field' }]) } }
      : { 'unknown-parameter': { summary: 'A query parameter the operation does not take', value: problem(400, 'Query parameter "colour" is not a known parameter.', 'invalid-request', [{ in: 'query', name: 'colour', detail: 'is not a known parameter' }]) } }),
    ...(tag === 'labels' && { 'malformed-tag': { summary: 'A language tag that is not BCP 47', value: problem(400, `Path parameter "lang" ${malformedTag}.`, 'invalid-request', [{ in: 'path', name: 'lang', detail: malformedTag }]) } }),
    ...(cursor && { 'invalid-cursor': { summary: 'A cursor this list did not issue', value: problem(400, new InvalidCursor('it is not a cursor this API issued').message, 'invalid-cursor') } })
  }),
  401: () => ({
    'unknown-token': { summary: 'A token that is unknown or revoked', value: problem(401, 'The token is unknown or has been revoked.') }
  }),
  403: ({ tag }) => {
    const [role, action] = refusals[tag ?? ''] ?? ['moderator', 'change articles']
    return { 'wrong-role': { summary: 'A token whose role may not do this', value: problem(403, new Forbidden(role, action).message) } }
  },
  404: ({ tag }) => ({ 'not-found': { summary: 'Nothing you may see has this id', value: problem(404, notFound(tag)) } }),
  409: ({ tag, body }): Record<string, Example> => {
    if (tag === 'comments') return { duplicate: { summary: 'The same comment twice', value: problem(409, new DuplicateComment().message) } }
    if (tag === 'media') return { 'in-use': { summary: 'A picture an article shows', value: problem(409, new MediaInUse('019ad1c4-5a00-7000-8000-0000000000a1', 'articles 0195c04c-9800-7843-93ad-d8c489d33569').message) } }
    if (tag === 'authors' || tag === 'topics') {
      const kind = tag === 'authors' ? 'author' : 'topic'
      const slug = tag === 'authors' ? 'steve-witkoff' : 'politics'
      const shownBy = [{ id: '0195c04c-9800-7843-93ad-d8c489d33569', slug: 'بوتين-وترامب-اجتماع-لوقف-إطلاق-النار-الأمل-في-أوكرانيا' }]
      // Writes with a body take a slug; a delete may find articles still showing what it deletes.
      return body
        ? { 'slug-taken': { summary: `A slug another ${kind} has`, value: problem(409, new NameTaken(kind, slug).message) } }
        : {
            'still-shown': { summary: `Deleting a${kind === 'author' ? 'n' : ''} ${kind} articles still show`, value: { ...problem(409, stillShown(kind, slug, shownBy).message), articles: shownBy } }
          }
    }
    return { 'slug-taken': { summary: 'A slug another article has', value: problem(409, new SlugTaken('putin-trump').message) } }
  },
  412: () => ({ stale: { summary: 'An If-Match that is not the current ETag', value: problem(412, new PreconditionFailed('"v1-c0"', '"v2-c0"').message) } }),
  413: () => ({ 'too-large': { summary: 'A body over the limit', value: problem(413, 'Request body is too large') } }),
  415: ({ tag }) => ({
    'not-json': { summary: 'A body that is not JSON', value: problem(415, 'Unsupported Media Type') },
    ...(tag === 'media' && { mismatch: { summary: 'An upload whose bytes are another type than its header says', value: problem(415, new UnsupportedImage('Content-Type says image/jpeg, but the body is a PNG image (image/png): send it with Content-Type: image/png.').message) } })
  }),
  428: () => ({ 'no-if-match': { summary: 'A write without If-Match', value: problem(428, new PreconditionRequired().message) } }),
  429: () => ({ 'too-many': { summary: 'Too many comments in a minute', value: problem(429, new TooManyRequests(5, '1 minute').message) } }),
  500: () => ({ internal: { summary: 'A failure on our side', value: problem(500, 'The server could not complete the request. Nothing was changed.') } }),
  503: () => ({ 'database-unreachable': { summary: 'The database cannot be reached', value: problem(503, new DatabaseUnavailable().message) } })
}

/** The named examples of a problem status, for an operation in this context. */
export function problemExamples (status: number, context: ProblemContext): Record<string, Example> {
  return examplesByStatus[status]?.(context) ?? {
    [problemTypeForStatus(status)]: { summary: problemTypes[problemTypeForStatus(status)].title, value: problem(status, problemTypes[problemTypeForStatus(status)].description) }
  }
}
