// Sends queued webhook deliveries in the background: a few at a time, each within a time
// limit, retried with exponential backoff and jitter, never in the way of API requests.
import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { queuedDeliveries, type DueDelivery } from './repository.js'
import { send, type Outcome } from './sender.js'

export interface WebhookOptions {
  /** Delay before the first retry, in milliseconds; each further one doubles it (with jitter). */
  retryBaseMs: number
  /** Attempts before a delivery is marked failed. */
  maxAttempts: number
  /** Time limit of one attempt, in milliseconds. */
  timeoutMs: number
  /** Whether deliveries may go to private, loopback and other non-public addresses. */
  allowPrivate: boolean
  /** How often to look for due deliveries, in milliseconds. */
  pollMs: number
}

/** Deliveries sent at once; the rest wait for a free slot. */
const concurrency = 4

/** No retry waits longer than a day, however many attempts are configured. */
const maxRetryDelayMs = 24 * 60 * 60 * 1000

/**
 * The wait before the attempt after `attempts` failed ones: base · 2^(attempts−1), times a
 * random factor in [0.5, 1], or longer when the receiver asked for longer (`Retry-After`).
 */
export function retryDelay (retryBaseMs: number, attempts: number, askedMs: number | null = null): number {
  const backoff = Math.min(retryBaseMs * 2 ** (attempts - 1), maxRetryDelayMs) * (0.5 + Math.random() * 0.5)
  return Math.min(Math.max(backoff, askedMs ?? 0), maxRetryDelayMs)
}

function succeeded (outcome: Pick<Outcome, 'statusCode'>): boolean {
  return outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300
}

async function webhookWorker (app: FastifyInstance, options: WebhookOptions) {
  // Deliveries being sent, each with the means to abandon it; a delivery is never sent twice at once.
  const inFlight = new Map<string, AbortController>()
  const sending = new Set<Promise<void>>()
  let running = false
  let timer: NodeJS.Timeout | undefined
  let woken = false

  const record = async (delivery: DueDelivery, at: string, { retryAfterMs, ...outcome }: Outcome) => {
    const number = delivery.attempts + 1
    // 410 Gone: the receiver wants no more, so the webhook is paused (Standard Webhooks).
    const gone = outcome.statusCode === 410
    const status = succeeded(outcome) ? 'succeeded' : gone || number >= options.maxAttempts ? 'failed' : 'pending'
    const nextAttemptAt = status === 'pending' ? new Date(Date.now() + retryDelay(options.retryBaseMs, number, retryAfterMs)).toISOString() : null
    await app.webhooks.recordAttempt(delivery.id, number, { at, ...outcome }, { status, nextAttemptAt, deactivate: gone })
    const details = { delivery: delivery.id, attempt: number, statusCode: outcome.statusCode, error: outcome.error, nextAttemptAt }
    if (gone) app.log.warn(details, 'webhook receiver answered 410 Gone; webhook deactivated')
    else if (status === 'failed') app.log.warn(details, 'webhook delivery failed for good')
    else if (status === 'pending') app.log.info(details, 'webhook delivery attempt failed; retrying')
  }

  const start = (delivery: DueDelivery) => {
    const controller = new AbortController()
    inFlight.set(delivery.id, controller)
    const at = new Date().toISOString()
    const attempt = send(delivery, { timeoutMs: options.timeoutMs, allowPrivate: options.allowPrivate, signal: controller.signal })
      // Once closing, an outcome is not recorded: the delivery stays pending and is sent
      // again after a restart (receivers tell repeats apart by `webhook-id`).
      .then(async (outcome) => { if (running) await record(delivery, at, outcome) })
      .catch((error: unknown) => { app.log.error({ err: error, delivery: delivery.id }, 'recording a webhook attempt failed') })
      .finally(() => {
        inFlight.delete(delivery.id)
        sending.delete(attempt)
        wake()
      })
    sending.add(attempt)
  }

  // A claim lasts longer than an attempt can (it is abandoned at timeoutMs): a delivery
  // claimed by a worker that died is due again once its claim runs out.
  const claimMs = 2 * options.timeoutMs + 1000
  let claiming: Promise<void> | undefined
  const claim = async () => {
    let claimed: DueDelivery[]
    try {
      claimed = await app.webhooks.claim(concurrency - inFlight.size, claimMs)
    } catch (error) {
      // The next poll tries again; a busy database is no reason to stop.
      app.log.error({ err: error }, 'looking for due webhook deliveries failed')
      return
    }
    for (const delivery of claimed) start(delivery)
  }
  const poll = () => {
    if (!running || inFlight.size >= concurrency || claiming !== undefined) return
    claiming = claim().finally(() => { claiming = undefined })
  }

  /** Polls soon, once however often it is asked: after a write, and when a slot frees up. */
  function wake () {
    if (!running || woken) return
    woken = true
    setImmediate(() => {
      woken = false
      poll()
    })
  }

  // A request that queued deliveries has them sent now rather than at the next poll; its
  // response comes after its write committed. Reads queue none and are not counted.
  const queuedBefore = new WeakMap<FastifyRequest, number>()
  app.addHook('onRequest', (request, _reply, done) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') queuedBefore.set(request, queuedDeliveries())
    done()
  })
  app.addHook('onResponse', (request, _reply, done) => {
    const before = queuedBefore.get(request)
    if (before !== undefined && before !== queuedDeliveries()) wake()
    done()
  })

  app.addHook('onReady', async () => {
    running = true
    // The first claim is done by the time the app is ready, like the sweeper's first sweep.
    poll()
    await claiming
    timer = setInterval(poll, options.pollMs)
    timer.unref()
  })

  // Runs before the database closes (hooks close in reverse order): abandon what is in
  // flight, unrecorded, wait for those sends to wind down, and give their claims back.
  app.addHook('onClose', async () => {
    running = false
    clearInterval(timer)
    await claiming
    const abandoned = [...inFlight.keys()]
    for (const controller of inFlight.values()) controller.abort()
    await Promise.allSettled([...sending])
    await app.webhooks.release(abandoned, new Date().toISOString()).catch((error: unknown) => {
      app.log.error({ err: error }, 'giving back claimed webhook deliveries failed; they are sent again when their claim runs out')
    })
  })
}

export default fp(webhookWorker, { name: 'webhook-worker', dependencies: ['webhooks-repository'] })
