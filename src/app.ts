// buildApp(options): the whole API, built the same way by the server, the tests and the scripts.
import { randomUUID } from 'node:crypto'
import cors from '@fastify/cors'
import rateLimit from '@fastify/rate-limit'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { type FastifyPluginAsync, type FastifyServerOptions } from 'fastify'
import articlesRepository from './articles/repository.js'
import articleRoutes from './articles/routes.js'
import { canonicalUrlFrom } from './articles/links.js'
import { slugRule } from './articles/slug.js'
import { Article, ArticlePage, ArticleSummary } from './articles/schemas.js'
import changesRepository from './changes/repository.js'
import changeRoutes from './changes/routes.js'
import { Change, ChangePage } from './changes/schemas.js'
import sweeper from './changes/sweeper.js'
import commentsRepository from './comments/repository.js'
import commentRoutes from './comments/routes.js'
import { Comment, CommentPage, CommentReply, CommentReplyToReply, ModeratedComment, ModerationPage } from './comments/schemas.js'
import type { DatabaseOptions } from './db/database.js'
import database from './db/plugin.js'
import { Problem, ProblemType } from './errors.js'
import { RequestLog } from './logging.js'
import { withExample } from './examples.js'
import { validatorCompiler } from './validation.js'
import healthRoutes from './health/routes.js'
import labelRoutes from './labels/routes.js'
import { Labels } from './labels/schemas.js'
import metadataRepository from './metadata/repository.js'
import metadataRoutes from './metadata/routes.js'
import { Metadata, Place, Source } from './metadata/schemas.js'
import mediaRepository, { type MediaOptions } from './media/repository.js'
import mediaRoutes from './media/routes.js'
import { ArticleImage, Picture, PicturePage, Rendition } from './media/schemas.js'
import authorsRepository from './authors/repository.js'
import authorRoutes from './authors/routes.js'
import { Author, AuthorPage, Byline } from './authors/schemas.js'
import topicsRepository from './topics/repository.js'
import topicRoutes from './topics/routes.js'
import { ArticleTopic, Topic, TopicPage } from './topics/schemas.js'
import { TranslationLink, TranslationProvenance } from './translations/schemas.js'
import openapi from './plugins/openapi.js'
import securityHeaders from './plugins/security-headers.js'
import { answerCache } from './plugins/answer-cache.js'
import auth from './plugins/auth.js'
import bodies, { bodyLimit } from './plugins/bodies.js'
import caching, { defaultKeptBytes, type CachingOptions } from './plugins/caching.js'
import problems, { clientErrorProblem, frameworkErrorProblem, problemRoutes, refuseBareOptions } from './plugins/problems.js'
import sectionsRepository from './sections/repository.js'
import sectionRoutes from './sections/routes.js'
import { marksKeywordDefinition } from './sections/marks.js'
import { Section, SectionList, blockModels } from './sections/schemas.js'
import revisionsRepository from './revisions/repository.js'
import revisionRoutes from './revisions/routes.js'
import { ArticleContent, Revision, RevisionList, RevisionSummary } from './revisions/schemas.js'
import { defaultPublicBaseUrl, defaultSearchOptions, publicBaseUrlFrom, type Config, type SearchOptions } from './config.js'
import feedRoutes from './feeds/routes.js'
import { JsonFeed } from './feeds/schemas.js'
import jsonLdRoutes from './jsonld/routes.js'
import { NewsArticleJsonLd } from './jsonld/schemas.js'
import ninjsRoutes from './ninjs/routes.js'
import { Ninjs22, Ninjs31, NinjsCanceled22, NinjsCanceled31 } from './ninjs/schemas.js'
import type { Publisher } from './publisher.js'
import { indexSearch } from './search/catch-up.js'
import { Highlight } from './search/schemas.js'
import { logSeeding, seedOnce } from './seed.js'
import sitemapsRepository from './sitemaps/repository.js'
import sitemapRoutes, { defaultSitemapLimits, type SitemapLimits } from './sitemaps/routes.js'
import tokensRepository from './tokens/repository.js'
import tokenRoutes from './tokens/routes.js'
import { NewToken, Token, TokenList } from './tokens/schemas.js'
import webhooksRepository from './webhooks/repository.js'
import webhookRoutes from './webhooks/routes.js'
import { NewWebhook, Webhook, WebhookAttempt, WebhookDelivery, WebhookDeliveryPage, WebhookPage, WebhookPayload } from './webhooks/schemas.js'
import webhookWorker, { type WebhookOptions } from './webhooks/worker.js'
import { serializerFactory } from './serializers.js'

