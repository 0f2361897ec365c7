// HTTP caching for every response: ETags, 304s, Cache-Control, Vary, and compression with a
// tag per encoding, so browsers, CDNs and partners revalidate instead of downloading again.
import { createHash } from 'node:crypto'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { negotiate } from '@fastify/accept-negotiator'
import compress from '@fastify/compress'
import etag from '@fastify/etag'
import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyReply, FastifyRequest, onSendHookHandler } from 'fastify'
import { byteBudget, versionedCache, type ByteBudget } from '../versioned-cache.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The memory every cache of kept answers (see keptAnswers) shares. */
    keptAnswers: ByteBudget
  }
  interface FastifyContextConfig {
    /**
     * How caches may keep a route's public answers: `public` (the default) for `max-age`
     * with `stale-while-revalidate`, `no-cache` to revalidate every time (the change feed),
     * `deploy` for what changes only with a deploy (the labels): fresh for a day.
     */
    cache?: 'public' | 'no-cache' | 'deploy'
  }
}

export interface CachingOptions {
  /** Seconds a public answer is fresh. */
  maxAge: number
  /** Seconds a cache may serve a stale public answer while it revalidates. */
  staleWhileRevalidate: number
  /** Bytes of answers this instance keeps in memory to send again (bodies and their compressed forms). */
  keptBytes: number
}

/** Bytes of kept answers an instance holds unless told otherwise: thousands of articles' bodies. */
export const defaultKeptBytes = 64 * 1024 * 1024

/** Seconds an answer that changes only with a deploy is fresh: after one, caches revalidate within a day. */
export const deployMaxAge = 86_400

/** Responses smaller than this go uncompressed: the headers would cost more than they save. */
const compressionThreshold = 1024

/** The encodings we compress with; each gives the tag its own suffix (`"v3-c0-br"`). */
const encodings = ['br', 'gzip'] as const
type Encoding = typeof encodings[number]

// Quality 11 (Brotli's default) costs tens of milliseconds per article; 5 is most of the gain.
const brotliOptions = { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }
const compressors: Record<Encoding, (bytes: Buffer) => Buffer> = {
  br: (bytes) => brotliCompressSync(bytes, brotliOptions),
  gzip: (bytes) => gzipSync(bytes)
}

// Each kept body's compressed forms, made the first time a client asks for one, and the
// representation they belong to, whose bytes they add to: they live as long as the body does,
// which its route keeps per version within the budget of kept answers.
const keptVariants = new WeakMap<Buffer, { variants: Partial<Record<Encoding, Buffer>>, owner: KeptRepresentation }>()

/** Bytes a route keeps and sends again for as long as its representation stays the same, with their tag. */
export interface KeptRepresentation { body: Buffer, etag: string }

// What keeping one costs besides its bytes (key, entries, objects), roughly.
const keptOverhead = 256

/**
 * A representation to keep: each encoding of it is made once, not per request. Its tag is the
 * route's version tag when it has one, else as @fastify/etag would make it from the bytes
 * (SHA-1, base64), so it is not made again per request either.
 */
export function keptRepresentation (text: string, etag?: string): KeptRepresentation {
  const body = Buffer.from(text)
  const kept = { body, etag: etag ?? `"${createHash('sha1').update(body).digest('base64')}"` }
  keptVariants.set(body, { variants: {}, owner: kept })
  return kept
}

/**
 * A cache of kept representations by version (see versionedCache) that counts against this
 * instance's budget of kept answers (MEMORY_CACHE_MAX_BYTES), compressed forms included.
 */
export function keptAnswers<T extends KeptRepresentation = KeptRepresentation> (app: FastifyInstance) {
  return versionedCache<T>(Infinity, { budget: app.keptAnswers, weigh: (kept) => kept.body.length + keptOverhead })
}

/** The encoding @fastify/compress would choose for the request, by the same rules; none for identity. */
function chosenEncoding (request: FastifyRequest): Encoding | undefined {
  const header = request.headers['accept-encoding']
  if (header === undefined || request.headers['x-no-compression'] !== undefined) return undefined
  // `*` is taken as gzip, and x-gzip is gzip, as @fastify/compress does.
  const chosen = negotiate(header.toLowerCase().replace(/\*|x-gzip/gu, 'gzip'), [...encodings])
  return chosen === 'br' || chosen === 'gzip' ? chosen : undefined
}

/** Adds names to a response's Vary header, keeping what others put there. */
function vary (reply: FastifyReply, ...names: string[]) {
  const current = reply.getHeader('vary')
  const listed = typeof current === 'string' ? current.split(',').map((name) => name.trim()).filter(Boolean) : []
  const missing = names.filter((name) => !listed.some((entry) => entry.toLowerCase() === name.toLowerCase()))
  if (missing.length > 0) reply.header('vary', [...listed, ...missing].join(', '))
}

