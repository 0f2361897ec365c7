// Public article endpoints: the list of published articles and one article whole.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { articleETag } from '../etags.js'
import { audienceOf } from '../plugins/auth.js'
import { PageQuery } from '../pagination.js'
import { publicRead } from '../route-schemas.js'
import { ref } from '../schema-helpers.js'
import { bodyCache } from './body-cache.js'
import { ArticleParams } from './params.js'
import { Article, ArticlePage, type ArticleBody } from './schemas.js'

const articleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const bodies = bodyCache()

  app.get('/articles', {
    schema: publicRead({
      operationId: 'listArticles',
      summary: 'List published articles',
      description: 'Published articles, newest first, as summaries. Follow `nextCursor` for the next page.',
      tag: 'articles',
      querystring: PageQuery,
      body: ref(ArticlePage),
      bodyDescription: 'A page of article summaries.',
      problems: [400],
      editorsSeeMore: true
    })
  }, async (request) => app.articles.list(audienceOf(request), request.query))

  app.get('/articles/:ref', {
    schema: publicRead({
      operationId: 'getArticle',
      summary: 'Get an article',
      description: 'One published article by id or slug, with its sections, metadata and comment count.',
      tag: 'articles',
      params: ArticleParams,
      body: ref(Article),
      bodyDescription: 'The article.',
      problems: [400, 404],
      editorsSeeMore: true
    })
  }, async (request, reply) => {
    const audience = audienceOf(request)
    const current = app.articles.resolve(request.params.ref, audience)
    let etag = articleETag(current)
    let body = bodies.get(current.id, etag)
    if (body === undefined) {
      const article = app.articles.get(current.id, audience)
      etag = articleETag(article)
      body = reply.serializeInput(article, '200', 'application/json') as string
      bodies.set(article.id, etag, body)
    }
    // Already serialized by this route's schema; Fastify sends a string as it is.
    return reply.header('etag', etag).type('application/json; charset=utf-8').send(body as unknown as ArticleBody)
  })
}

export default articleRoutes
