// Public metadata endpoint: an article's place and sources.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ArticleParams } from '../articles/params.js'
import { audienceOf } from '../plugins/auth.js'
import { editorialETag } from '../etags.js'
import { publicRead } from '../route-schemas.js'
import { ref } from '../schema-helpers.js'
import { Metadata } from './schemas.js'

const metadataRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/articles/:ref/metadata', {
    schema: publicRead({
      operationId: 'getMetadata',
      summary: 'Get an article\'s metadata',
      description: 'The place (Ort) and sources (Quellen) of a published article.',
      tag: 'metadata',
      params: ArticleParams,
      body: ref(Metadata),
      bodyDescription: 'The place and sources.',
      problems: [400, 404],
      editorsSeeMore: true
    })
  }, async (request, reply) => {
    const article = app.articles.resolve(request.params.ref, audienceOf(request))
    reply.header('etag', editorialETag(article))
    return app.metadata.get(article.id)
  })
}

export default metadataRoutes
