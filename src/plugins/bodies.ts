// Request bodies: JSON only (and JSON merge patches), and every string in them checked and normalized.
import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { invalidField } from '../errors.js'

/** The largest request body accepted, in bytes; larger ones are refused with 413. */
export const bodyLimit = 1024 * 1024

// C0 and C1 control characters, DEL, and lone surrogates. Newline (U+000A) is text.
const forbidden = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\uD800-\uDFFF]/u

function codePoint (character: string): string {
  return `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`
}

/**
 * Refuses control characters, naming the field and the character, and normalizes every
 * string to NFC in place: what is stored is then exactly what is served back.
 */
export function normalizeStrings (value: unknown, pointer = ''): unknown {
  if (typeof value === 'string') {
    const bad = forbidden.exec(value)
    if (bad) throw invalidField(pointer, `contains the control character ${codePoint(bad[0])}, which text may not hold`)
    return value.normalize('NFC')
  }
  if (Array.isArray(value)) return value.map((item, index) => normalizeStrings(item, `${pointer}/${index}`))
  if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>
    for (const key of Object.keys(object)) object[key] = normalizeStrings(object[key], `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`)
  }
  return value
}

async function readBody (request: FastifyRequest) {
  // An action sent without a body (POST .../publish) reads as an empty object.
  request.body = normalizeStrings(request.body ?? {})
}

async function bodies (app: FastifyInstance) {
  // Without a text parser, a text body is refused with 415 rather than validated as a string.
  app.removeContentTypeParser('text/plain')
  app.addContentTypeParser('application/merge-patch+json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'))
  // Only routes that take a body get the check, so reads pay nothing for it.
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    if (!methods.some((method) => method === 'POST' || method === 'PUT' || method === 'PATCH')) return
    const existing = route.preValidation === undefined ? [] : Array.isArray(route.preValidation) ? route.preValidation : [route.preValidation]
    route.preValidation = [...existing, readBody]
  })
}

export default fp(bodies, { name: 'bodies' })
