// The ninjs endpoint: one published article as IPTC ninjs 3.1, or 2.2 on request, for partners; a kill notice once it is withdrawn.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type, type Static } from 'typebox'
import { describeArticle } from '../articles/cache-headers.js'
import { ArticleParams } from '../articles/params.js'
import { ArticleNotFound } from '../errors.js'
import { articleETag } from '../etags.js'
import { keptAnswers, keptRepresentation, lastModified, surrogateKey, surrogateKeys } from '../plugins/caching.js'
import { publicRead } from '../route-schemas.js'
import type { Publisher } from '../publisher.js'
import { ref } from '../schema-helpers.js'
import { killNotice, ninjs } from './ninjs.js'
import { Ninjs22, Ninjs31, NinjsCanceled22, NinjsCanceled31, NinjsQuery } from './schemas.js'

export interface NinjsOptions {
  /** Where readers reach the API: the start of each article's `uri`. */
  publicBaseUrl: string
  /** The newsroom: `copyrightNotice` and an infoSource. */
  publisher: Publisher
}

const ninjsRoutes: FastifyPluginAsyncTypebox<NinjsOptions> = async (app, options) => {
  // Each public article's document in each ninjs version while the article's version (and what it shows of others) stays the same.
  const documents = keptAnswers(app)
  app.get('/articles/:ref/ninjs', {
    config: { answerCache: true },
    schema: publicRead({
      operationId: 'getArticleNinjs',
      summary: 'Get an article as IPTC ninjs',
      description: 'One published article as IPTC ninjs (News in JSON): 3.1 by default, 2.2 with `version=2.2`. Title as the main headline; the text as plain text and as HTML marked with its language and direction, with character and word counts; the place (Ort) as `located` and `places`, named in the article\'s language where the place has a name in it (`names`), else as written; the sources (Quellen) as `infoSources`, parties as ninjs wants them: each named by its publisher (or by its own name when it has none), with the source document\'s URL, where it has one, as a `contactInfo` entry `{ type: "web", role: "source", name: <source name>, value: <URL> }` (ninjs 3.1 has no top-level `links`). The byline as `by` (authors\' names joined in the article\'s language, then ` / ` and the credit) and the authors as `people` with `rel: "author"`; the topics as `subjects` (name in the article\'s language, slug as `literal`, the IPTC Media Topic URI as `uri` where known); A translation whose provenance is recorded (the article\'s `translation`) says how it was translated in `edNote`, one plain English statement (`Machine-translated from German. Not reviewed by an editor yet.`), and names a machine translation\'s engine as an infoSource with role `translator`; ninjs has no language per body, so `language` is that of every body. `COPYRIGHT_NOTICE` as `copyrightNotice` and the publisher (`PUBLISHER_NAME`, `PUBLISHER_URL`) as the last infoSource, role `publisher`. The pictures are `associations` (`type: "picture"`, the lead image first, named `lead image` and `image <n>`), each with its API address as `uri`, every rendition (`name` `<format>-<width>`, `href`, `contentType`, `width`, `height`), its credit as `by`, its copyright notice, and its texts as `descriptions`: the caption with role `caption` and the alt text in the article\'s language with role `alt`, ninjs 3.1 having no field of its own for alt text. With `ARTICLE_URL_TEMPLATE` set, the article\'s page on the newsroom\'s site is the rendition `{ name: "web", href, contentType: "text/html" }`. `uri` is the article\'s absolute address on `PUBLIC_BASE_URL`; `firstCreated` is its first publication, `versionCreated` its last change. Public articles only, whatever token is sent.\n\nKill notice: once an article that was public is unpublished, archived or deleted, this answers (by id, or by slug while the article exists) a ninjs with `pubStatus: "canceled"`, the same `uri`, the version and time of the withdrawal and none of the text (`NinjsCanceled31`, `NinjsCanceled22`), for as long as the change feed keeps the withdrawal, which is forever; partners must take the story down. It is public again, `usable`, once the article is published again. An article that was never public is a 404.',
      tag: 'syndication',
      params: ArticleParams,
      querystring: NinjsQuery,
      body: Type.Union([ref(Ninjs31), ref(Ninjs22), ref(NinjsCanceled31), ref(NinjsCanceled22)]),
      bodyDescription: 'The article as ninjs of the version asked for, or its kill notice.',
      problems: [400, 404]
    })
  }, async (request, reply) => {
    const version = request.query.version ?? '3.1'
    try {
      const current = await app.articles.resolve(request.params.ref, 'public')
      describeArticle(reply, current)
      const key = `${current.id} ${version}`
      const articleVersion = articleETag(current)
      let kept = documents.get(key, articleVersion)
      if (kept === undefined) {
        // Serialized here, whole: every field the mapping wrote and none other.
        kept = keptRepresentation(JSON.stringify(ninjs(await app.articles.get(current.id, 'public'), options.publicBaseUrl, version, options.publisher)))
        documents.set(key, articleVersion, kept)
      }
      return reply.type('application/json; charset=utf-8').header('etag', kept.etag).send(kept.body as unknown as Static<typeof Ninjs31>)
    } catch (error) {
      if (!(error instanceof ArticleNotFound)) throw error
      // Not public: a kill notice if the feed last said it was withdrawn. A deleted article
      // is known by its id alone, its slug having gone with it.
      const withdrawal = await app.changes.withdrawal(await app.articles.idOf(request.params.ref) ?? request.params.ref)
      if (withdrawal === undefined) throw error
      lastModified(reply, withdrawal.at)
      surrogateKeys(reply, [surrogateKey.article(withdrawal.articleId)])
      const notice = killNotice(withdrawal, options.publicBaseUrl, version)
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(notice) as unknown as typeof notice)
    }
  })
}

export default ninjsRoutes