/** When each answer's representation last changed, to the millisecond, which Last-Modified cannot say. */
const lastChanges = new WeakMap<FastifyReply, number>()

/**
 * Last-Modified for the latest of several ISO timestamps. An HTTP date has whole seconds,
 * so it names the start of the second after the change (the first date the representation
 * was certainly current), and never a time later than now.
 */
export function lastModified (reply: FastifyReply, ...times: ReadonlyArray<string | null | undefined>) {
  const latest = times.reduce<string>((max, time) => time && time > max ? time : max, '')
  if (latest === '') return
  const changedAt = Date.parse(latest)
  lastChanges.set(reply, changedAt)
  const nextSecond = Math.floor(changedAt / 1000) * 1000 + 1000
  // Date is set from the same reading of the clock, so that Last-Modified is never later (RFC 9110 §8.8.2.1).
  const now = Date.now()
  reply.header('date', new Date(now).toUTCString())
  reply.header('last-modified', new Date(Math.min(nextSecond, now)).toUTCString())
}

/**
 * Surrogate keys name what a response shows, for a CDN to purge exactly what a write
 * changed: `articles` for lists and feeds (which also name each article they show),
 * `article-<id>` for anything an article shows, `comments-<id>` for its comments,
 * `author-<id>` and `topic-<id>` for an author or topic (`authors` and `topics` for their lists),
 * `labels` for the labels, to purge after a deploy that changes them.
 */
export const surrogateKey = {
  lists: 'articles',
  article: (id: string) => `article-${id}`,
  comments: (articleId: string) => `comments-${articleId}`,
  authors: 'authors',
  author: (id: string) => `author-${id}`,
  topics: 'topics',
  topic: (id: string) => `topic-${id}`,
  labels: 'labels'
}

/** How a write's answer names what a CDN should purge: what it changed, and every article that shows it. */
export const purgeHeader = {
  'Surrogate-Key': {
    type: 'string',
    description: 'What this write changed, for a CDN to purge: the key of the resource written (`author-<id>`, `topic-<id>`) and `article-<id>` for every article that shows it.'
  }
} as const

export function surrogateKeys (reply: FastifyReply, keys: readonly string[]) {
  reply.header('surrogate-key', [...new Set(keys)].join(' '))
}

