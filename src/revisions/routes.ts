// Revision endpoints, for editors: an article's history, one revision, and restoring one.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ArticleParams } from '../articles/params.js'
import { Article } from '../articles/schemas.js'
import { missingPictures, pictureIds } from '../articles/pictures.js'
import { setArticleAuthors } from '../authors/repository.js'
import { missingIds } from '../db/unique-slugs.js'
import { authors as authorsTable, topics as topicsTable } from '../db/sqlite-schema.js'
import { GoneSince } from '../errors.js'
import { articleETag } from '../etags.js'
import { replaceMetadata } from '../metadata/repository.js'
import { requireRole, writeOf } from '../plugins/auth.js'
import { PageQuery } from '../pagination.js'
import { IfMatch, ok, tokenOperation } from '../route-schemas.js'
import { closed, ref } from '../schema-helpers.js'
import { replaceSections } from '../sections/repository.js'
import { setArticleTopics } from '../topics/repository.js'
import { Revision, RevisionList, RevisionParams } from './schemas.js'

const editorsOnly = requireRole(['editor'], 'read or restore revisions')

const revisionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/articles/:ref/revisions', {
    onRequest: editorsOnly,
    schema: tokenOperation({
      operationId: 'listRevisions',
      summary: 'List an article\'s revisions',
      description: 'Every accepted write to the article, oldest first, a page at a time: revision N is the article at version N. Follow `nextCursor` for the next page.',
      tag: 'revisions',
      params: ArticleParams,
      querystring: PageQuery,
      responses: { 200: ok(ref(RevisionList), 'A page of the history.') },
      problems: [400, 404]
    })
  }, async (request) => {
    const article = await app.articles.resolve(request.params.ref, 'editorial')
    return await app.revisions.list(article.id, request.query)
  })

  app.get('/articles/:ref/revisions/:number', {
    onRequest: editorsOnly,
    schema: tokenOperation({
      operationId: 'getRevision',
      summary: 'Get a revision',
      description: 'The article\'s content (fields, sections, metadata) as one write left it, with who wrote it and when.',
      tag: 'revisions',
      params: RevisionParams,
      responses: { 200: ok(ref(Revision), 'The revision.') },
      problems: [400, 404]
    })
  }, async (request) => {
    const article = await app.articles.resolve(request.params.ref, 'editorial')
    return await app.revisions.get(article.id, request.params.number)
  })

  app.post('/articles/:ref/revisions/:number/restore', {
    onRequest: editorsOnly,
    schema: tokenOperation({
      operationId: 'restoreRevision',
      summary: 'Restore a revision',
      description: 'Brings back a revision\'s content (fields with the translation provenance, sections, metadata, byline, topics, credit, lead image), not its publication status, as a new revision: the authors, topics and pictures as they are now, by id. Needs `If-Match`; 409 when one of its authors, topics or pictures has been deleted since.',
      tag: 'revisions',
      params: RevisionParams,
      headers: IfMatch,
      body: Type.Object({}, closed),
      optionalBody: true,
      responses: { 200: ok(ref(Article), 'The article as restored, with its new `ETag`.') },
      problems: [400, 404, 409, 412, 413, 415, 428]
    })
  }, async (request, reply) => {
    const article = await app.articles.update(writeOf(request), async (tx, current) => {
      const { slug, title, language, originalLanguage, translation, direction, sections, metadata, authors, topics, credit, image } = (await app.revisions.get(current.id, request.params.number)).article
      const authorIds = authors.map((author) => author.id)
      const topicIds = topics.map((topic) => topic.id)
      const [goneAuthor] = await missingIds(tx, authorsTable, authorIds)
      if (goneAuthor !== undefined) throw new GoneSince('author', goneAuthor)
      const [goneTopic] = await missingIds(tx, topicsTable, topicIds)
      if (goneTopic !== undefined) throw new GoneSince('topic', goneTopic)
      await replaceSections(tx, current.id, sections)
      await replaceMetadata(tx, current.id, metadata)
      await setArticleAuthors(tx, current.id, authorIds)
      await setArticleTopics(tx, current.id, topicIds)
      const [gonePicture] = await missingPictures(tx, pictureIds({ image, sections }))
      if (gonePicture !== undefined) throw new GoneSince('picture', gonePicture)
      return { slug, title, language, originalLanguage, translation, direction, credit, imageId: image?.id ?? null, imageCaption: image?.caption ?? null }
    })
    return reply.header('etag', articleETag(article)).send(article)
  })
}

export default revisionRoutes
