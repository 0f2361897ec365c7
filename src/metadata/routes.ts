// Public metadata endpoint: an article's place and sources.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ArticleParams } from '../articles/params.js'
import { editorialETag } from '../etags.js'
import { notModified, ok, problems } from '../responses.js'
import { closed, ref } from '../schema-helpers.js'
import { Metadata } from './schemas.js'

const metadataRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/articles/:ref/metadata', {
    schema: {
      operationId: 'getMetadata',
      summary: 'Get an article\'s metadata',
      description: 'The place (Ort) and sources (Quellen) of a published article.',
      tags: ['metadata'],
      security: [],
      params: ArticleParams,
      querystring: Type.Object({}, closed),
      response: {
        200: ok(ref(Metadata), 'The place and sources.'),
        304: notModified,
        ...problems(400, 404)
      }
    }
  }, async (request, reply) => {
    const article = app.articles.resolvePublished(request.params.ref)
    reply.header('etag', editorialETag(article))
    return app.metadata.get(article.id)
  })
}

export default metadataRoutes
