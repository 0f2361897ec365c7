// All SQL about webhooks: subscriptions, the outbox filled inside each change's transaction, and the worker's deliveries and attempts.
import { and, asc, desc, eq, inArray, lte, sql } from 'drizzle-orm'
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { v7 as uuidv7 } from 'uuid'
import { withTakedown, type ChangeBody, type ChangeType } from '../changes/schemas.js'
import { first, preparedFor, type Database, type Db } from '../db/database.js'
import { forUpdate } from '../db/dialect.js'
import { changes, webhookAttempts, webhookDeliveries, webhooks } from '../db/sqlite-schema.js'
import { WebhookNotFound } from '../errors.js'
import { cutPage, decodeCursor } from '../pagination.js'
import { newSecret } from './sender.js'
import type { NewWebhookBody, WebhookBody, WebhookDeliveryBody, WebhookPayloadBody } from './schemas.js'

declare module 'fastify' {
  interface FastifyInstance {
    webhooks: WebhooksRepository
  }
}

type Page = { limit: number, cursor?: string | undefined }
type WebhookRow = typeof webhooks.$inferSelect
type DeliveryStatus = WebhookDeliveryBody['status']

/** One function turns a row into what admins see: never the secret. */
function toWebhook (row: WebhookRow): WebhookBody {
  return {
    id: row.id,
    url: row.url,
    events: row.events as ChangeType[],
    description: row.description,
    active: row.active,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt
  }
}

// Deliveries this process has queued, counted. The worker compares the count at a request's
// end with the count at its start, to send at once what the request queued without looking
// for due deliveries after every other write (a comment held for moderation queues none).
let queued = 0

/** How many deliveries this process has queued so far (committed or not). */
export const queuedDeliveries = () => queued

/**
 * Queues the change for every active webhook subscribed to its type. Called by
 * recordChange, inside the write's transaction: a change and its deliveries commit or
 * roll back together, so none is lost and none is sent for a write that did not happen.
 */
export async function enqueueDeliveries (db: Db, change: ChangeBody) {
  // A newsroom has a handful of webhooks: their event lists are matched here, not in SQL.
  const subscribers = (await db.select({ id: webhooks.id, events: webhooks.events }).from(webhooks).where(eq(webhooks.active, true)))
    .filter((webhook) => webhook.events.includes(change.type))
  if (subscribers.length === 0) return
  const data: ChangeBody = withTakedown({ seq: change.seq, type: change.type, articleId: change.articleId, commentId: change.commentId, version: change.version, at: change.at })
  const payload: WebhookPayloadBody = { type: change.type, timestamp: change.at, data }
  // Serialized once: every attempt sends (and signs) these very bytes.
  const body = JSON.stringify(payload)
  await db.insert(webhookDeliveries).values(subscribers.map((subscriber) => ({
    id: `msg_${uuidv7()}`,
    webhookId: subscriber.id,
    changeSeq: change.seq,
    body,
    status: 'pending' as const,
    attempts: 0,
    nextAttemptAt: change.at,
    createdAt: change.at
  })))
  queued += subscribers.length
}

/** A delivery the worker is to send now, with what it needs to send it. */
export interface DueDelivery {
  id: string
  url: string
  secret: string
  body: string
  /** Attempts made so far. */
  attempts: number
}

interface Attempt {
  at: string
  statusCode: number | null
  error: string | null
  durationMs: number
}

const limit = sql.placeholder('limit')

const deliveryColumns = {
  id: webhookDeliveries.id,
  status: webhookDeliveries.status,
  nextAttemptAt: webhookDeliveries.nextAttemptAt,
  createdAt: webhookDeliveries.createdAt,
  seq: changes.seq,
  type: changes.type,
  articleId: changes.articleId,
  commentId: changes.commentId,
  version: changes.version,
  at: changes.at
}

