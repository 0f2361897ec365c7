// Public section endpoints: an article's sections, all or one.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ArticleParams } from '../articles/params.js'
import { audienceOf } from '../plugins/auth.js'
import { SectionNotFound } from '../errors.js'
import { editorialETag } from '../etags.js'
import { publicRead } from '../route-schemas.js'
import { ref } from '../schema-helpers.js'
import { Section, SectionList, SectionParams } from './schemas.js'

const sectionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/articles/:ref/sections', {
    schema: publicRead({
      operationId: 'listSections',
      summary: 'List an article\'s sections',
      description: 'All sections of a published article, in order.',
      tag: 'sections',
      params: ArticleParams,
      body: ref(SectionList),
      bodyDescription: 'The sections, in order.',
      problems: [400, 404],
      editorsSeeMore: true
    })
  }, async (request, reply) => {
    const article = app.articles.resolve(request.params.ref, audienceOf(request))
    reply.header('etag', editorialETag(article))
    return { data: app.sections.list(article.id) }
  })

  app.get('/articles/:ref/sections/:sectionId', {
    schema: publicRead({
      operationId: 'getSection',
      summary: 'Get a section',
      description: 'One section of a published article.',
      tag: 'sections',
      params: SectionParams,
      body: ref(Section),
      bodyDescription: 'The section.',
      problems: [400, 404],
      editorsSeeMore: true
    })
  }, async (request, reply) => {
    const { ref: articleRef, sectionId } = request.params
    const article = app.articles.resolve(articleRef, audienceOf(request))
    const section = app.sections.get(article.id, sectionId)
    if (!section) throw new SectionNotFound(articleRef, sectionId)
    reply.header('etag', editorialETag(article))
    return section
  })
}

export default sectionRoutes
