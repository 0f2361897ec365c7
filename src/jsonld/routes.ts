// The JSON-LD endpoint: one published article as a schema.org NewsArticle, for partners and search engines.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Static } from 'typebox'
import { describeArticle } from '../articles/cache-headers.js'
import { ArticleParams } from '../articles/params.js'
import { articleETag } from '../etags.js'
import { keptAnswers, keptRepresentation } from '../plugins/caching.js'
import { publicRead } from '../route-schemas.js'
import type { Publisher } from '../publisher.js'
import { ref } from '../schema-helpers.js'
import { jsonLdText, newsArticle } from './jsonld.js'
import { NewsArticleJsonLd } from './schemas.js'

export interface JsonLdOptions {
  /** Where readers reach the API: the start of each article's `url`. */
  publicBaseUrl: string
  /** The newsroom: `publisher`, `copyrightNotice` and the author of last resort. */
  publisher: Publisher
}

const jsonLdRoutes: FastifyPluginAsyncTypebox<JsonLdOptions> = async (app, options) => {
  // Each public article's document while its version (and what it shows of others) stays the same.
  const documents = keptAnswers(app)
  app.get('/articles/:ref/jsonld', {
    config: { answerCache: true },
    schema: publicRead({
      operationId: 'getArticleJsonLd',
      summary: 'Get an article as schema.org JSON-LD',
      description: 'One published article as a schema.org `NewsArticle` in JSON-LD (`application/ld+json`): headline, language, dates, the full text as `articleBody`, section headings as `articleSection`, the place (Ort) as `locationCreated`, named in the article\'s language where the place has a name in it (`names`), else as written, each source (Quelle) as a `citation`, the original language of a translation as `translationOfWork`. the authors as `author` (each a `Person` with `name` and `url`, then a credit such as "dpa" as an `Organization`; the publisher when there is neither), the pictures as `image` (`ImageObject`s of their largest JPEG rendition with `width`, `height`, `caption`, `creditText`, `copyrightNotice`; the lead image first), the newsroom as `publisher` (`Organization` with `name`, `url` and `logo`, from `PUBLISHER_NAME`, `PUBLISHER_URL`, `PUBLISHER_LOGO_URL`) and `COPYRIGHT_NOTICE` as `copyrightNotice`, the topics as `about` (`Thing`s, with the IPTC Media Topic URI as `sameAs` where known) and `keywords`, named in the article\'s language. `url` and `mainEntityOfPage` are the article\'s page on the newsroom\'s site when `ARTICLE_URL_TEMPLATE` is set, else its absolute address in the API on `PUBLIC_BASE_URL`. Ready to paste as it is into a page\'s JSON-LD script element: the characters less-than, greater-than and ampersand are sent as the JSON escapes `\\u003c`, `\\u003e` and `\\u0026` (the same JSON value), so no text in the article can close the element. Public articles only, whatever token is sent.',
      tag: 'syndication',
      params: ArticleParams,
      body: ref(NewsArticleJsonLd),
      bodyDescription: 'The article as a NewsArticle.',
      mediaType: 'application/ld+json',
      problems: [400, 404]
    })
  }, async (request, reply) => {
    const current = await app.articles.resolve(request.params.ref, 'public')
    describeArticle(reply, current)
    const version = articleETag(current)
    let kept = documents.get(current.id, version)
    if (kept === undefined) {
      // Serialized here, whole: `@context` and `@type` as they are, every field the mapping wrote,
      // escaped for embedding.
      kept = keptRepresentation(jsonLdText(newsArticle(await app.articles.get(current.id, 'public'), options.publicBaseUrl, options.publisher)))
      documents.set(current.id, version, kept)
    }
    // Fastify sends bytes as they are.
    return reply.type('application/ld+json; charset=utf-8').header('etag', kept.etag).send(kept.body as unknown as Static<typeof NewsArticleJsonLd>)
  })
}

export default jsonLdRoutes
