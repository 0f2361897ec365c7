// Request text: bodies JSON only (and JSON merge patches), every string in them checked and normalized; no NUL in a parameter.
import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { duplicateKey, pointerToken } from '../duplicate-keys.js'
import { invalidField } from '../errors.js'
import { bodyOptional } from '../route-schemas.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** How a route's text is held: `editorial` (the default) or `reader` (comments). */
    text?: keyof typeof policies
  }
}

/** The largest request body accepted, in bytes; larger ones are refused with 413. */
export const bodyLimit = 1024 * 1024

interface TextPolicy {
  /** Whether CR LF reads as LF (then only a lone CR is a control character). */
  foldCrLf: boolean
  /** What text may not hold: refused with 400, naming the field and the character. */
  forbidden: RegExp
  /** What is done to text that passes, before it is stored. */
  clean: (text: string) => string
}

const policies = {
  // Editors' text: no control character but newline (and no lone surrogate); NFC.
  editorial: {
    foldCrLf: false,
    forbidden: /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\uD800-\uDFFF]/u,
    clean: (text: string) => text.normalize('NFC')
  },
  // Readers' text: also tab, CR LF folded to LF, trimmed of white space (never of the
  // direction marks U+200E, U+200F and U+061C, which are not white space); bidirectional
  // overrides and isolates refused, since they can make text read as something else.
  reader: {
    foldCrLf: true,
    forbidden: /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uD800-\uDFFF]/u,
    clean: (text: string) => text.normalize('NFC').trim()
  }
} satisfies Record<string, TextPolicy>

function codePoint (character: string): string {
  return `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`
}

// No body of ours nests deeper than a dozen levels; a deeper one is refused before anything walks it.
const maxDepth = 32

/** Refuses a body that nests deeper than any of ours, before anything else walks it. */
function checkDepth (value: unknown, pointer = '', depth = 0) {
  if (depth > maxDepth) throw invalidField(pointer, `nests deeper than ${maxDepth} levels`)
  if (Array.isArray(value)) value.forEach((item, index) => checkDepth(item, `${pointer}/${index}`, depth + 1))
  else if (value !== null && typeof value === 'object') {
    for (const [key, member] of Object.entries(value)) checkDepth(member, `${pointer}/${pointerToken(key)}`, depth + 1)
  }
}

/** Checks and cleans every string in a body, in place, naming the field of the first refused one. */
function normalizeStrings (value: unknown, policy: TextPolicy = policies.editorial, pointer = ''): unknown {
  if (typeof value === 'string') {
    const text = policy.foldCrLf ? value.replaceAll('\r\n', '\n') : value
    const bad = policy.forbidden.exec(text)
    if (bad) throw invalidField(pointer, `contains the character ${codePoint(bad[0])}, which text may not hold`)
    return policy.clean(text)
  }
  if (Array.isArray(value)) return value.map((item, index) => normalizeStrings(item, policy, `${pointer}/${index}`))
  if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>
    for (const key of Object.keys(object)) object[key] = normalizeStrings(object[key], policy, `${pointer}/${pointerToken(key)}`)
  }
  return value
}

async function readBody (request: FastifyRequest) {
  if (request.body === undefined) {
    // An action sent without a body (POST .../publish) reads as an empty object; any other
    // write without one is refused before it is validated, so it can never write an empty change.
    if (!(request.routeOptions.schema as Record<string, unknown> | undefined)?.[bodyOptional]) throw invalidField('', 'is missing: this operation needs a JSON body')
    request.body = {}
    return
  }
  // An upload's bytes (POST /v1/media) are no text: they are judged by the route that reads them.
  if (Buffer.isBuffer(request.body)) return
  request.body = normalizeStrings(request.body, policies[request.routeOptions.config.text ?? 'editorial'])
}

/**
 * A path or query parameter with U+0000: no id, slug or cursor holds one, and PostgreSQL
 * cannot even compare text with it, so it is refused before anything looks it up.
 */
async function refuseNulParameters (request: FastifyRequest) {
  for (const [context, location] of [['params', 'path'], ['query', 'query']] as const) {
    for (const [name, value] of Object.entries(request[context] as Record<string, unknown>)) {
      if (typeof value === 'string' && value.includes('\u0000')) {
        throw Object.assign(new Error(`${location} parameter ${name} contains U+0000`), {
          validation: [{ keyword: 'custom', instancePath: `/${name}`, schemaPath: '', params: {}, message: 'contains the character U+0000, which no parameter may hold' }],
          validationContext: context === 'params' ? 'params' : 'querystring'
        })
      }
    }
  }
}

async function bodies (app: FastifyInstance) {
  app.addHook('preValidation', refuseNulParameters)
  // Without a text parser, a text body is refused with 415 rather than validated as a string.
  app.removeContentTypeParser('text/plain')
  // Fastify's parser refuses bad JSON and prototype poisoning; ours then refuses what JSON.parse
  // would let pass silently: a body too deep to walk, and a member named twice, where the last
  // would win (RFC 7493 I-JSON: `{"role":"moderator","role":"admin"}` is refused, not read as admin).
  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser(['application/json', 'application/merge-patch+json'], { parseAs: 'string' }, (request, body, done) => {
    const text = String(body)
    parseJson(request, text, (error, value) => {
      if (error) return done(error)
      try {
        checkDepth(value)
        const duplicate = duplicateKey(text, value)
        if (duplicate !== undefined) throw invalidField(duplicate, 'is named twice in one object: a JSON body must name each member once (RFC 7493 I-JSON)')
      } catch (refusal) {
        return done(refusal as Error)
      }
      done(null, value)
    })
  })
  // Only routes that take a body get the check, so reads pay nothing for it.
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    if (!methods.some((method) => method === 'POST' || method === 'PUT' || method === 'PATCH')) return
    const existing = route.preValidation === undefined ? [] : Array.isArray(route.preValidation) ? route.preValidation : [route.preValidation]
    route.preValidation = [...existing, readBody]
  })
}

export default fp(bodies, { name: 'bodies' })
