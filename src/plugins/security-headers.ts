// Security headers on every response (helmet's): no sniffing, no framing, and a CSP the /docs reference page works under.
import type { IncomingMessage, ServerResponse } from 'node:http'
import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import helmetHeaders from 'helmet'

/**
 * One policy for everything: the API answers JSON, XML and problems, which need nothing; the
 * reference page at /docs loads its scripts, styles, images and the document from this server
 * only (no CDN, no inline script), so `'self'` is all it needs. Nobody may frame any of it.
 */
export const contentSecurityPolicy = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'connect-src': ["'self'"],
  'font-src': ["'self'", 'data:'],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"]
}

const options = {
  // Not helmet's defaults: they add upgrade-insecure-requests, which breaks /docs served over plain HTTP (127.0.0.1).
  contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy },
  frameguard: { action: 'deny' as const },
  // A public API: other origins may read it (CORS says who may from a browser).
  crossOriginResourcePolicy: { policy: 'cross-origin' as const }
}

/**
 * Helmet's headers depend on nothing in the request (the CSP has no nonce), so they are worked
 * out once at start and then set as they are: running helmet's middleware on each request
 * cost the article read a third of its throughput.
 */
const headers: Record<string, string> = {}
helmetHeaders(options)({} as IncomingMessage, {
  setHeader: (name: string, value: unknown) => { headers[name] = String(value) },
  removeHeader: (name: string) => { delete headers[name] }
} as unknown as ServerResponse, () => {})

/** Sets them on a reply; also for answers sent before any hook runs (a refused preflight, a malformed URL). */
export function addSecurityHeaders (_request: FastifyRequest, reply: FastifyReply) {
  reply.headers(headers)
}

async function securityHeaders (app: FastifyInstance) {
  app.addHook('onRequest', (request, reply, done) => {
    addSecurityHeaders(request, reply)
    done()
  })
}

export default fp(securityHeaders, { name: 'security-headers' })
