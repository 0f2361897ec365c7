// Configuration: the environment variables the server reads, validated once at start.
import envSchema from 'env-schema'
import { Type, type Static } from 'typebox'
import { canonicalUrlFrom } from './articles/links.js'
import { engineOf } from './db/database.js'
import { defaultKeptBytes, type CachingOptions } from './plugins/caching.js'
import type { Publisher } from './publisher.js'
import { StringEnum } from './schema-helpers.js'

/** Where the API is reached when PUBLIC_BASE_URL does not say: the server's own default address. */
export const defaultPublicBaseUrl = 'http://127.0.0.1:3000'

/** How search ranks and keeps its pages: SEARCH_RANKED_MATCHES and SEARCH_CACHE_PAGES. */
export interface SearchOptions {
  /** How many of a search's newest matches are ranked by relevance; older ones follow, newest first. */
  rankedMatches: number
  /** How many search result pages an instance keeps while no write commits (0: none). */
  cachePages: number
}

export const defaultSearchOptions: SearchOptions = { rankedMatches: 1000, cachePages: 1000 }

const EnvSchema = Type.Object({
  DATABASE_URL: Type.String({
    default: 'file:./data/cms.db',
    description: 'The database, and so the engine: SQLite as `file:<path>` (created on first start) or `:memory:`; PostgreSQL 15 or later as `postgres://user:password@host:port/database` (or `postgresql://`), TLS by the URL\'s `sslmode`.'
  }),
  DATABASE_POOL_SIZE: Type.Integer({ default: 10, minimum: 1, maximum: 1000, description: 'PostgreSQL: connections each instance keeps open at most.' }),
  DATABASE_STATEMENT_TIMEOUT_MS: Type.Integer({ default: 30000, minimum: 1, description: 'PostgreSQL: longest a statement may run, in milliseconds, before the server cancels it.' }),
  HOST: Type.String({ default: '127.0.0.1', description: 'Address to listen on; `0.0.0.0` in a container.' }),
  PORT: Type.Integer({ default: 3000, minimum: 0, maximum: 65535 }),
  WORKERS: Type.Integer({ default: 1, minimum: 1, maximum: 64, description: 'Processes serving the port (node:cluster): 1 serves in this process alone; more fork that many workers on one database, each with its own connections.' }),
  LOG_LEVEL: StringEnum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info' }),
  CMS_ADMIN_TOKEN: Type.Optional(Type.String({
    minLength: 32,
    // RFC 6750 b64token: what a client can send after "Bearer ", so a secret the auth check could never match is refused at start.
    pattern: '^[A-Za-z0-9\\-._~+/]+=*$',
    description: 'A secret accepted as an admin token, to bootstrap a fresh install: at least 32 characters of those a Bearer token may carry (RFC 6750 `b64token`: letters, digits, `-._~+/`, then any `=`).'
  })),
  COMMENTS_AUTO_APPROVE: Type.Boolean({ default: false, description: 'Approve new comments at once instead of holding them for moderation.' }),
  COMMENT_RATE_LIMIT: Type.Integer({ default: 5, minimum: 1, description: 'Comments a client may post a minute.' }),
  AUTH_FAILURE_LIMIT: Type.Integer({ default: 10, minimum: 1, description: 'Requests with a wrong or malformed token a client address may send a minute; beyond that, 429 with Retry-After (valid tokens keep working).' }),
  TRUST_PROXY: Type.String({
    default: 'false',
    description: 'Whose X-Forwarded-For to believe for the client address: `false`, `true`, a number of proxy hops, or a comma-separated list of proxy addresses.'
  }),
  REQUEST_TIMEOUT_MS: Type.Integer({ default: 30000, minimum: 1, description: 'Milliseconds a request\'s headers and body may take to arrive; a slower one is answered 408 and its connection closed.' }),
  CACHE_MAX_AGE: Type.Integer({ default: 60, minimum: 0, description: 'Seconds a public answer is fresh in caches (`Cache-Control: public, max-age`).' }),
  CACHE_STALE_WHILE_REVALIDATE: Type.Integer({ default: 300, minimum: 0, description: 'Seconds a cache may serve a stale public answer while it revalidates.' }),
  MEMORY_CACHE_MAX_BYTES: Type.Integer({ default: defaultKeptBytes, minimum: 0, description: 'Bytes of answers each instance keeps in memory to send again while they stay current (article, list, feed, ninjs and JSON-LD bodies with their compressed forms; 64 MiB by default); the longest kept go first beyond it, 0 keeps none.' }),
  CORS_ORIGINS: Type.String({
    default: '*',
    description: 'Origins allowed to read the API from a browser: `*` or a comma-separated list.'
  }),
  PUBLIC_BASE_URL: Type.String({
    default: defaultPublicBaseUrl,
    description: 'Where readers reach this API, as an absolute http(s) URL: the start of every absolute link in feeds, ninjs and JSON-LD.'
  }),
  ARTICLE_URL_TEMPLATE: Type.Optional(Type.String({
    description: 'The web page where readers read an article on the newsroom\'s own site, as an absolute http(s) URL template with the placeholders `{id}`, `{slug}`, `{language}`, `{yyyy}`, `{mm}`, `{dd}` (the date of the first publication, UTC), such as `https://news.example.org/{language}/{slug}`. Unset: articles and formats link to the API only.'
  })),
  PUBLISHER_NAME: Type.Optional(Type.String({ minLength: 1, description: 'The newsroom\'s name, as publisher in JSON-LD and the feeds.' })),
  PUBLISHER_URL: Type.Optional(Type.String({ description: 'The newsroom\'s home page, an absolute http(s) URL.' })),
  PUBLISHER_LOGO_URL: Type.Optional(Type.String({ description: 'The newsroom\'s logo, an absolute http(s) URL: JSON-LD `publisher.logo`.' })),
  COPYRIGHT_NOTICE: Type.Optional(Type.String({ minLength: 1, description: 'The copyright notice partner formats carry (ninjs and JSON-LD `copyrightNotice`, RSS `copyright`, Atom `rights`).' })),
  SEARCH_RANKED_MATCHES: Type.Integer({ default: defaultSearchOptions.rankedMatches, minimum: 1, maximum: 1000000, description: 'How many of a search\'s newest matches `sort=relevance` ranks, best first; when a search matches more articles, the older ones follow, newest first. Ranking costs time for every match ranked: a larger number ranks more of a very common word\'s matches and makes its search slower.' }),
  SEARCH_CACHE_PAGES: Type.Integer({ default: defaultSearchOptions.cachePages, minimum: 0, maximum: 1000000, description: 'How many search result pages each instance keeps, to answer the same search again without working it out (a kept page is dropped as soon as any write commits, on any instance); 0 keeps none.' }),
  MEDIA_DIR: Type.String({ default: './data/media', minLength: 1, description: 'The directory pictures are kept in (originals and renditions, by the SHA-256 of their bytes); created when the first picture is uploaded. Several instances share one volume here.' }),
  MEDIA_MAX_BYTES: Type.Integer({ default: 20971520, minimum: 1, description: 'The largest picture an editor may upload, in bytes (20 MiB by default); larger ones are refused with 413.' }),
  WEBHOOKS_RETRY_BASE_MS: Type.Integer({ default: 5000, minimum: 1, description: 'Delay before a webhook delivery\'s first retry, in milliseconds; each further retry doubles it (times a random factor in [0.5, 1]).' }),
  WEBHOOKS_MAX_ATTEMPTS: Type.Integer({ default: 8, minimum: 1, maximum: 100, description: 'Attempts before a webhook delivery is marked failed.' }),
  WEBHOOKS_TIMEOUT_MS: Type.Integer({ default: 10000, minimum: 1, description: 'Time limit of one webhook delivery attempt, in milliseconds.' }),
  WEBHOOKS_ALLOW_PRIVATE: Type.Boolean({ default: false, description: 'Let webhooks reach private, loopback, link-local and other non-public addresses (for a receiver on the same network).' })
})

