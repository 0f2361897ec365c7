// Article endpoints: the list and one article whole for readers and editors; creating, changing, deleting and publishing for editors.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import { Type, type Static } from 'typebox'
import { articleETag } from '../etags.js'
import { directionOf } from '../language.js'
import { invalidParameter } from '../errors.js'
import { audienceOf, authorOf, requireRole, writeOf } from '../plugins/auth.js'
import { IfMatch, created, noContent, ok, publicRead, tokenOperation } from '../route-schemas.js'
import { closed, ref } from '../schema-helpers.js'
import { keptAnswers, keptRepresentation, surrogateKey, surrogateKeys, type KeptRepresentation } from '../plugins/caching.js'
import { parseQuery } from '../search/query.js'
import { setArticleAuthors } from '../authors/repository.js'
import { setArticleTopics } from '../topics/repository.js'
import type { Audience } from './repository.js'
import { checkPlaceNames } from '../metadata/place.js'
import { describeArticle } from './cache-headers.js'
import { ArticleParams } from './params.js'
import { Article, ArticleLookup, ArticlePage, ArticlePatch, ArticleQuery, NewArticle, NewTranslation, PublishRequest, summaryFields, type ArticleBody, type ArticlePageBody, type SummaryField } from './schemas.js'

// Every answer with an article says its language; one read by `?lang=` also says its own address.
const articleHeaders = {
  'Content-Language': { type: 'string', description: 'The article\'s language (`language`).' }
}
const lookupHeaders = {
  ...articleHeaders,
  'Content-Location': { type: 'string', description: 'With `lang`: the address of the article answered, `/v1/articles/{id}`.' }
}

function refuse (parameter: string, detail: string): never {
  throw invalidParameter(parameter, detail)
}

/** The summary fields a `fields` parameter names, `id` always among them; an unknown one is a 400 naming it. */
function summaryFieldsIn (fields: string): Set<SummaryField> {
  const named = fields.split(',')
  const unknown = named.find((field) => !(summaryFields as readonly string[]).includes(field))
  if (unknown !== undefined) refuse('fields', `names no summary field: "${unknown}" is not one of ${summaryFields.join(', ')}`)
  return new Set(['id', ...named] as SummaryField[])
}

/** A written article as its writer gets it back: with its ETag and language. */
function sendArticle (reply: FastifyReply, article: ArticleBody) {
  return reply.header('etag', articleETag(article)).header('content-language', article.language).send(article)
}

/** A new article: 201, its address, ETag and language. */
function sendCreated (reply: FastifyReply, article: ArticleBody) {
  return sendArticle(reply.code(201).header('location', `/v1/articles/${article.id}`), article)
}

const articleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Serialized bodies as UTF-8 bytes, by ETag (version and comment count): a string would be encoded again for every response.
  const bodies = keptAnswers(app)
  // List pages as sent, by audience and query.
  const pages = keptAnswers<KeptRepresentation & { keys: string[] }>(app)

  app.get('/articles', {
    config: { answerCache: true },
    schema: publicRead({
      operationId: 'listArticles',
      summary: 'List articles',
      description: 'Published articles as summaries, newest first; editors\' and admins\' tokens list drafts, scheduled and archived articles too (and may filter by `status`). Filters combine, each narrowing the list: an author\'s page is `?author=steve-witkoff`, more from Moskau in Arabic `?place=Moskau&language=ar`, the story in other languages `?translationOf=<id or slug>`. A search (`q`) shows each story once, unless `translations=all`. `sort` orders it, `fields` picks the summary fields sent. Follow `nextCursor` for the next page: a cursor holds to the filters, `translations` and sort it was issued with (another is a 400), while `fields` and `limit` may change from page to page.',
      tag: 'articles',
      querystring: ArticleQuery,
      body: ref(ArticlePage),
      bodyDescription: 'A page of article summaries.',
      problems: [400],
      editorsSeeMore: true
    })
  }, async (request, reply) => {
    const audience = audienceOf(request)
    // A page depends on its audience, its query and the content version alone: kept as sent, it
    // is sent again, with no query, hashing or compression, until a write or a publication.
    const key = `${audience} ${request.url}`
    const version = await app.articles.contentVersion()
    let kept = pages.get(key, version)
    if (kept === undefined) {
      const page = await listFor(request.query, audience)
      kept = Object.assign(keptRepresentation(reply.serializeInput(page, '200', 'application/json') as string), {
        keys: [surrogateKey.lists, ...page.data.map((article) => surrogateKey.article(article.id))]
      })
      pages.set(key, version, kept)
    }
    surrogateKeys(reply, kept.keys)
    return reply.header('etag', kept.etag).type('application/json; charset=utf-8').send(kept.body as unknown as ArticlePageBody)
  })

  /** The page a list's query asks for, or a 400 saying which parameter is wrong. */
  async function listFor (query: Static<typeof ArticleQuery>, audience: Audience) {
    const { author, topic, translationOf, status, sort, fields, limit, cursor, translations, q, prefix, ...filters } = query
    if (status !== undefined && audience === 'public') refuse('status', 'only editors may filter by status: without an editor\'s or admin\'s token, a list shows published articles only')
    if (sort === 'relevance' && q === undefined) refuse('sort', 'relevance is the order of a search: give `q` too, or sort by time')
    const search = q === undefined ? undefined : parseQuery(q, { prefix })
    if (search !== undefined && 'error' in search) refuse('q', search.error)
    const shown = fields === undefined ? undefined : summaryFieldsIn(fields)
    return await app.articles.list(audience, { limit, cursor, sort, translations }, {
      ...filters,
      status,
      author: author === undefined ? undefined : await app.authors.idOf(author) ?? refuse('author', `names no author: there is no author "${author}"`),
      topic: topic === undefined ? undefined : await app.topics.idOf(topic) ?? refuse('topic', `names no topic: there is no topic "${topic}"`),
      // An article the reader may not see is refused as one that is not: a draft's slug tells the public nothing.
      translationOf: translationOf === undefined ? undefined : await app.articles.idOf(translationOf, audience) ?? refuse('translationOf', `names no article: there is no article "${translationOf}"`)
    }, shown, search)
  }

  app.get('/articles/:ref', {
    config: { answerCache: true },
    schema: publicRead({
      operationId: 'getArticle',
      summary: 'Get an article',
      description: 'One published article by id or slug, with its sections, metadata and comment count.',
      tag: 'articles',
      params: ArticleParams,
      querystring: ArticleLookup,
      body: ref(Article),
      bodyDescription: 'The article.',
      headers: lookupHeaders,
      problems: [400, 404],
      editorsSeeMore: true
    })
  }, async (request, reply) => {
    const audience = audienceOf(request)
    const { lang } = request.query
    const current = lang === undefined ? await app.articles.resolve(request.params.ref, audience) : await app.articles.resolveIn(request.params.ref, audience, lang)
    if (lang !== undefined) reply.header('content-location', `/v1/articles/${current.id}`)
    let kept = bodies.get(current.id, articleETag(current))
    if (kept === undefined) {
      const article = await app.articles.get(current.id, audience)
      kept = keptRepresentation(reply.serializeInput(article, '200', 'application/json') as string, articleETag(article))
      bodies.set(article.id, kept.etag, kept)
    }
    describeArticle(reply, current)
    // Already serialized by this route's schema; Fastify sends bytes as they are.
    return reply.header('etag', kept.etag).header('content-language', current.language).type('application/json; charset=utf-8').send(kept.body as unknown as ArticleBody)
  })

  const editorsOnly = requireRole(['editor'], 'change articles')

  app.post('/articles', {
    onRequest: editorsOnly,
    schema: tokenOperation({
      operationId: 'createArticle',
      summary: 'Create an article',
      description: 'Creates a draft with its sections and metadata, in one transaction. Without `slug`, one is made from the title (Arabic letters kept; `-2`, `-3`, ... added when taken).',
      tag: 'articles',
      body: NewArticle,
      responses: { 201: created(ref(Article), 'The new draft. `Location` is its address, `ETag` its version for the next write.', articleHeaders) },
      problems: [400, 409, 413, 415]
    })
  }, async (request, reply) => {
    const { sections = [], metadata, ...fields } = request.body
    checkPlaceNames(metadata?.place, '/metadata/place')
    const article = await app.articles.create({
      ...fields,
      sections: sections.map((section) => ({ heading: section.heading ?? null, blocks: section.blocks })),
      metadata: { place: metadata?.place ?? null, sources: metadata?.sources ?? [] }
    }, authorOf(request))
    return sendCreated(reply, article)
  })

  app.post('/articles/:ref/translations', {
    onRequest: editorsOnly,
    schema: tokenOperation({
      operationId: 'createTranslation',
      summary: 'Start a translation',
      description: 'Creates a draft in another language that tells the article\'s story, in the article\'s translation group (made when it has none): a copy of its title (unless `title` is given), sections, metadata, authors, topics, credit and lead image, to translate in place, with `originalLanguage` the article\'s language. A group holds one article per language: another in `language` is a 409. The article itself does not change (no If-Match needed); it and every other article of the group list the new one in `translations` (for editors until it is published).',
      tag: 'articles',
      params: ArticleParams,
      body: NewTranslation,
      responses: { 201: created(ref(Article), 'The new draft. `Location` is its address, `ETag` its version for the next write.', articleHeaders) },
      problems: [400, 404, 409, 413, 415]
    })
  }, async (request, reply) => {
    const article = await app.articles.translate(request.params.ref, request.body, authorOf(request))
    return sendCreated(reply, article)
  })

  app.patch('/articles/:ref', {
    onRequest: editorsOnly,
    schema: tokenOperation({
      operationId: 'updateArticle',
      summary: 'Change an article',
      description: 'Changes the article\'s own fields with a JSON merge patch (RFC 7396), sent as `application/merge-patch+json` or `application/json`. Changing `language` also changes `direction` unless it was set to differ from the language.',
      tag: 'articles',
      params: ArticleParams,
      headers: IfMatch,
      body: ArticlePatch,
      mergePatch: true,
      responses: { 200: ok(ref(Article), 'The article as changed, with its new `ETag`.', 'application/json', articleHeaders) },
      problems: [400, 404, 409, 412, 413, 415, 428]
    })
  }, async (request, reply) => {
    const { authors, topics, image, ...patch } = request.body
    const article = await app.articles.update(writeOf(request), async (tx, current) => {
      if (authors !== undefined) await setArticleAuthors(tx, current.id, authors)
      if (topics !== undefined) await setArticleTopics(tx, current.id, topics)
      const language = patch.language ?? current.language
      // A direction that followed the old language follows the new one; one set apart stays.
      const followsLanguage = current.direction === directionOf(current.language)
      const direction = patch.direction === undefined
        ? (followsLanguage ? directionOf(language) : current.direction)
        : patch.direction ?? directionOf(language)
      return { ...patch, direction, ...(image !== undefined && { imageId: image?.id ?? null, imageCaption: image?.caption ?? null }) }
    })
    return sendArticle(reply, article)
  })

  app.delete('/articles/:ref', {
    onRequest: editorsOnly,
    schema: tokenOperation({
      operationId: 'deleteArticle',
      summary: 'Delete an article',
      description: 'Deletes the article with its sections, metadata, comments and revisions. Needs `If-Match` like any write.',
      tag: 'articles',
      params: ArticleParams,
      headers: IfMatch,
      responses: { 204: noContent('Deleted.') },
      problems: [400, 404, 412, 428]
    })
  }, async (request, reply) => {
    await app.articles.remove(writeOf(request))
    return reply.code(204).send(null)
  })

  const workflow = [
    {
      action: 'publish',
      summary: 'Publish an article',
      description: 'Publishes the article now, or schedules it for `publishAt`: it reads as `scheduled`, hidden from the public, until then, and as `published` from then on, by itself.',
      body: PublishRequest
    },
    {
      action: 'unpublish',
      summary: 'Unpublish an article',
      description: 'Takes the article (published or scheduled) back to draft: hidden from the public, `publishedAt` cleared.'
    },
    {
      action: 'archive',
      summary: 'Archive an article',
      description: 'Archives the article: hidden from the public, kept for editors.'
    }
  ] as const
  for (const step of workflow) {
    app.post(`/articles/:ref/${step.action}`, {
      onRequest: editorsOnly,
      schema: tokenOperation({
        operationId: `${step.action}Article`,
        summary: step.summary,
        description: `${step.description} Needs \`If-Match\`; answers with the article and its new \`ETag\`.`,
        tag: 'articles',
        params: ArticleParams,
        headers: IfMatch,
        body: 'body' in step ? step.body : Type.Object({}, closed),
        optionalBody: true,
        responses: { 200: ok(ref(Article), 'The article in its new state.', 'application/json', articleHeaders) },
        problems: [400, 404, 412, 413, 415, 428]
      })
    }, async (request, reply) => {
      const body = request.body as { publishAt?: string }
      const article = await app.articles.update(writeOf(request), async () => {
        if (step.action === 'unpublish') return { status: 'draft', publishedAt: null }
        if (step.action === 'archive') return { status: 'archived' }
        const at = new Date()
        const publishAt = body.publishAt === undefined ? at : new Date(body.publishAt)
        return { status: 'published', publishedAt: (publishAt > at ? publishAt : at).toISOString() }
      })
      return sendArticle(reply, article)
    })
  }
}

export default articleRoutes