/** Weak comparison (RFC 9110 §8.8.3.2): tags match when their opaque parts do, `W/` or not. */
function opaque (tag: string): string {
  return tag.trim().replace(/^W\//, '')
}

/** What a client says of the copy it holds: the conditions of a read (RFC 9110 §13.1). */
export interface ReadConditions { 'if-none-match'?: string | undefined, 'if-modified-since'?: string | undefined }

/**
 * Whether the client's copy is the representation tagged `etag`, last changed at `changedAt`
 * (RFC 9110 §13.2.2): If-None-Match decides when sent; otherwise If-Modified-Since, which
 * names a whole second, holds only when the last change came before that second began.
 */
export function isCurrent (conditions: ReadConditions, etag: unknown, changedAt: number | undefined): boolean {
  const ifNoneMatch = conditions['if-none-match']
  if (ifNoneMatch !== undefined) {
    if (typeof etag !== 'string') return false
    return ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((tag) => opaque(tag) === opaque(etag))
  }
  const ifModifiedSince = conditions['if-modified-since']
  return ifModifiedSince !== undefined && changedAt !== undefined && changedAt < Date.parse(ifModifiedSince)
}

/** When a reply's representation last changed, to the millisecond, as its route said (see lastModified). */
export function lastChangeOf (reply: FastifyReply): number | undefined {
  return lastChanges.get(reply)
}

/** A body that will not be sent: a stream is drained so that nothing waits on it. */
function discard (payload: unknown) {
  const stream = payload as { resume?: () => void, on?: (event: 'error', listener: () => void) => void } | null
  if (typeof stream?.resume === 'function') {
    stream.on?.('error', () => {})
    stream.resume()
  }
}

function isRead (request: FastifyRequest): boolean {
  return request.method === 'GET' || request.method === 'HEAD'
}

async function caching (app: FastifyInstance, options: CachingOptions) {
  const publicCacheControl = `public, max-age=${options.maxAge}, stale-while-revalidate=${options.staleWhileRevalidate}`
  const deployCacheControl = `public, max-age=${deployMaxAge}, stale-while-revalidate=${options.staleWhileRevalidate}`
  app.decorate('keptAnswers', byteBudget(options.keptBytes))

  // A problem is about this request, not a representation, and a 204 has none: each keeps
  // only a tag its route or error named (a 412 names the current one), never a hash of its body.
  const untagged = new WeakSet<FastifyReply>()
  app.addHook('onSend', async (_request, reply) => {
    if ((reply.statusCode >= 400 || reply.statusCode === 204) && !reply.hasHeader('etag')) untagged.add(reply)
  })
  // Tags bodies that have none of their own (lists, comments, feeds) with a hash of their
  // bytes; 304s are ours below, decided once the tag names the encoding sent.
  await app.register(etag, { replyWith304: false })

  app.addHook('onSend', async (request, reply, payload) => {
    if (untagged.has(reply)) reply.removeHeader('etag')
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', cacheControl(request, reply))
    // A token changes what a read shows (editors see drafts), and compression what it is.
    // Lower case, as @fastify/compress looks for it before adding its own.
    if (isRead(request) && reply.statusCode === 200) vary(reply, 'authorization', 'accept-encoding')
    return payload
  })

  function cacheControl (request: FastifyRequest, reply: FastifyReply): string {
    // Whatever a token was shown is that token holder's alone.
    if (request.headers.authorization !== undefined) return 'private, no-store'
    if (!isRead(request) || reply.statusCode >= 400) return 'no-store'
    const policy = request.routeOptions.config.cache
    if (policy === 'no-cache') return 'no-cache'
    return policy === 'deploy' ? deployCacheControl : publicCacheControl
  }

  // A kept body goes out compressed from what was made of it before; @fastify/compress leaves
  // an answer that has its Content-Encoding alone, and compresses all others as they are sent.
  app.addHook('onSend', async (request, reply, payload) => {
    const kept = Buffer.isBuffer(payload) ? keptVariants.get(payload) : undefined
    if (kept === undefined || reply.statusCode !== 200 || (payload as Buffer).length < compressionThreshold) return payload
    const encoding = chosenEncoding(request)
    if (encoding === undefined) return payload
    let compressed = kept.variants[encoding]
    if (compressed === undefined) {
      compressed = kept.variants[encoding] = compressors[encoding](payload as Buffer)
      app.keptAnswers.grow(kept.owner, compressed.length)
    }
    reply.header('content-encoding', encoding).header('content-length', compressed.length)
    return compressed
  })

  await app.register(compress, { threshold: compressionThreshold, encodings: [...encodings], brotliOptions })

  // @fastify/compress compresses in a route-level onSend hook, which runs after every hook
  // above; this one is added to each route after it, to tag what it compressed and then
  // judge the request's conditions against the tag of exactly what it would get.
  const conclude: onSendHookHandler = async (request, reply, payload) => {
    const encoding = reply.getHeader('content-encoding')
    const tag = reply.getHeader('etag')
    if (typeof encoding === 'string' && typeof tag === 'string' && tag.endsWith('"')) {
      reply.header('etag', `${tag.slice(0, -1)}-${encoding}"`)
    }
    if (isRead(request) && reply.statusCode === 200 && isCurrent(request.headers, reply.getHeader('etag'), lastChanges.get(reply))) return notModified(reply, payload)
    return request.method === 'HEAD' ? withoutBody(reply, payload) : payload
  }
  app.addHook('onRoute', (route) => {
    // Fastify answers HEAD by dropping the body in a route-level hook that would run before
    // compression; dropped here instead, last, a HEAD gets exactly GET's headers.
    const hooks = [route.onSend ?? []].flat().filter((hook) => route.method !== 'HEAD' || hook.name !== 'headRouteOnSendHandler')
    route.onSend = [...hooks, conclude]
  })
}

/** What describes a body, which a 304 leaves out. */
export const representationHeaders = ['content-type', 'content-length', 'content-encoding', 'content-language']

/** 304: no body and nothing that describes one (RFC 9110 §15.4.5); the tag, dates and caching stay. */
function notModified (reply: FastifyReply, payload: unknown) {
  discard(payload)
  reply.code(304)
  for (const name of representationHeaders) reply.removeHeader(name)
  return null
}

/**
 * A HEAD answer: Node sends no body, and the framing is the one GET would send, its length
 * or, for a body compressed as it streams, chunks (RFC 9112 §6.1 allows either on a HEAD).
 */
function withoutBody (reply: FastifyReply, payload: unknown) {
  if (typeof payload === 'string' || Buffer.isBuffer(payload)) {
    if (!reply.hasHeader('content-length')) reply.header('content-length', Buffer.byteLength(payload))
  } else if (payload != null) {
    discard(payload)
    reply.header('transfer-encoding', 'chunked')
  }
  return null
}

export default fp(caching, { name: 'caching' })
