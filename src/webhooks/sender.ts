// Sending one delivery: signed as Standard Webhooks says, over node:http(s), to public addresses only, within a time limit.
import { createHmac, randomBytes } from 'node:crypto'
import http from 'node:http'
import https from 'node:https'
import { literalHostProblem, publicLookup } from './addresses.js'

const secretPrefix = 'whsec_'

/** A new signing secret: `whsec_` and the base64 of 32 random bytes. */
export function newSecret (): string {
  return `${secretPrefix}${randomBytes(32).toString('base64')}`
}

/** The `webhook-signature` header: HMAC-SHA256 of `<id>.<timestamp>.<body>` keyed with the decoded secret. */
export function sign (secret: string, id: string, timestamp: number, body: Buffer): string {
  const key = Buffer.from(secret.slice(secretPrefix.length), 'base64')
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest('base64')}`
}

interface Delivery {
  /** The `webhook-id`: the same on every attempt. */
  id: string
  url: string
  secret: string
  /** The JSON body, exactly as queued. */
  body: string
}

interface SendOptions {
  timeoutMs: number
  allowPrivate: boolean
  /** Aborts the attempt (the app is closing); the outcome is then not recorded. */
  signal: AbortSignal
}

/** What one attempt came to: the receiver's status, or why there was none. */
export interface Outcome {
  statusCode: number | null
  error: string | null
  durationMs: number
  /** How long the receiver asked us to wait before trying again (`Retry-After`), if it did. */
  retryAfterMs: number | null
}

/** `Retry-After` as milliseconds from now: delay-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs (value: string | undefined, now = Date.now()): number | null {
  if (value === undefined) return null
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000
  const at = Date.parse(value)
  return Number.isNaN(at) ? null : Math.max(at - now, 0)
}

const maxErrorLength = 500

/** Sends one attempt. Never rejects: every failure is an outcome with an error. */
export function send (delivery: Delivery, options: SendOptions): Promise<Outcome> {
  const started = performance.now()
  const outcome = (statusCode: number | null, error: string | null, retryAfter: number | null = null): Outcome => ({
    statusCode,
    error: error === null ? null : error.slice(0, maxErrorLength),
    durationMs: Math.round(performance.now() - started),
    retryAfterMs: retryAfter
  })
  let target: URL
  try {
    target = new URL(delivery.url)
  } catch {
    return Promise.resolve(outcome(null, `${delivery.url} is not a URL`))
  }
  // `lookup` is not consulted for an IP literal, so those are judged here.
  const refused = options.allowPrivate ? undefined : literalHostProblem(target)
  if (refused !== undefined) return Promise.resolve(outcome(null, `refused: ${refused}`))

  // Signed afresh on every attempt: a new timestamp, the same id and body.
  const timestamp = Math.floor(Date.now() / 1000)
  const body = Buffer.from(delivery.body, 'utf8')
  return new Promise((resolve) => {
    let settled = false
    const settle = (statusCode: number | null, error: string | null, retryAfter: number | null = null) => {
      if (settled) return
      settled = true
      resolve(outcome(statusCode, error, retryAfter))
    }
    const request = (target.protocol === 'https:' ? https : http).request(target, {
      method: 'POST',
      // A connection of its own, never pooled: each attempt resolves and checks its address.
      agent: false,
      ...(!options.allowPrivate && { lookup: publicLookup }),
      signal: options.signal,
      headers: {
        'content-type': 'application/json',
        'content-length': body.length,
        'user-agent': 'news-cms-api webhooks',
        'webhook-id': delivery.id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': sign(delivery.secret, delivery.id, timestamp, body)
      }
    })
    // One limit for the whole attempt: connecting, sending and the answer's headers; a
    // receiver that trickles its body after answering is cut off at the same time.
    const timer = setTimeout(() => {
      settle(null, `no answer within ${options.timeoutMs} ms`)
      request.destroy()
    }, options.timeoutMs)
    request.on('response', (response) => {
      settle(response.statusCode ?? null, null, retryAfterMs(response.headers['retry-after']))
      // The body is not read, only drained.
      response.on('error', () => {})
      response.on('close', () => clearTimeout(timer))
      response.resume()
    })
    request.on('error', (error) => {
      clearTimeout(timer)
      settle(null, error.name === 'AbortError' ? 'abandoned: the server was closing' : error.message)
    })
    request.end(body)
  })
}
