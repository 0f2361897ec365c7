// Whole answers kept in front of the router: a public read answered before is answered again
// from its status, headers and bytes, with no routing, hooks or serialization, while the
// content's version holds.
//
// Each route already keeps what it makes (bodies, compressed forms, tags), yet the framework
// around it (routing, a dozen hooks, the reply's header bookkeeping) cost half of every kept
// read. A read that a route opts in with `config: { answerCache: true }` is kept here whole,
// under the version of everything its routes show (the articles' content version, read before
// the route read its data, see dataVersion), and checked against that version on every request:
// a write on any instance is seen by the next read, as through the routes themselves.
import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerOptions, type ServerResponse } from 'node:http'
import proxyAddr from '@fastify/proxy-addr'
import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifyServerFactory, onRequestHookHandler, onSendHookHandler } from 'fastify'
import type { Config } from '../config.js'
import { versionedCache } from '../versioned-cache.js'
import { isCurrent, lastChangeOf, representationHeaders } from './caching.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Keep this route's public 200s whole, to answer the same request again before routing
     * while the content version holds: only for reads that show nothing but stored content.
     */
    answerCache?: boolean
  }
}

interface Answer {
  /** Headers as the route sent them, but those made per response (Date, X-Request-Id), as name, value, name, value. */
  headers: string[]
  /** The same without those describing the body: a 304's. */
  notModified: string[]
  body: Buffer
  etag: string | undefined
  changedAt: number | undefined
}

// Conditions only the routes judge: a request carrying one goes to them.
const routeConditions = ['if-match', 'if-unmodified-since', 'range', 'if-range'] as const
// Made anew for each response: Node adds the Date of the second it answers in.
const perResponse = new Set(['date', 'x-request-id'])
const dropped304 = new Set(representationHeaders)
const logsDebug = new Set(['debug', 'trace'])
// What keeping one costs besides its bytes (key, arrays, objects), roughly.
const overhead = 512

/** Every request header an answer the routes give anonymous readers depends on, besides its URL. */
function keyOf (request: IncomingMessage): string {
  const { headers } = request
  return `${request.url ?? ''}\n${headers['accept-encoding'] ?? ''}\n${headers.origin ?? ''}\n${headers['x-no-compression'] === undefined ? '' : '1'}`
}

/** The client's address and Host as Fastify's request log has them, behind the same trusted proxies. */
function clientOf (trustProxy: Config['trustProxy']) {
  if (trustProxy === false) return (request: IncomingMessage) => ({ ip: request.socket.remoteAddress, host: request.headers.host ?? '' })
  const trusted = typeof trustProxy === 'function' ? trustProxy : trustProxy === true ? () => true : proxyAddr.compile(trustProxy)
  return (request: IncomingMessage) => {
    const forwardedHost = request.headers['x-forwarded-host']
    const host = forwardedHost !== undefined && trusted(request.socket.remoteAddress ?? '', 0) ? String(forwardedHost).split(',').at(-1)!.trim() : request.headers.host ?? ''
    return { ip: proxyAddr.all(request, trusted).at(-1), host }
  }
}

export interface AnswerCacheOptions {
  trustProxy: Config['trustProxy']
}

/**
 * The answer cache: `serverFactory` for Fastify's constructor (the HTTP server, as Fastify
 * would make it, with the cache in front of Fastify's handler), and `plugin`, registered with
 * the version to keep answers under, to keep them. Requests made with `inject` reach the
 * routes directly, as they never pass through a server.
 */
