// Public comment endpoint: an article's approved comments, oldest first.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ArticleParams } from '../articles/params.js'
import { audienceOf } from '../plugins/auth.js'
import { PageQuery } from '../pagination.js'
import { publicRead } from '../route-schemas.js'
import { ref } from '../schema-helpers.js'
import { CommentPage } from './schemas.js'

const commentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/articles/:ref/comments', {
    schema: publicRead({
      operationId: 'listComments',
      summary: 'List an article\'s comments',
      description: 'Approved comments on a published article, oldest first, with the total count. Follow `nextCursor` for the next page.',
      tag: 'comments',
      params: ArticleParams,
      querystring: PageQuery,
      body: ref(CommentPage),
      bodyDescription: 'A page of approved comments.',
      problems: [400, 404],
      editorsSeeMore: true
    })
  }, async (request) => {
    const article = app.articles.resolve(request.params.ref, audienceOf(request))
    return app.comments.listApproved(article.id, request.query)
  })
}

export default commentRoutes
