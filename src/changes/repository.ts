// All SQL about the change feed: recording a change inside the write that makes it, and reading the feed.
import { and, asc, eq, gt, max, sql } from 'drizzle-orm'
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { first, type Db } from '../db/database.js'
import { forUpdate, lockChangeFeed } from '../db/dialect.js'
import { articles, changes } from '../db/sqlite-schema.js'
import { InvalidCursor, InvalidSince } from '../errors.js'
import { decodeCursor, encodeCursor } from '../pagination.js'
import { enqueueDeliveries } from '../webhooks/repository.js'
import { withTakedown, type ChangeBody, type ChangePageBody, type ChangeType } from './schemas.js'

declare module 'fastify' {
  interface FastifyInstance {
    changes: ChangesRepository
  }
}

export type NewChange = Pick<ChangeBody, 'type' | 'articleId'> & Partial<Pick<ChangeBody, 'commentId' | 'version' | 'at'>>

/**
 * Records a change, and queues its webhook deliveries; the caller owns the transaction, so
 * the change and its deliveries commit or roll back with its write.
 */
export async function recordChange (db: Db, change: NewChange): Promise<ChangeBody> {
  await lockChangeFeed(db)
  const [recorded] = await db.insert(changes).values({
    type: change.type,
    articleId: change.articleId,
    commentId: change.commentId ?? null,
    version: change.version ?? null,
    at: change.at ?? new Date().toISOString()
  }).returning()
  if (recorded === undefined) throw new Error('a change was recorded but not returned')
  const body = withTakedown(recorded)
  await enqueueDeliveries(db, body)
  return body
}

/**
 * What the feed says of an article a write left with this (read) status, given whether it
 * last said the article was public; nothing for changes the public cannot see. Only the
 * first publication is news: publishing again after a withdrawal is, for partners, an update.
 */
export async function articleChange (listed: boolean, status: 'draft' | 'scheduled' | 'published' | 'archived', publishedBefore: () => Promise<boolean>): Promise<ChangeType | undefined> {
  if (status === 'published') return listed || await publishedBefore() ? 'article.updated' : 'article.published'
  if (!listed) return undefined
  return status === 'archived' ? 'article.archived' : 'article.unpublished'
}

/** Whether the feed has announced the article's publication before. */
export async function announcedBefore (db: Db, articleId: string): Promise<boolean> {
  return (await db.select({ seq: changes.seq }).from(changes)
    .where(and(eq(changes.articleId, articleId), eq(changes.type, 'article.published')))
    .limit(1)).length > 0
}

/** Records a comment's appearing or going, when its article is public: other comments are no one's business yet. */
export async function recordCommentChange (db: Db, type: 'comment.approved' | 'comment.removed', articleId: string, commentId: string) {
  // Locked, so that an unpublication committing meanwhile (another instance's) is seen, not passed.
  const article = first(await forUpdate(db.select({ listed: articles.listed }).from(articles).where(eq(articles.id, articleId))))
  if (article?.listed) await recordChange(db, { type, articleId, commentId })
}

const feedName = 'changes'

export function changesRepository (db: Db) {
  const after = db.select().from(changes)
    .where(gt(changes.seq, sql.placeholder('seq')))
    .orderBy(asc(changes.seq))
    .limit(sql.placeholder('limit'))
    .prepare()
  const last = db.select({ seq: max(changes.seq) }).from(changes).prepare()
  const latest = db.select({ at: changes.at }).from(changes).orderBy(sql`${changes.seq} desc`).limit(1).prepare()
  const lastOfArticle = db.select().from(changes)
    .where(and(eq(changes.articleId, sql.placeholder('articleId')), sql`${changes.type} like 'article.%'`))
    .orderBy(sql`${changes.seq} desc`)
    .limit(1)
    .prepare()

  async function seqOf (since: string): Promise<number> {
    let key: string[]
    try {
      key = decodeCursor(feedName, since, 1)
    } catch (error) {
      if (error instanceof InvalidCursor) throw new InvalidSince('it is not a cursor of this feed')
      throw error
    }
    const seq = Number(key[0])
    if (!Number.isSafeInteger(seq) || seq < 0) throw new InvalidSince('it is not a cursor of this feed')
    // A cursor past the end was issued by another database (or one since restored from a backup).
    if (seq > (first(await last.execute())?.seq ?? 0)) throw new InvalidSince('it is ahead of this feed, so it was issued by another database')
    return seq
  }

  return {
    /**
     * Changes after the cursor, oldest first, where to continue (the same place when there
     * are none yet), and whether this reaches the end of the feed: one row more is read to know.
     */
    async list ({ since, limit }: { since?: string | undefined, limit: number }): Promise<ChangePageBody> {
      const from = since === undefined ? 0 : await seqOf(since)
      const rows = await after.execute({ seq: from, limit: limit + 1 })
      const data = rows.slice(0, limit).map(withTakedown)
      const through = data.at(-1)?.seq ?? from
      return { data, nextCursor: encodeCursor(feedName, [String(through)]), caughtUp: rows.length <= limit }
    },

    /**
     * The takedown that withdrew an article from the public, if the feed's last word on it is
     * one: the record of the kill notice, kept as long as the feed (rows are never deleted).
     */
    async withdrawal (articleId: string): Promise<ChangeBody | undefined> {
      const last = first(await lastOfArticle.execute({ articleId }))
      if (last === undefined) return undefined
      const change = withTakedown(last)
      return change.takedown ? change : undefined
    },

    /** When public content last changed, anywhere. */
    async latestAt (): Promise<string | undefined> {
      return first(await latest.execute())?.at
    },

  }
}

export type ChangesRepository = ReturnType<typeof changesRepository>

export default fp(async (app: FastifyInstance) => {
  app.decorate('changes', changesRepository(app.database.db))
}, { name: 'changes-repository', dependencies: ['database'] })
