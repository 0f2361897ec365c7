// Bearer tokens: who is asking (request.principal), and the role checks that write routes declare.
import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ArticleWrite, Audience } from '../articles/repository.js'
import { Forbidden, TooManyAuthFailures, Unauthorized } from '../errors.js'
import type { Principal } from '../tokens/repository.js'
import type { RoleName } from '../tokens/schemas.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The token's holder, or null for an anonymous reader. */
    principal: Principal | null
  }
}

const challenge = 'Bearer realm="news-cms"'

function unauthorized (detail: string, error?: 'invalid_token') {
  const failure = new Unauthorized(detail)
  Object.assign(failure, { headers: { 'www-authenticate': error ? `${challenge}, error="${error}"` : challenge } })
  return failure
}

/** Editors and admins see articles that are not public yet, on the same endpoints as readers. */
export function audienceOf (request: FastifyRequest): Audience {
  return request.principal?.role === 'admin' || request.principal?.role === 'editor' ? 'editorial' : 'public'
}

/**
 * An onRequest hook for a route open to the given roles (admins may do everything):
 * 401 without a token, 403 with a token of another role. `action` finishes "may not ...".
 */
export function requireRole (roles: RoleName[], action: string) {
  return async function checkRole (request: FastifyRequest) {
    const principal = request.principal
    if (!principal) throw unauthorized(`This needs a token with the role ${roles.map((role) => `"${role}"`).join(' or ')}: send it as "Authorization: Bearer <token>".`)
    if (principal.role !== 'admin' && !roles.includes(principal.role)) throw new Forbidden(principal.role, action)
  }
}

async function auth (app: FastifyInstance, options: { failureLimit: number }) {
  app.decorateRequest('principal', null)
  // Failures are counted per client address (as TRUST_PROXY lets us see it); valid tokens are
  // never counted nor refused, so a newsroom behind one address keeps working while a broken
  // or guessing client next to it is told to stop. A throttle, not a lock: tokens are random
  // secrets far too long to guess at any rate.
  const countFailure = app.createRateLimit({ max: options.failureLimit, timeWindow: 60_000 })

  async function refuse (request: FastifyRequest, failure: Error): Promise<never> {
    const counted = await countFailure(request)
    if (!counted.isAllowed && counted.isExceeded) {
      throw Object.assign(new TooManyAuthFailures(counted.max, counted.ttlInSeconds), { headers: { 'retry-after': String(counted.ttlInSeconds) } })
    }
    throw failure
  }

  // A token that is sent must be valid, even where none is needed: a client with a
  // broken token learns it at once instead of silently reading as anonymous.
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization
    if (header === undefined) return
    const match = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(header)
    if (!match?.[1]) return refuse(request, unauthorized('The Authorization header must be "Bearer <token>".', 'invalid_token'))
    const principal = await app.tokens.authenticate(match[1])
    if (!principal) return refuse(request, unauthorized('The token is unknown or has been revoked.', 'invalid_token'))
    request.principal = principal
  })
}

export default fp(auth, { name: 'auth', dependencies: ['tokens-repository', '@fastify/rate-limit'] })

/** The name writes are recorded under; only called behind requireRole, which ensures a token. */
export function authorOf (request: Pick<FastifyRequest, 'principal'>): string {
  return request.principal?.name ?? 'anonymous'
}

/** What a write to an article is judged on: which article, the version its writer read, and who writes. */
export function writeOf (request: { params: { ref: string }, headers: { 'if-match'?: string | undefined } } & Pick<FastifyRequest, 'principal'>): ArticleWrite {
  return { ref: request.params.ref, ifMatch: request.headers['if-match'], author: authorOf(request) }
}
