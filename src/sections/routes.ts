// Section endpoints: an article's sections, all or one, for readers; adding, changing, deleting and reordering them for editors.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { v7 as uuidv7 } from 'uuid'
import { describeArticle } from '../articles/cache-headers.js'
import { ArticleParams } from '../articles/params.js'
import type { ArticleBody } from '../articles/schemas.js'
import { audienceOf, requireRole, writeOf } from '../plugins/auth.js'
import { SectionNotFound } from '../errors.js'
import { editorialETag } from '../etags.js'
import { IfMatch, created, noContent, ok, publicRead, tokenOperation } from '../route-schemas.js'
import { ref } from '../schema-helpers.js'
import { addSection, removeSection, reorderSections, updateSection } from './repository.js'
import { NewSection, Section, SectionList, SectionOrder, SectionParams, SectionPatch, maxSections, type SectionBody } from './schemas.js'

/** A section of the article as a write left it. */
function sectionIn (article: ArticleBody, sectionId: string): SectionBody {
  const section = article.sections.find((candidate) => candidate.id === sectionId)
  if (!section) throw new SectionNotFound(article.id, sectionId)
  return section
}

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
    const article = await app.articles.resolve(request.params.ref, audienceOf(request))
    describeArticle(reply, article)
    reply.header('etag', editorialETag(article))
    return { data: await app.sections.list(article.id) }
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
    const article = await app.articles.resolve(articleRef, audienceOf(request))
    const section = await app.sections.get(article.id, sectionId)
    if (!section) throw new SectionNotFound(articleRef, sectionId)
    describeArticle(reply, article)
    reply.header('etag', editorialETag(article))
    return section
  })

  const editorsOnly = requireRole(['editor'], 'change articles')

  app.post('/articles/:ref/sections', {
    onRequest: editorsOnly,
    schema: tokenOperation({
      operationId: 'createSection',
      summary: 'Add a section',
      description: `Adds a section at the end, or at \`position\` (the sections from there on move down one); 409 when the article already has ${maxSections}, the most it may have.`,
      tag: 'sections',
      params: ArticleParams,
      headers: IfMatch,
      body: NewSection,
      responses: { 201: created(ref(Section), 'The new section; `ETag` is the article\'s new version.') },
      problems: [400, 404, 409, 412, 413, 415, 428]
    })
  }, async (request, reply) => {
    const { position, ...input } = request.body
    const id = uuidv7()
    const article = await app.articles.update(writeOf(request), async (tx, current) => {
      await addSection(tx, current.id, { ...input, id }, position)
    })
    return reply.code(201)
      .header('location', `/v1/articles/${article.id}/sections/${id}`)
      .header('etag', editorialETag(article))
      .send(sectionIn(article, id))
  })

  app.patch('/articles/:ref/sections/:sectionId', {
    onRequest: editorsOnly,
    schema: tokenOperation({
      operationId: 'updateSection',
      summary: 'Change a section',
      description: 'Changes a section\'s heading or blocks with a JSON merge patch (`application/merge-patch+json` or `application/json`).',
      tag: 'sections',
      params: SectionParams,
      headers: IfMatch,
      body: SectionPatch,
      mergePatch: true,
      responses: { 200: ok(ref(Section), 'The section as changed; `ETag` is the article\'s new version.') },
      problems: [400, 404, 412, 413, 415, 428]
    })
  }, async (request, reply) => {
    const article = await app.articles.update(writeOf(request), async (tx, current) => {
      await updateSection(tx, current.id, request.params.sectionId, request.body)
    })
    return reply.header('etag', editorialETag(article)).send(sectionIn(article, request.params.sectionId))
  })

  app.delete('/articles/:ref/sections/:sectionId', {
    onRequest: editorsOnly,
    schema: tokenOperation({
      operationId: 'deleteSection',
      summary: 'Delete a section',
      description: 'Deletes a section; the ones after it move up, keeping positions 1..n.',
      tag: 'sections',
      params: SectionParams,
      headers: IfMatch,
      responses: { 204: noContent('Deleted; `ETag` is the article\'s new version.', { etag: true }) },
      problems: [400, 404, 412, 428]
    })
  }, async (request, reply) => {
    const article = await app.articles.update(writeOf(request), async (tx, current) => {
      await removeSection(tx, current.id, request.params.sectionId)
    })
    return reply.code(204).header('etag', editorialETag(article)).send(null)
  })

  app.put('/articles/:ref/sections/order', {
    onRequest: editorsOnly,
    schema: tokenOperation({
      operationId: 'reorderSections',
      summary: 'Reorder sections',
      description: 'Puts the sections in a new order, given as every section id once.',
      tag: 'sections',
      params: ArticleParams,
      headers: IfMatch,
      body: SectionOrder,
      responses: { 200: ok(ref(SectionList), 'The sections in their new order; `ETag` is the article\'s new version.') },
      problems: [400, 404, 412, 413, 415, 428]
    })
  }, async (request, reply) => {
    const article = await app.articles.update(writeOf(request), async (tx, current) => {
      await reorderSections(tx, current.id, request.body.ids)
    })
    return reply.header('etag', editorialETag(article)).send({ data: article.sections })
  })
}

export default sectionRoutes
