// Author endpoints: anyone reads authors (editors with their emails); editors add, change and delete them.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { editorialETag } from '../etags.js'
import { PageQuery } from '../pagination.js'
import { audienceOf, authorOf, requireRole } from '../plugins/auth.js'
import { purgeHeader, surrogateKey, surrogateKeys } from '../plugins/caching.js'
import { IfMatch, created, noContent, ok, publicRead, tokenOperation } from '../route-schemas.js'
import { ref } from '../schema-helpers.js'
import { Author, AuthorPage, AuthorParams, AuthorPatch, NewAuthor } from './schemas.js'

/** A public read shows no email, so its tag differs from the editors' (`"v3-public"`); either names the version for If-Match. */
function authorETag (author: { version: number }, audience: 'public' | 'editorial'): string {
  return audience === 'public' ? `"v${author.version}-public"` : editorialETag(author)
}

const authorRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/authors', {
    schema: publicRead({
      operationId: 'listAuthors',
      summary: 'List authors',
      description: 'Authors, oldest first; editors\' and admins\' tokens also show their emails. Follow `nextCursor` for the next page.',
      tag: 'authors',
      querystring: PageQuery,
      body: ref(AuthorPage),
      bodyDescription: 'A page of authors.',
      problems: [400],
      editorsSeeMore: true
    })
  }, async (request, reply) => {
    const page = await app.authors.list(audienceOf(request), request.query)
    surrogateKeys(reply, [surrogateKey.authors, ...page.data.map((author) => surrogateKey.author(author.id))])
    return page
  })

  app.get('/authors/:ref', {
    schema: publicRead({
      operationId: 'getAuthor',
      summary: 'Get an author',
      description: 'One author by id or slug; editors\' and admins\' tokens also show the email. Their articles: `GET /v1/articles?author=<ref>`.',
      tag: 'authors',
      params: AuthorParams,
      body: ref(Author),
      bodyDescription: 'The author.',
      problems: [400, 404],
      editorsSeeMore: true
    })
  }, async (request, reply) => {
    const audience = audienceOf(request)
    const author = await app.authors.get(request.params.ref, audience)
    surrogateKeys(reply, [surrogateKey.author(author.id)])
    return reply.header('etag', authorETag(author, audience)).send(author)
  })

  const editorsOnly = requireRole(['editor'], 'change authors')

  app.post('/authors', {
    onRequest: editorsOnly,
    schema: tokenOperation({
      operationId: 'createAuthor',
      summary: 'Add an author',
      description: 'Adds an author. Without `slug`, one is made from the name (Arabic letters kept; `-2`, `-3`, ... added when taken); a `slug` another author has is a 409. `image` must be an uploaded picture.',
      tag: 'authors',
      body: NewAuthor,
      responses: { 201: created(ref(Author), 'The new author. `Location` is its address, `ETag` its version for the next write.') },
      problems: [400, 409, 413, 415]
    })
  }, async (request, reply) => {
    const author = await app.authors.create(request.body)
    return reply.code(201).header('location', `/v1/authors/${author.id}`).header('etag', editorialETag(author)).send(author)
  })

  app.patch('/authors/:ref', {
    onRequest: editorsOnly,
    schema: tokenOperation({
      operationId: 'updateAuthor',
      summary: 'Change an author',
      description: 'Changes an author with a JSON merge patch (`application/merge-patch+json` or `application/json`). Changing what bylines show (`name`, `slug`, `url`, `image`) moves every article that shows the author on to a new version in the same write: a new revision each, an `article.updated` in the change feed (and to webhooks) for the public ones, and their keys in `Surrogate-Key` to purge.',
      tag: 'authors',
      params: AuthorParams,
      headers: IfMatch,
      body: AuthorPatch,
      mergePatch: true,
      responses: { 200: ok(ref(Author), 'The author as changed, with its new `ETag`.', 'application/json', purgeHeader) },
      problems: [400, 404, 409, 412, 413, 415, 428]
    })
  }, async (request, reply) => {
    const { author, articleIds } = await app.authors.update({ ref: request.params.ref, ifMatch: request.headers['if-match'], author: authorOf(request) }, request.body)
    surrogateKeys(reply, [surrogateKey.author(author.id), ...articleIds.map(surrogateKey.article)])
    return reply.header('etag', editorialETag(author)).send(author)
  })

  app.delete('/authors/:ref', {
    onRequest: editorsOnly,
    schema: tokenOperation({
      operationId: 'deleteAuthor',
      summary: 'Delete an author',
      description: 'Deletes an author no article shows; while any does, a 409 naming those articles (in `detail` and `articles`). Needs `If-Match`.',
      tag: 'authors',
      params: AuthorParams,
      headers: IfMatch,
      responses: { 204: noContent('Deleted.') },
      problems: [400, 404, 409, 412, 428]
    })
  }, async (request, reply) => {
    await app.authors.remove({ ref: request.params.ref, ifMatch: request.headers['if-match'], author: authorOf(request) })
    return reply.code(204).send(null)
  })
}

export default authorRoutes
