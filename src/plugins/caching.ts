// HTTP caching for every response: ETags, 304s, Cache-Control, Vary, and compression with a
// tag per encoding, so browsers, CDNs and partners revalidate instead of downloading again.
import { constants } from 'node:zlib'
import compress from '@fastify/compress'
import etag from '@fastify/etag'
import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyReply, FastifyRequest, onSendHookHandler } from 'fastify'

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * How caches may keep a route's public answers: `public` (the default) for `max-age`
     * with `stale-while-revalidate`, `no-cache` to revalidate every time (the change feed).
     */
    cache?: 'public' | 'no-cache'
  }
}

export interface CachingOptions {
  /** Seconds a public answer is fresh. */
  maxAge: number
  /** Seconds a cache may serve a stale public answer while it revalidates. */
  staleWhileRevalidate: number
}

/** Responses smaller than this go uncompressed: the headers would cost more than they save. */
const compressionThreshold = 1024

/** The encodings we compress with; each gives the tag its own suffix (`"v3-c0-br"`). */
const encodings = ['br', 'gzip'] as const
const encodingSuffix = new RegExp(`-(?:${encodings.join('|')})"$`)

/** Adds names to a response's Vary header, keeping what others put there. */
function vary (reply: FastifyReply, ...names: string[]) {
  const current = reply.getHeader('vary')
  const listed = typeof current === 'string' ? current.split(',').map((name) => name.trim()).filter(Boolean) : []
  const missing = names.filter((name) => !listed.some((entry) => entry.toLowerCase() === name.toLowerCase()))
  if (missing.length > 0) reply.header('vary', [...listed, ...missing].join(', '))
}

/** The HTTP date of an ISO timestamp, or of the latest of several. */
export function lastModified (reply: FastifyReply, ...times: ReadonlyArray<string | null | undefined>) {
  const latest = times.reduce<string>((max, time) => time && time > max ? time : max, '')
  if (latest !== '') reply.header('last-modified', new Date(latest).toUTCString())
}

/**
 * Surrogate keys name what a response shows, for a CDN to purge exactly what a write
 * changed: `articles` for lists and feeds (which also name each article they show),
 * `article-<id>` for anything an article shows, `comments-<id>` for its comments.
 */
export const surrogateKey = {
  lists: 'articles',
  article: (id: string) => `article-${id}`,
  comments: (articleId: string) => `comments-${articleId}`
}

export function surrogateKeys (reply: FastifyReply, keys: readonly string[]) {
  reply.header('surrogate-key', [...new Set(keys)].join(' '))
}

/** A tag without its weakness mark and without the encoding suffix it was served with. */
function baseOf (tag: string): string {
  return tag.trim().replace(/^W\//, '').replace(encodingSuffix, '"')
}

/** The tag of If-None-Match that names the representation tagged `current`, if one does. */
function matchingTag (ifNoneMatch: string, current: string): string | undefined {
  if (ifNoneMatch.trim() === '*') return current
  const base = baseOf(current)
  return ifNoneMatch.split(',').map((tag) => tag.trim()).find((tag) => baseOf(tag) === base)
}

function isRead (request: FastifyRequest): boolean {
  return request.method === 'GET' || request.method === 'HEAD'
}

async function caching (app: FastifyInstance, options: CachingOptions) {
  const publicCacheControl = `public, max-age=${options.maxAge}, stale-while-revalidate=${options.staleWhileRevalidate}`

  // Tags bodies that have none of their own (lists, comments, feeds) with a hash of their
  // bytes; 304s are ours below, so that a tag carrying an encoding suffix still matches.
  await app.register(etag, { replyWith304: false })

  app.addHook('onSend', async (request, reply, payload) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', cacheControl(request, reply))
    if (!isRead(request) || reply.statusCode !== 200) return payload
    // A token changes what a read shows (editors see drafts), and compression what it is.
    // Lower case, as @fastify/compress looks for it before adding its own.
    vary(reply, 'authorization', 'accept-encoding')
    const current = reply.getHeader('etag')
    const ifNoneMatch = request.headers['if-none-match']
    if (typeof current === 'string' && ifNoneMatch !== undefined) {
      const matched = matchingTag(ifNoneMatch, current)
      if (matched === undefined) return payload
      // The client's copy is current: answer with the tag it holds, encoding suffix included.
      reply.header('etag', matched)
      return notModified(reply)
    }
    const modified = reply.getHeader('last-modified')
    const ifModifiedSince = request.headers['if-modified-since']
    if (typeof modified === 'string' && ifModifiedSince !== undefined && Date.parse(modified) <= Date.parse(ifModifiedSince)) {
      return notModified(reply)
    }
    return payload
  })

  function cacheControl (request: FastifyRequest, reply: FastifyReply): string {
    // Whatever a token was shown is that token holder's alone.
    if (request.headers.authorization !== undefined) return 'private, no-store'
    if (!isRead(request) || reply.statusCode >= 400) return 'no-store'
    return request.routeOptions.config.cache === 'no-cache' ? 'no-cache' : publicCacheControl
  }

  await app.register(compress, {
    threshold: compressionThreshold,
    encodings: [...encodings],
    // Quality 11 (the default) costs tens of milliseconds per article; 5 is most of the gain.
    brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }
  })

  // @fastify/compress compresses in a route-level onSend hook, which runs after every hook
  // above; this one is added to each route after it, to tag what it compressed.
  const tagEncoding: onSendHookHandler = async (_request, reply, payload) => {
    const encoding = reply.getHeader('content-encoding')
    const tag = reply.getHeader('etag')
    if (typeof encoding === 'string' && typeof tag === 'string' && tag.endsWith('"')) {
      reply.header('etag', `${tag.slice(0, -1)}-${encoding}"`)
    }
    return payload
  }
  app.addHook('onRoute', (route) => {
    route.onSend = [...(route.onSend === undefined ? [] : [route.onSend].flat()), tagEncoding]
  })
}

function notModified (reply: FastifyReply) {
  reply.code(304)
  reply.removeHeader('content-type')
  reply.removeHeader('content-length')
  return ''
}

export default fp(caching, { name: 'caching' })