export interface AppOptions {
  /** The database, as DATABASE_URL names it: `:memory:`, `file:<path>` (SQLite) or `postgres://…`. */
  databaseUrl: string
  /** PostgreSQL's pool size and statement timeout (defaults: 10 connections, 30000 ms). */
  database?: DatabaseOptions
  /** Load the seed article into a database never seeded before (default true); never again once it was, even when it is deleted. */
  seedOnce?: boolean
  /** A secret accepted as an admin token, to bootstrap a fresh install. */
  adminToken?: string | undefined
  /** Approve new comments at once (default false). */
  commentsAutoApprove?: boolean
  /** Comments a client may post a minute (default 5). */
  commentRateLimit?: number
  /** Requests with a wrong or malformed token a client address may send a minute, before 429 (default 10). */
  authFailureLimit?: number
  /** Whose X-Forwarded-For to believe for the client address (default: nobody's). */
  trustProxy?: Config['trustProxy']
  /** Origins allowed to read from a browser: `*` or a list. */
  corsOrigins?: '*' | string[]
  /** How long caches may keep public answers (default: fresh 60 s, then served stale for 300 s while revalidated), and how many bytes of answers this instance keeps (default 64 MiB). */
  cache?: Partial<CachingOptions>
  /** How long a request's headers and body may take to arrive, in milliseconds, before a 408 (default 30000). */
  requestTimeoutMs?: number
  /** How often scheduled publications are looked for, in milliseconds (default 1000). */
  sweepIntervalMs?: number
  /** Where readers reach the API, as an absolute http(s) URL: the start of every absolute link (default `http://127.0.0.1:3000`). */
  publicBaseUrl?: string
  /**
   * Where readers read an article on the newsroom's own site, as ARTICLE_URL_TEMPLATE sets it
   * (`https://news.example.org/{language}/{slug}`): each article's `url`, and the links of the
   * partner formats. Unset: they link to the API alone.
   */
  articleUrlTemplate?: string | undefined
  /** The newsroom as partner formats name it (PUBLISHER_* and COPYRIGHT_NOTICE); nothing by default. */
  publisher?: Publisher
  /**
   * How webhooks are delivered (defaults: first retry after 5000 ms, 8 attempts, 10000 ms
   * per attempt, public addresses only, due deliveries looked for every 1000 ms).
   */
  webhooks?: Partial<WebhookOptions>
  /** Where pictures are kept and how large an upload may be (defaults: `./data/media`, 20 MiB). */
  media?: Partial<MediaOptions>
  /** How search ranks and keeps its pages (defaults: the newest 1000 matches ranked, 1000 pages kept). */
  search?: Partial<SearchOptions>
  /** How many URLs a sitemap holds (defaults: 50,000 a file of articles, 1,000 in the news sitemap): smaller in tests. */
  sitemaps?: Partial<SitemapLimits>
  logger?: FastifyServerOptions['logger']
  /** Plugins registered at the root before any other: the tests' contract check watches every exchange with one. */
  plugins?: FastifyPluginAsync[]
}

// Named shapes, published as OpenAPI components and shared by validation and serialization.
const models = [Problem, ProblemType, ...blockModels, Section, SectionList, Place, Source, Metadata, Rendition, Picture, PicturePage, ArticleImage, Author, AuthorPage, Byline, Topic, TopicPage, ArticleTopic, TranslationLink, TranslationProvenance, Highlight, ArticleSummary, ArticlePage, Article, CommentReplyToReply, CommentReply, Comment, CommentPage, ModeratedComment, ModerationPage, Token, NewToken, TokenList, ArticleContent, RevisionSummary, RevisionList, Revision, Change, ChangePage, JsonFeed, Ninjs31, Ninjs22, NinjsCanceled31, NinjsCanceled22, NewsArticleJsonLd, Labels, Webhook, NewWebhook, WebhookPage, WebhookAttempt, WebhookDelivery, WebhookDeliveryPage, WebhookPayload]

// The serializer's own Ajv (it tells the branches of a oneOf apart) must know our formats too.
const serializerOpts = { ajv: { formats: { slug: slugRule } } }
const serializers = serializerFactory()