type Env = Static<typeof EnvSchema>

export interface Config {
  databaseUrl: string
  database: { poolSize: number, statementTimeoutMs: number }
  host: string
  port: number
  /** Worker processes serving the port; 1: the server is this process alone. */
  workers: number
  logLevel: string
  corsOrigins: '*' | string[]
  adminToken: string | undefined
  commentsAutoApprove: boolean
  commentRateLimit: number
  authFailureLimit: number
  trustProxy: boolean | string[] | ((address: string, hop: number) => boolean)
  requestTimeoutMs: number
  cache: CachingOptions
  publicBaseUrl: string
  /** ARTICLE_URL_TEMPLATE as set (checked at start), or undefined. */
  articleUrlTemplate: string | undefined
  publisher: Publisher
  media: { dir: string, maxBytes: number }
  search: SearchOptions
  webhooks: { retryBaseMs: number, maxAttempts: number, timeoutMs: number, allowPrivate: boolean }
}

export function loadConfig (env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema<Env>({ schema: EnvSchema, data: env, dotenv: false })
  return {
    databaseUrl: checkedDatabaseUrl(parsed.DATABASE_URL),
    database: { poolSize: parsed.DATABASE_POOL_SIZE, statementTimeoutMs: parsed.DATABASE_STATEMENT_TIMEOUT_MS },
    host: parsed.HOST,
    port: parsed.PORT,
    workers: checkedWorkers(parsed.WORKERS, parsed.DATABASE_URL),
    logLevel: parsed.LOG_LEVEL,
    corsOrigins: parsed.CORS_ORIGINS.trim() === '*'
      ? '*'
      : parsed.CORS_ORIGINS.split(',').map((origin) => origin.trim()).filter(Boolean),
    adminToken: parsed.CMS_ADMIN_TOKEN,
    commentsAutoApprove: parsed.COMMENTS_AUTO_APPROVE,
    commentRateLimit: parsed.COMMENT_RATE_LIMIT,
    authFailureLimit: parsed.AUTH_FAILURE_LIMIT,
    trustProxy: trustProxyFrom(parsed.TRUST_PROXY),
    requestTimeoutMs: parsed.REQUEST_TIMEOUT_MS,
    cache: { maxAge: parsed.CACHE_MAX_AGE, staleWhileRevalidate: parsed.CACHE_STALE_WHILE_REVALIDATE, keptBytes: parsed.MEMORY_CACHE_MAX_BYTES },
    publicBaseUrl: publicBaseUrlFrom(parsed.PUBLIC_BASE_URL),
    articleUrlTemplate: checkedArticleUrlTemplate(parsed.ARTICLE_URL_TEMPLATE),
    publisher: {
      ...(parsed.PUBLISHER_NAME !== undefined && { name: parsed.PUBLISHER_NAME }),
      ...(parsed.PUBLISHER_URL !== undefined && { url: httpUrlFrom('PUBLISHER_URL', parsed.PUBLISHER_URL) }),
      ...(parsed.PUBLISHER_LOGO_URL !== undefined && { logoUrl: httpUrlFrom('PUBLISHER_LOGO_URL', parsed.PUBLISHER_LOGO_URL) }),
      ...(parsed.COPYRIGHT_NOTICE !== undefined && { copyrightNotice: parsed.COPYRIGHT_NOTICE })
    },
    media: { dir: parsed.MEDIA_DIR, maxBytes: parsed.MEDIA_MAX_BYTES },
    search: { rankedMatches: parsed.SEARCH_RANKED_MATCHES, cachePages: parsed.SEARCH_CACHE_PAGES },
    webhooks: {
      retryBaseMs: parsed.WEBHOOKS_RETRY_BASE_MS,
      maxAttempts: parsed.WEBHOOKS_MAX_ATTEMPTS,
      timeoutMs: parsed.WEBHOOKS_TIMEOUT_MS,
      allowPrivate: parsed.WEBHOOKS_ALLOW_PRIVATE
    }
  }
}

