// All SQL about webhooks: subscriptions, the outbox filled inside each change's transaction, and the worker's deliveries and attempts.
import { and, asc, desc, eq, inArray, lte, sql } from 'drizzle-orm'
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { v7 as uuidv7 } from 'uuid'
import { withTakedown, type ChangeBody, type ChangeType } from '../changes/schemas.js'
import type { Db } from '../db/plugin.js'
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

/**
 * Queues the change for every active webhook subscribed to its type. Called by
 * recordChange, inside the write's transaction: a change and its deliveries commit or
 * roll back together, so none is lost and none is sent for a write that did not happen.
 */
export function enqueueDeliveries (db: Db, change: ChangeBody) {
  const subscribers = db.select({ id: webhooks.id }).from(webhooks)
    .where(and(eq(webhooks.active, true), sql`exists (select 1 from json_each(${webhooks.events}) where value = ${change.type})`))
    .all()
  if (subscribers.length === 0) return
  const data: ChangeBody = withTakedown({ seq: change.seq, type: change.type, articleId: change.articleId, commentId: change.commentId, version: change.version, at: change.at })
  const payload: WebhookPayloadBody = { type: change.type, timestamp: change.at, data }
  // Serialized once: every attempt sends (and signs) these very bytes.
  const body = JSON.stringify(payload)
  db.insert(webhookDeliveries).values(subscribers.map((subscriber) => ({
    id: `msg_${uuidv7()}`,
    webhookId: subscriber.id,
    changeSeq: change.seq,
    body,
    status: 'pending' as const,
    attempts: 0,
    nextAttemptAt: change.at,
    createdAt: change.at
  }))).run()
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

export function webhooksRepository (db: Db) {
  const one = db.select().from(webhooks).where(eq(webhooks.id, sql.placeholder('id'))).prepare()
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
  const due = db.select({
    id: webhookDeliveries.id,
    url: webhooks.url,
    secret: webhooks.secret,
    body: webhookDeliveries.body,
    attempts: webhookDeliveries.attempts
  }).from(webhookDeliveries)
    .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
    .where(and(
      sql`${webhookDeliveries.status} = 'pending'`,
      lte(webhookDeliveries.nextAttemptAt, sql.placeholder('now')),
      eq(webhooks.active, true)
    ))
    .orderBy(asc(webhookDeliveries.nextAttemptAt))
    .limit(limit)
    .prepare()

  function find (id: string): WebhookRow {
    const row = one.get({ id })
    if (!row) throw new WebhookNotFound(id)
    return row
  }

  return {
    /** Creates a webhook; its secret is returned here and nowhere else. */
    create (input: { url: string, events: ChangeType[], description?: string | undefined }): NewWebhookBody {
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
      db.insert(webhooks).values(row).run()
      return { ...toWebhook(row), secret: row.secret }
    },

    /** Webhooks, oldest first, from after the cursor. */
    list ({ limit, cursor }: Page): { data: WebhookBody[], nextCursor: string | null } {
      const list = 'webhooks'
      let rows: WebhookRow[]
      if (cursor === undefined) {
        rows = listStart.all({ limit: limit + 1 })
      } else {
        const [afterCreatedAt, afterId] = decodeCursor(list, cursor, 2)
        rows = listAfter.all({ limit: limit + 1, afterCreatedAt, afterId })
      }
      const { page, nextCursor } = cutPage(rows, limit, list, (row) => [row.createdAt, row.id])
      return { data: page.map(toWebhook), nextCursor }
    },

    get (id: string): WebhookBody {
      return toWebhook(find(id))
    },

    /** Applies a merge patch; `null` clears the description. */
    update (id: string, patch: { url?: string | undefined, events?: ChangeType[] | undefined, description?: string | null | undefined, active?: boolean | undefined }): WebhookBody {
      return db.transaction((tx) => {
        find(id)
        const fields = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined))
        return toWebhook(tx.update(webhooks)
          .set({ ...fields, updatedAt: new Date().toISOString() })
          .where(eq(webhooks.id, id))
          .returning()
          .get() as WebhookRow)
      }, { behavior: 'immediate' })
    },

    /** Deletes a webhook with its deliveries and their attempts. */
    remove (id: string) {
      const result = db.delete(webhooks).where(eq(webhooks.id, id)).run()
      if (result.changes === 0) throw new WebhookNotFound(id)
    },

    /** A webhook's deliveries, newest change first, each with its attempts. */
    deliveries (webhookId: string, { limit, cursor }: Page): { data: WebhookDeliveryBody[], nextCursor: string | null } {
      find(webhookId)
      const list = `webhook-deliveries:${webhookId}`
      let rows
      if (cursor === undefined) {
        rows = deliveriesStart.all({ webhookId, limit: limit + 1 })
      } else {
        const [beforeSeq] = decodeCursor(list, cursor, 1)
        rows = deliveriesAfter.all({ webhookId, limit: limit + 1, beforeSeq: Number(beforeSeq) })
      }
      const { page, nextCursor } = cutPage(rows, limit, list, (row) => [String(row.seq)])
      const attempts = new Map<string, Attempt[]>(page.map((row) => [row.id, []]))
      if (page.length > 0) {
        const attemptRows = db.select().from(webhookAttempts)
          .where(inArray(webhookAttempts.deliveryId, page.map((row) => row.id)))
          .orderBy(asc(webhookAttempts.deliveryId), asc(webhookAttempts.number))
          .all()
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

    /** Up to `limit` deliveries due at `now`, soonest first. */
    due (now: string, count: number): DueDelivery[] {
      return due.all({ now, limit: count })
    },

    /**
     * Records attempt `number` of a delivery and what follows: its new status and when it
     * is due again. Nothing is recorded when the delivery is gone (its webhook was deleted
     * meanwhile) or someone recorded this attempt already.
     */
    recordAttempt (deliveryId: string, number: number, attempt: Attempt, next: { status: DeliveryStatus, nextAttemptAt: string | null, deactivate?: boolean }) {
      db.transaction((tx) => {
        const updated = tx.update(webhookDeliveries)
          .set({ attempts: number, status: next.status, nextAttemptAt: next.nextAttemptAt })
          .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.status, 'pending'), eq(webhookDeliveries.attempts, number - 1)))
          .returning({ webhookId: webhookDeliveries.webhookId })
          .get()
        if (updated === undefined) return
        tx.insert(webhookAttempts).values({ deliveryId, number, ...attempt }).run()
        if (next.deactivate) tx.update(webhooks).set({ active: false, updatedAt: attempt.at }).where(eq(webhooks.id, updated.webhookId)).run()
      }, { behavior: 'immediate' })
    }
  }
}

export type WebhooksRepository = ReturnType<typeof webhooksRepository>

export default fp(async (app: FastifyInstance) => {
  app.decorate('webhooks', webhooksRepository(app.db))
}, { name: 'webhooks-repository', dependencies: ['database'] })
