// Public article endpoints: the list of published articles and one article whole.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { articleETag } from '../etags.js'
import { PageQuery } from '../pagination.js'
import { notModified, ok, problems } from '../responses.js'
import { closed, ref } from '../schema-helpers.js'
import { Type } from 'typebox'
import { ArticleParams } from './params.js'
import { Article, ArticlePage } from './schemas.js'

const articleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/articles', {
    schema: {
      operationId: 'listArticles',
      summary: 'List published articles',
      description: 'Published articles, newest first, as summaries. Follow `nextCursor` for the next page.',
      tags: ['articles'],
      security: [],
      querystring: PageQuery,
      response: {
        200: ok(ref(ArticlePage), 'A page of article summaries.'),
        304: notModified,
        ...problems(400)
      }
    }
  }, async (request) => app.articles.listPublished(request.query))

  app.get('/articles/:ref', {
    schema: {
      operationId: 'getArticle',
      summary: 'Get an article',
      description: 'One published article by id or slug, with its sections, metadata and comment count.',
      tags: ['articles'],
      security: [],
      params: ArticleParams,
      querystring: Type.Object({}, closed),
      response: {
        200: ok(ref(Article), 'The article.'),
        304: notModified,
        ...problems(400, 404)
      }
    }
  }, async (request, reply) => {
    const article = app.articles.getPublished(request.params.ref)
    reply.header('etag', articleETag(article))
    return article
  })
}

export default articleRoutes