/**
 * The configuration, or the end of the process with one line on stderr naming the bad
 * variable: a typo in the environment is an operator's mistake, not a crash with a stack.
 */
export function loadConfigOrExit (env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env)
  } catch (err) {
    // env-schema names a variable `env/PORT` (errors joined by ", "); the operator knows it as PORT.
    const message = (err as Error).message.replace(/(^|, )env\//g, '$1').replace(/\s*\n\s*/g, ' ')
    process.stderr.write(`Configuration error: ${message}\n`)
    process.exit(1)
  }
}

/** A DATABASE_URL that names an engine (engineOf refuses any other). */
function checkedDatabaseUrl (url: string): string {
  engineOf(url)
  return url
}

/** WORKERS as set: several workers need one database they all open, which `:memory:` is not (each process would have its own). */
function checkedWorkers (workers: number, databaseUrl: string): number {
  if (workers > 1 && (databaseUrl === ':memory:' || databaseUrl === 'file::memory:')) {
    throw new Error(`WORKERS=${workers} needs a database the workers share: a SQLite file or PostgreSQL, not ${databaseUrl}`)
  }
  return workers
}

/** An ARTICLE_URL_TEMPLATE that canonicalUrlFrom takes (it refuses any other). */
function checkedArticleUrlTemplate (template: string | undefined): string | undefined {
  if (template !== undefined) canonicalUrlFrom(template)
  return template
}

