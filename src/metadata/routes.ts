// Metadata endpoints: an article's place and sources for readers; replacing them, and adding, changing and deleting sources, for editors.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { v7 as uuidv7 } from 'uuid'
import { describeArticle } from '../articles/cache-headers.js'
import { ArticleParams } from '../articles/params.js'
import type { ArticleBody } from '../articles/schemas.js'
import { SourceNotFound } from '../errors.js'
import { audienceOf, requireRole, writeOf } from '../plugins/auth.js'
import { editorialETag } from '../etags.js'
import { IfMatch, created, noContent, ok, publicRead, tokenOperation } from '../route-schemas.js'
import { ref } from '../schema-helpers.js'
import { checkPlaceNames } from './place.js'
import { addSource, checkKeptSources, removeSource, replaceMetadata, updateSource } from './repository.js'
import { Metadata, MetadataReplacement, Source, SourceInput, SourceParams, SourcePatch, maxSources } from './schemas.js'

/** A source of the article as a write left it. */
function sourceIn (article: ArticleBody, sourceId: string) {
  const source = article.metadata.sources.find((candidate) => candidate.id === sourceId)
  if (!source) throw new SourceNotFound(article.id, sourceId)
  return source
}

const metadataRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/articles/:ref/metadata', {
    schema: publicRead({
      operationId: 'getMetadata',
      summary: 'Get an article\'s metadata',
      description: 'The place (Ort) and sources (Quellen) of a published article. The place\'s `display` is what readers of the article are shown: its name in the article\'s language, else its country\'s name in that language, else its `name`.',
      tag: 'metadata',
      params: ArticleParams,
      body: ref(Metadata),
      bodyDescription: 'The place and sources.',
      problems: [400, 404],
      editorsSeeMore: true
    })
  }, async (request, reply) => {
    const article = await app.articles.resolve(request.params.ref, audienceOf(request))
    describeArticle(reply, article)
    reply.header('etag', editorialETag(article))
    return await app.metadata.get(article.id, article.language)
  })

  const editorsOnly = requireRole(['editor'], 'change articles')

  app.put('/articles/:ref/metadata', {
    onRequest: editorsOnly,
    schema: tokenOperation({
      operationId: 'replaceMetadata',
      summary: 'Replace an article\'s metadata',
      description: 'Sets the place and the sources together, replacing what was there. The place\'s `names` by language are kept exactly as written (tags that differ only in case are refused); its `display` is made on every read. Source URLs must be absolute http(s) URLs. What `GET` answers can be sent back as it is: the place\'s `display` is ignored; a source sent with the id of one of the article\'s sources keeps it; one without gets a new id.',
      tag: 'metadata',
      params: ArticleParams,
      headers: IfMatch,
      body: MetadataReplacement,
      responses: { 200: ok(ref(Metadata), 'The metadata as stored; `ETag` is the article\'s new version.') },
      problems: [400, 404, 412, 413, 415, 428]
    })
  }, async (request, reply) => {
    checkPlaceNames(request.body.place, '/place')
    const article = await app.articles.update(writeOf(request), async (tx, current) => {
      await checkKeptSources(tx, current.id, request.body.sources)
      await replaceMetadata(tx, current.id, request.body)
    })
    return reply.header('etag', editorialETag(article)).send(article.metadata)
  })

  app.post('/articles/:ref/metadata/sources', {
    onRequest: editorsOnly,
    schema: tokenOperation({
      operationId: 'createSource',
      summary: 'Add a source',
      description: `Adds a source after the others; 409 when the article already has ${maxSources}, the most it may have.`,
      tag: 'metadata',
      params: ArticleParams,
      headers: IfMatch,
      body: SourceInput,
      responses: { 201: created(ref(Source), 'The new source; `ETag` is the article\'s new version.') },
      problems: [400, 404, 409, 412, 413, 415, 428]
    })
  }, async (request, reply) => {
    const id = uuidv7()
    const article = await app.articles.update(writeOf(request), async (tx, current) => {
      await addSource(tx, current.id, { ...request.body, id })
    })
    return reply.code(201)
      .header('location', `/v1/articles/${article.id}/metadata/sources/${id}`)
      .header('etag', editorialETag(article))
      .send(sourceIn(article, id))
  })

  app.patch('/articles/:ref/metadata/sources/:sourceId', {
    onRequest: editorsOnly,
    schema: tokenOperation({
      operationId: 'updateSource',
      summary: 'Change a source',
      description: 'Changes a source with a JSON merge patch (`application/merge-patch+json` or `application/json`).',
      tag: 'metadata',
      params: SourceParams,
      headers: IfMatch,
      body: SourcePatch,
      mergePatch: true,
      responses: { 200: ok(ref(Source), 'The source as changed; `ETag` is the article\'s new version.') },
      problems: [400, 404, 412, 413, 415, 428]
    })
  }, async (request, reply) => {
    const article = await app.articles.update(writeOf(request), async (tx, current) => {
      await updateSource(tx, current.id, request.params.sourceId, request.body)
    })
    return reply.header('etag', editorialETag(article)).send(sourceIn(article, request.params.sourceId))
  })

  app.delete('/articles/:ref/metadata/sources/:sourceId', {
    onRequest: editorsOnly,
    schema: tokenOperation({
      operationId: 'deleteSource',
      summary: 'Delete a source',
      description: 'Deletes a source; the others keep their order.',
      tag: 'metadata',
      params: SourceParams,
      headers: IfMatch,
      responses: { 204: noContent('Deleted; `ETag` is the article\'s new version.', { etag: true }) },
      problems: [400, 404, 412, 428]
    })
  }, async (request, reply) => {
    const article = await app.articles.update(writeOf(request), async (tx, current) => {
      await removeSource(tx, current.id, request.params.sourceId)
    })
    return reply.code(204).header('etag', editorialETag(article)).send(null)
  })
}

export default metadataRoutes