export function answerCache (options: AnswerCacheOptions) {
  const client = clientOf(options.trustProxy)
  // Set once the plugin is registered: until then every request goes to the routes.
  let cache: { app: FastifyInstance, version: () => string | Promise<string>, answers: ReturnType<typeof versionedCache<Answer>> } | undefined
  let closing = false
  // Requests that came through the server and may be kept: the version read before they went
  // on to the routes, what they answer is kept under; null until it is read (see readVersion).
  const versions = new WeakMap<IncomingMessage, string | null>()

  type Routes = (request: IncomingMessage, response: ServerResponse) => void

  function serve (request: IncomingMessage, response: ServerResponse, routes: Routes) {
    const { headers } = request
    if (cache === undefined || closing || request.method !== 'GET' || headers.authorization !== undefined ||
      (headers.host === undefined && request.httpVersion !== '1.0') || routeConditions.some((name) => headers[name] !== undefined)) {
      routes(request, response)
      return
    }
    const key = keyOf(request)
    // A request never answered from here goes on at once: if its route keeps answers, it reads the version first (see readVersion).
    if (!cache.answers.has(key)) {
      versions.set(request, null)
      routes(request, response)
      return
    }
    const started = performance.now()
    let version: string | Promise<string>
    try {
      version = cache.version()
    } catch {
      // The database is out of reach: the routes answer it as a problem.
      routes(request, response)
      return
    }
    // SQLite answers at once; PostgreSQL after a round trip.
    if (typeof version === 'string') answer(request, response, routes, key, version, started)
    else version.then((read) => answer(request, response, routes, key, read, started), () => routes(request, response))
  }

  function answer (request: IncomingMessage, response: ServerResponse, routes: Routes, key: string, version: string, started: number) {
    const kept = cache!.answers.get(key, version)
    if (kept === undefined) {
      versions.set(request, version)
      routes(request, response)
      return
    }
    const requestId = randomUUID()
    const current = isCurrent(request.headers, kept.etag, kept.changedAt)
    const statusCode = current ? 304 : 200
    response.writeHead(statusCode, [...current ? kept.notModified : kept.headers, 'x-request-id', requestId])
    response.end(current ? undefined : kept.body)
    // Answers sent again are logged at debug: at info, the log has every request the routes
    // answered (every write, every error, the first read of each version), not the repeats,
    // whose line would cost more than the answer.
    const log = cache!.app.log
    if (!logsDebug.has(log.level)) return
    const { ip, host } = client(request)
    log.debug({
      reqId: requestId,
      req: { method: request.method, url: request.url, headers: request.headers, host, ip, socket: request.socket },
      res: { statusCode },
      responseTime: performance.now() - started
    }, 'request completed')
  }

  const serverFactory: FastifyServerFactory = (routes, settings) => {
    // As Fastify makes its HTTP/1.1 server from the same settings.
    const { http, keepAliveTimeout, requestTimeout, connectionTimeout } = settings as { http?: ServerOptions, keepAliveTimeout: number, requestTimeout: number, connectionTimeout: number }
    const server: Server = createServer(http ?? {}, (request, response) => { serve(request, response, routes) })
    server.keepAliveTimeout = keepAliveTimeout
    server.requestTimeout = requestTimeout
    server.setTimeout(connectionTimeout)
    return server
  }

  /** Reads the version a keepable request's answer will be kept under, before its route reads the data it shows. */
  const readVersion: onRequestHookHandler = async (request) => {
    if (cache === undefined || versions.get(request.raw) !== null) return
    try {
      versions.set(request.raw, await cache.version())
    } catch {
      // Not kept: the route reads the database itself and answers whatever it finds.
    }
  }

  /** Keeps a route's answer to a request that came through the server, under the version read before it. */
  const keep: onSendHookHandler = async (request: FastifyRequest, reply: FastifyReply, payload) => {
    const version = versions.get(request.raw)
    if (typeof version !== 'string' || cache === undefined || reply.statusCode !== 200 || !(typeof payload === 'string' || Buffer.isBuffer(payload))) return payload
    const sent = reply.getHeaders()
    if (typeof sent['cache-control'] !== 'string' || !sent['cache-control'].startsWith('public')) return payload
    // Last-Modified is Date within the second of a change (see lastModified): later it is not.
    if (sent['last-modified'] !== undefined && sent['last-modified'] === sent.date) return payload
    const body = Buffer.isBuffer(payload) ? payload : Buffer.from(payload)
    const headers: string[] = []
    const notModified: string[] = []
    for (const [name, value] of Object.entries({ ...sent, 'content-length': body.length })) {
      if (value === undefined || perResponse.has(name)) continue
      for (const one of [value].flat()) {
        headers.push(name, String(one))
        if (!dropped304.has(name)) notModified.push(name, String(one))
      }
    }
    cache.answers.set(keyOf(request.raw), version, { headers, notModified, body, etag: sent.etag as string | undefined, changedAt: lastChangeOf(reply) })
    return body
  }

  async function plugin (app: FastifyInstance, pluginOptions: { version: () => string | Promise<string> }) {
    cache = {
      app,
      version: pluginOptions.version,
      answers: versionedCache<Answer>(Infinity, { budget: app.keptAnswers, weigh: (answer) => answer.body.length + answer.headers.join('').length + overhead })
    }
    app.addHook('preClose', async () => { closing = true })
    // After the caching plugin's last hook, which settles compression, the tag and the 304.
    app.addHook('onRoute', (route) => {
      if (route.config?.answerCache !== true) return
      route.onRequest = [...[route.onRequest ?? []].flat(), readVersion]
      route.onSend = [...[route.onSend ?? []].flat(), keep]
    })
  }

  return { serverFactory, plugin: fp(plugin, { name: 'answer-cache', dependencies: ['caching'] }) }
}
