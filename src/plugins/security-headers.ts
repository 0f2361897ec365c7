// Security headers on every response (@fastify/helmet): no sniffing, no framing, and a CSP the /docs reference page works under.
import helmet from '@fastify/helmet'
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

const setHeaders = helmetHeaders(options)

/** The same headers, for answers sent before any hook runs (Fastify's frameworkErrors: a malformed URL). */
export function addSecurityHeaders (request: FastifyRequest, reply: FastifyReply) {
  setHeaders(request.raw, reply.raw, () => {})
}

async function securityHeaders (app: FastifyInstance) {
  await app.register(helmet, options)
}

export default fp(securityHeaders, { name: 'security-headers' })