export function webhooksRepository ({ db, write }: Database) {
  const one = preparedFor((q) => q.select().from(webhooks).where(eq(webhooks.id, sql.placeholder('id'))).prepare())
  const listStart = db.select().from(webhooks)
    .orderBy(asc(webhooks.createdAt), asc(webhooks.id))
    .limit(limit)
    .prepare()
  const listAfter = db.select().from(webhooks)
    // A row-value comparison, which SQLite answers with a range scan of the index.
    .where(sql`(${webhooks.createdAt}, ${webhooks.id}) > (${sql.placeholder('afterCreatedAt')}, ${sql.placeholder('afterId')})`)
    .orderBy(asc(webhooks.createdAt), asc(webhooks.id))
    .limit(limit)
    .prepare()

  // A webhook's deliveries, newest change first: one per change, so the change's seq is the key.
  const deliveries = (after: boolean) => db.select(deliveryColumns).from(webhookDeliveries)
    .innerJoin(changes, eq(changes.seq, webhookDeliveries.changeSeq))
    .where(and(
      eq(webhookDeliveries.webhookId, sql.placeholder('webhookId')),
      after ? sql`${webhookDeliveries.changeSeq} < ${sql.placeholder('beforeSeq')}` : undefined
    ))
    .orderBy(desc(webhookDeliveries.changeSeq))
    .limit(limit)
    .prepare()
  const deliveriesStart = deliveries(false)
  const deliveriesAfter = deliveries(true)

  // The worker's query: pending deliveries whose time has come, of active webhooks, by due
  // time. The status is written as a literal so that SQLite can use the partial index.
  const due = (tx: Db, now: string, count: number) => forUpdate(tx.select({
    id: webhookDeliveries.id,
    url: webhooks.url,
    secret: webhooks.secret,
    body: webhookDeliveries.body,
    attempts: webhookDeliveries.attempts
  }).from(webhookDeliveries)
    .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
    .where(and(
      sql`${webhookDeliveries.status} = 'pending'`,
      lte(webhookDeliveries.nextAttemptAt, now),
      eq(webhooks.active, true)
    ))
    .orderBy(asc(webhookDeliveries.nextAttemptAt))
    .limit(count), { skipLocked: true, of: webhookDeliveries })

  async function find (id: string, q = db): Promise<WebhookRow> {
    const row = first(await one(q).execute({ id }))
    if (!row) throw new WebhookNotFound(id)
    return row
  }

  return {
    /** Creates a webhook; its secret is returned here and nowhere else. */
    async create (input: { url: string, events: ChangeType[], description?: string | undefined }): Promise<NewWebhookBody> {
      const at = new Date().toISOString()
      const row: WebhookRow = {
        id: uuidv7(),
        url: input.url,
        events: input.events,
        description: input.description ?? null,
        active: true,
        secret: newSecret(),
        createdAt: at,
        updatedAt: at
      }
      await write((tx) => tx.insert(webhooks).values(row))
      return { ...toWebhook(row), secret: row.secret }
    },

    /** Webhooks, oldest first, from after the cursor. */
    async list ({ limit, cursor }: Page): Promise<{ data: WebhookBody[], nextCursor: string | null }> {
      const list = 'webhooks'
      let rows: WebhookRow[]
      if (cursor === undefined) {
        rows = await listStart.execute({ limit: limit + 1 })
      } else {
        const [afterCreatedAt, afterId] = decodeCursor(list, cursor, 2)
        rows = await listAfter.execute({ limit: limit + 1, afterCreatedAt, afterId })
      }
      const { page, nextCursor } = cutPage(rows, limit, list, (row) => [row.createdAt, row.id])
      return { data: page.map(toWebhook), nextCursor }
    },

    async get (id: string): Promise<WebhookBody> {
      return toWebhook(await find(id))
    },

    /** Applies a merge patch; `null` clears the description. */
    async update (id: string, patch: { url?: string | undefined, events?: ChangeType[] | undefined, description?: string | null | undefined, active?: boolean | undefined }): Promise<WebhookBody> {
      return await write(async (tx) => {
        const fields = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined))
        const [row] = await tx.update(webhooks)
          .set({ ...fields, updatedAt: new Date().toISOString() })
          .where(eq(webhooks.id, id))
          .returning()
        if (row === undefined) throw new WebhookNotFound(id)
        return toWebhook(row)
      })
    },

    /** Deletes a webhook with its deliveries and their attempts. */
    async remove (id: string) {
      const removed = await write((tx) => tx.delete(webhooks).where(eq(webhooks.id, id)).returning({ id: webhooks.id }))
      if (removed.length === 0) throw new WebhookNotFound(id)
    },

    /** A webhook's deliveries, newest change first, each with its attempts. */
    async deliveries (webhookId: string, { limit, cursor }: Page): Promise<{ data: WebhookDeliveryBody[], nextCursor: string | null }> {
      await find(webhookId)
      const list = `webhook-deliveries:${webhookId}`
      let rows
      if (cursor === undefined) {
        rows = await deliveriesStart.execute({ webhookId, limit: limit + 1 })
      } else {
        const [beforeSeq] = decodeCursor(list, cursor, 1)
        rows = await deliveriesAfter.execute({ webhookId, limit: limit + 1, beforeSeq: Number(beforeSeq) })
      }
      const { page, nextCursor } = cutPage(rows, limit, list, (row) => [String(row.seq)])
      const attempts = new Map<string, Attempt[]>(page.map((row) => [row.id, []]))
      if (page.length > 0) {
        const attemptRows = await db.select().from(webhookAttempts)
          .where(inArray(webhookAttempts.deliveryId, page.map((row) => row.id)))
          .orderBy(asc(webhookAttempts.deliveryId), asc(webhookAttempts.number))
        for (const { deliveryId, at, statusCode, error, durationMs } of attemptRows) attempts.get(deliveryId)?.push({ at, statusCode, error, durationMs })
      }
      return {
        data: page.map((row) => ({
          id: row.id,
          change: withTakedown({ seq: row.seq, type: row.type, articleId: row.articleId, commentId: row.commentId, version: row.version, at: row.at }),
          status: row.status,
          attempts: attempts.get(row.id) ?? [],
          nextAttemptAt: row.nextAttemptAt,
          createdAt: row.createdAt
        })),
        nextCursor
      }
    },

    /**
     * Claims up to `count` deliveries due now, soonest first, for the worker that asks, for
     * `leaseMs`: they are due again only then, so no other worker (in this process or another
     * instance) sends them meanwhile, and one whose worker died is sent again. The clock is
     * read once the write has its turn, so waiting for it does not shorten the lease.
     */
    async claim (count: number, leaseMs: number): Promise<DueDelivery[]> {
      return await write(async (tx) => {
        const now = Date.now()
        const claimed = await due(tx, new Date(now).toISOString(), count)
        if (claimed.length > 0) await tx.update(webhookDeliveries).set({ nextAttemptAt: new Date(now + leaseMs).toISOString() }).where(inArray(webhookDeliveries.id, claimed.map((delivery) => delivery.id)))
        return claimed
      })
    },

    /** Gives claimed deliveries back, unsent, due now: a worker closing lets the next one send them at once. */
    async release (deliveryIds: string[], now: string) {
      if (deliveryIds.length === 0) return
      await write((tx) => tx.update(webhookDeliveries).set({ nextAttemptAt: now })
        .where(and(inArray(webhookDeliveries.id, deliveryIds), eq(webhookDeliveries.status, 'pending'))))
    },

    async recordAttempt (deliveryId: string, number: number, attempt: Attempt, next: { status: DeliveryStatus, nextAttemptAt: string | null, deactivate?: boolean }) {
      await write(async (tx) => {
        const [updated] = await tx.update(webhookDeliveries)
          .set({ attempts: number, status: next.status, nextAttemptAt: next.nextAttemptAt })
          .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.status, 'pending'), eq(webhookDeliveries.attempts, number - 1)))
          .returning({ webhookId: webhookDeliveries.webhookId })
        if (updated === undefined) return
        await tx.insert(webhookAttempts).values({ deliveryId, number, ...attempt })
        if (next.deactivate) await tx.update(webhooks).set({ active: false, updatedAt: attempt.at }).where(eq(webhooks.id, updated.webhookId))
      })
    }
  }
}

export type WebhooksRepository = ReturnType<typeof webhooksRepository>

export default fp(async (app: FastifyInstance) => {
  app.decorate('webhooks', webhooksRepository(app.database))
}, { name: 'webhooks-repository', dependencies: ['database'] })