/** An absolute http(s) URL, as the variable named sets it. */
function httpUrlFrom (variable: string, value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new Error(`${variable} must be an absolute http(s) URL, got "${value}"`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${variable} must be an http(s) URL, got "${value}"`)
  return value
}

function trustProxyFrom (value: string): Config['trustProxy'] {
  const trimmed = value.trim()
  if (trimmed === 'false' || trimmed === '') return false
  if (trimmed === 'true') return true
  // A number of hops: the address that many proxies back from us is the client's.
  if (/^\d+$/.test(trimmed)) return (_address, hop) => hop < Number(trimmed)
  return trimmed.split(',').map((address) => address.trim()).filter(Boolean)
}

/**
 * An absolute http(s) URL, as links are built on it: no trailing slash (links add
 * `/v1/...`), no query, fragment or credentials. A path is kept, for an API served
 * under one (`https://example.org/cms`).
 */
export function publicBaseUrlFrom (value: string): string {
  let url: URL
  try {
    url = new URL(value.trim())
  } catch {
    throw new Error(`PUBLIC_BASE_URL must be an absolute http(s) URL, got "${value}"`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`PUBLIC_BASE_URL must be an http(s) URL, got "${value}"`)
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new Error(`PUBLIC_BASE_URL may not hold credentials, a query or a fragment, got "${value}"`)
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
}

/**
 * Why links would miss this server, if they would: PUBLIC_BASE_URL names this machine (a
 * loopback host) on another port than the one it listens on. Another host is not judged:
 * a proxy or a port mapping may stand in front.
 */
export function publicBaseUrlWarning (publicBaseUrl: string, listeningPort: number): string | undefined {
  const url = new URL(publicBaseUrl)
  const loopback = url.hostname === 'localhost' || url.hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(url.hostname)
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80))
  if (!loopback || port === listeningPort) return undefined
  return `PUBLIC_BASE_URL ${publicBaseUrl} names port ${port} of this machine, but the server listens on port ${listeningPort}: links in feeds, ninjs and JSON-LD will not reach it unless something forwards that port`
}
