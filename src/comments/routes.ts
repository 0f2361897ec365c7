// Comment endpoints: readers list and post them; moderators see every status, decide, and delete.
import { createHmac, randomBytes } from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ArticleParams } from '../articles/params.js'
import { TooManyRequests, invalidParameter } from '../errors.js'
import { audienceOf, requireRole } from '../plugins/auth.js'
import { surrogateKey, surrogateKeys } from '../plugins/caching.js'
import { created, noContent, ok, problemsOf, publicRead, rateLimitHeaders, tokenOperation } from '../route-schemas.js'
import { ref } from '../schema-helpers.js'
import { parseQuery } from '../search/query.js'
import {
  ArticleCommentParams,
  Comment,
  CommentPage,
  CommentParams,
  CommentQuery,
  CommentStatusChange,
  ModeratedComment,
  ModerationPage,
  ModerationQuery,
  NewComment
} from './schemas.js'

export interface CommentOptions {
  /** Approve new comments at once instead of holding them for moderation. */
  autoApprove: boolean
  /** Comments a client may post a minute. */
  rateLimit: number
}

/** The largest comment request body, in bytes: 5,000 characters of four bytes each, and the rest. */
const commentBodyLimit = 32 * 1024

const commentRoutes: FastifyPluginAsyncTypebox<CommentOptions> = async (app, options) => {
  // Clients are told apart by a keyed hash of their address, under a key that lives as long
  // as the process: enough to see the same client twice in ten minutes, useless beyond.
  const clientKey = randomBytes(32)
  // Each address's hash made once while it posts (an HMAC cost a post 3 % of its CPU), the
  // oldest forgotten beyond 10,000 addresses.
  const clientHashes = new Map<string, string>()
  const clientHash = (address: string) => {
    let hash = clientHashes.get(address)
    if (hash === undefined) {
      hash = createHmac('sha256', clientKey).update(address).digest('hex')
      if (clientHashes.size >= 10_000) clientHashes.delete(clientHashes.keys().next().value as string)
      clientHashes.set(address, hash)
    }
    return hash
  }

  app.get('/articles/:ref/comments', {
    schema: publicRead({
      operationId: 'listComments',
      summary: 'List an article\'s comments',
      description: 'Approved comments on a published article, oldest first, with the total count; with `thread=true`, top-level comments with their replies nested. Follow `nextCursor` for the next page.',
      tag: 'comments',
      params: ArticleParams,
      querystring: CommentQuery,
      body: ref(CommentPage),
      bodyDescription: 'A page of approved comments, or of threads.',
      problems: [400, 404],
      editorsSeeMore: true
    })
  }, async (request, reply) => {
    const article = await app.articles.resolve(request.params.ref, audienceOf(request))
    surrogateKeys(reply, [surrogateKey.comments(article.id)])
    const { thread, ...page } = request.query
    return thread ? await app.comments.listThreads(article.id, page) : await app.comments.listApproved(article.id, page)
  })

  app.get('/articles/:ref/comments/:commentId', {
    schema: publicRead({
      operationId: 'getComment',
      summary: 'Get a comment',
      description: 'One approved comment of an article.',
      tag: 'comments',
      params: ArticleCommentParams,
      body: ref(Comment),
      bodyDescription: 'The comment.',
      problems: [400, 404],
      editorsSeeMore: true
    })
  }, async (request, reply) => {
    const article = await app.articles.resolve(request.params.ref, audienceOf(request))
    // Keyed once found: a 404 problem carries no purge key.
    const comment = await app.comments.getApproved(article.id, request.params.commentId)
    surrogateKeys(reply, [surrogateKey.comments(article.id)])
    return comment
  })

  app.post('/articles/:ref/comments', {
    bodyLimit: commentBodyLimit,
    config: {
      text: 'reader',
      rateLimit: {
        max: options.rateLimit,
        timeWindow: 60_000,
        // Retry-After on a 429 is what the document and the README promise; the draft X-RateLimit-* headers are not sent.
        addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
        addHeaders: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false, 'retry-after': true },
        errorResponseBuilder: (_request, context) => new TooManyRequests(context.max, context.after)
      }
    },
    schema: {
      operationId: 'createComment',
      summary: 'Post a comment',
      description: `Posts a reader's comment on a published article; no token needed. It is \`pending\` until a moderator approves it (unless the server approves at once). Each client may post \`COMMENT_RATE_LIMIT\` comments a minute, 5 unless configured (429 with \`Retry-After\` beyond that); the same text twice within ten minutes is a 409; bodies over 32 KiB are 413.`,
      tags: ['comments'],
      security: [],
      params: ArticleParams,
      body: NewComment,
      response: {
        201: created(ref(ModeratedComment), 'The comment as stored, with its status. `Location` is where it will be readable once approved.', rateLimitHeaders),
        ...problemsOf({ tag: 'comments', body: true }, 400, 404, 409, 413, 415, 429)
      }
    }
  }, async (request, reply) => {
    const comment = await app.comments.post(request.params.ref, request.body, { clientHash: clientHash(request.ip), approve: options.autoApprove })
    return reply.code(201).header('location', `/v1/articles/${comment.articleId}/comments/${comment.id}`).send(comment)
  })

  const moderatorsOnly = requireRole(['moderator'], 'moderate comments')

  app.get('/comments', {
    onRequest: moderatorsOnly,
    schema: tokenOperation({
      operationId: 'listCommentsForModeration',
      summary: 'The moderation queue',
      description: 'Comments of any status, newest first, with the authors\' emails; narrowed by `status`, `article` and a search of names and texts (`q`).',
      tag: 'moderation',
      querystring: ModerationQuery,
      responses: { 200: ok(ref(ModerationPage), 'A page of the queue.') },
      problems: [400]
    })
  }, async (request) => {
    const { status, article, q, ...page } = request.query
    const search = q === undefined ? undefined : parseQuery(q)
    if (search !== undefined && 'error' in search) throw invalidParameter('q', search.error)
    return await app.comments.moderationQueue({ status, article }, page, search)
  })

  app.patch('/comments/:id', {
    onRequest: moderatorsOnly,
    schema: tokenOperation({
      operationId: 'moderateComment',
      summary: 'Moderate a comment',
      description: 'Sets a comment\'s status: `approved` shows it, any other hides it. The article\'s `commentCount` (and ETag) follow at once.',
      tag: 'moderation',
      params: CommentParams,
      body: CommentStatusChange,
      responses: { 200: ok(ref(ModeratedComment), 'The comment with its new status.') },
      problems: [400, 404, 413, 415]
    })
  }, async (request) => await app.comments.setStatus(request.params.id, request.body.status))

  app.delete('/comments/:id', {
    onRequest: moderatorsOnly,
    schema: tokenOperation({
      operationId: 'deleteComment',
      summary: 'Delete a comment',
      description: 'Deletes a comment. One that has replies becomes a tombstone (`deleted: true`, no name or text) so that its thread still reads; one without is removed.',
      tag: 'moderation',
      params: CommentParams,
      responses: { 204: noContent('Deleted.') },
      problems: [400, 404]
    })
  }, async (request, reply) => {
    await app.comments.remove(request.params.id)
    return reply.code(204).send(null)
  })
}

export default commentRoutes