export async function buildApp (options: AppOptions) {
  // Links are built on this alone, never on the Host header a client sends.
  const publicBaseUrl = publicBaseUrlFrom(options.publicBaseUrl ?? defaultPublicBaseUrl)
  const canonicalUrl = options.articleUrlTemplate === undefined ? undefined : canonicalUrlFrom(options.articleUrlTemplate)
  const publisher = options.publisher ?? {}
  const requestTimeout = options.requestTimeoutMs ?? 30_000
  const trustProxy = options.trustProxy ?? false
  const answers = answerCache({ trustProxy })
  const app = Fastify({
    serverFactory: answers.serverFactory,
    // A request trickled in (headers or body) holds a connection: Node ends it with a 408
    // once it has taken longer than this, looking at every connection at least once a second.
    requestTimeout,
    http: { requestTimeout, headersTimeout: requestTimeout, connectionsCheckingInterval: Math.min(requestTimeout, 1000), requireHostHeader: false },
    clientErrorHandler: clientErrorProblem,
    return503OnClosing: false,
    logger: options.logger ?? false,
    logController: new RequestLog(),
    bodyLimit,
    trustProxy,
    genReqId: () => randomUUID(),
    // Our own ids only: a client's X-Request-Id could be anything, and problems quote ours as a URN.
    requestIdHeader: false,
    frameworkErrors: frameworkErrorProblem,
    serializerOpts,
    schemaController: { compilersFactory: { buildSerializer: serializers } }
  }).withTypeProvider<TypeBoxTypeProvider>()
  for (const plugin of options.plugins ?? []) await app.register(plugin)

  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id)
    done()
  })

  for (const model of models) app.addSchema(withExample(model))
  app.setValidatorCompiler(validatorCompiler(models, { slug: slugRule }, [marksKeywordDefinition]))

  // First, so that every route registered after it (@fastify/cors's and @fastify/swagger-ui's too) answers errors as problems.
  await app.register(problems)
  app.addHook('onRequest', refuseBareOptions)
  await app.register(cors, {
    origin: options.corsOrigins ?? '*',
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'If-None-Match', 'If-Modified-Since'],
    exposedHeaders: ['ETag', 'Last-Modified', 'Location', 'Retry-After', 'WWW-Authenticate', 'X-Request-Id']
  })
  await app.register(securityHeaders)
  await app.register(caching, { maxAge: 60, staleWhileRevalidate: 300, keptBytes: defaultKeptBytes, ...options.cache })
  await app.register(answers.plugin, { version: () => app.articles.contentVersion() })
  // Limits are set per route (posting comments) and on failed authentication; nothing else is limited.
  await app.register(rateLimit, { global: false })
  await app.register(openapi)
  await app.register(bodies)

  await app.register(database, { url: options.databaseUrl, ...options.database })
  await app.register(changesRepository)
  await app.register(commentsRepository)
  await app.register(sectionsRepository)
  await app.register(metadataRepository)
  await app.register(articlesRepository, { canonicalUrl, publicBaseUrl, search: { ...defaultSearchOptions, ...options.search } })
  await app.register(authorsRepository, { publicBaseUrl })
  await app.register(topicsRepository)
  await app.register(revisionsRepository)
  await app.register(tokensRepository, { adminToken: options.adminToken })
  await app.register(webhooksRepository)
  await app.register(sitemapsRepository)
  const media: MediaOptions = { dir: './data/media', maxBytes: 20 * 1024 * 1024, ...options.media }
  await app.register(mediaRepository, media)
  await app.register(auth, { failureLimit: options.authFailureLimit ?? 10 })
  if (options.seedOnce ?? true) {
    logSeeding(app.log, await seedOnce(app.database))
  }
  // Articles and comments from before search (or after `npm run reindex`): indexed before the first request.
  const indexed = await indexSearch(app, { missingOnly: true })
  if (indexed.articles + indexed.comments > 0) app.log.info({ indexed }, `indexed ${indexed.articles} articles and ${indexed.comments} comments for search`)
  await app.register(sweeper, { intervalMs: options.sweepIntervalMs ?? 1000 })
  const webhooks: WebhookOptions = { retryBaseMs: 5000, maxAttempts: 8, timeoutMs: 10_000, allowPrivate: false, pollMs: 1000, ...options.webhooks }
  await app.register(webhookWorker, webhooks)

  await app.register(problemRoutes)
  await app.register(healthRoutes)
  await app.register(articleRoutes, { prefix: '/v1' })
  await app.register(authorRoutes, { prefix: '/v1' })
  await app.register(topicRoutes, { prefix: '/v1' })
  await app.register(labelRoutes, { prefix: '/v1' })
  await app.register(sectionRoutes, { prefix: '/v1' })
  await app.register(metadataRoutes, { prefix: '/v1' })
  await app.register(commentRoutes, { prefix: '/v1', autoApprove: options.commentsAutoApprove ?? false, rateLimit: options.commentRateLimit ?? 5 })
  await app.register(revisionRoutes, { prefix: '/v1' })
  await app.register(tokenRoutes, { prefix: '/v1' })
  await app.register(changeRoutes, { prefix: '/v1' })
  await app.register(feedRoutes, { prefix: '/v1', publicBaseUrl, publisher })
  await app.register(ninjsRoutes, { prefix: '/v1', publicBaseUrl, publisher })
  await app.register(jsonLdRoutes, { prefix: '/v1', publicBaseUrl, publisher })
  await app.register(sitemapRoutes, { prefix: '/v1', publicBaseUrl, canonicalUrl, publisher, ...defaultSitemapLimits, ...options.sitemaps })
  await app.register(mediaRoutes, { prefix: '/v1', publicBaseUrl, maxBytes: media.maxBytes })
  await app.register(webhookRoutes, { prefix: '/v1', allowPrivate: webhooks.allowPrivate })

  return app
}

export type App = Awaited<ReturnType<typeof buildApp>>
