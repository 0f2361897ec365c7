// All SQL about comments: the public list and threads, posting, the moderation queue, and the approved count.
import { createHash } from 'node:crypto'
import { and, asc, count, desc, eq, getTableName, gte, inArray, isNull, notExists, sql, type Placeholder, type SQL } from 'drizzle-orm'
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Static } from 'typebox'
import { v7 as uuidv7 } from 'uuid'
import { recordCommentChange } from '../changes/repository.js'
import { first, onFoundRows, preparedFor, type Database, type Db } from '../db/database.js'
import { forUpdate, prepareNamed } from '../db/dialect.js'
import { articles, comments } from '../db/sqlite-schema.js'
import { named, publicRowAt } from '../articles/visibility.js'
import { ArticleNotFound, CommentNotFound, DuplicateComment, invalidField } from '../errors.js'
import { cutPage, decodeCursor } from '../pagination.js'
import type { SearchQuery } from '../search/query.js'
import { commentTerms, commentsMatching } from '../search/repository.js'
import { duplicateKey } from './duplicate-key.js'
import { MAX_DEPTH, type CommentBody, type CommentStatus, type ModeratedCommentBody, type NewComment } from './schemas.js'

declare module 'fastify' {
  interface FastifyInstance {
    comments: CommentsRepository
  }
}

type Status = Static<typeof CommentStatus>
type Page = { limit: number, cursor?: string | undefined }

/** A value a query is written with: given, or a placeholder of a prepared statement. */
type Value = string | Placeholder

/**
 * A comment with the same text from the same client on the same article since a time: a
 * duplicate post, found by its key (see duplicateKey) and nothing else: its time is judged on
 * the rows the key found. Were the time indexable, PostgreSQL might read comments by it, which
 * where comments pour in is all of them. The limit matters to the post's named statement: given
 * as a parameter (as Drizzle gives it), it keeps the generic plan PostgreSQL makes after five
 * runs from turning the NOT EXISTS into a join, which could not look the key up.
 */
export function duplicateQuery (q: Db, of: { articleId: Value | SQL, clientHash: Value, body: Value, since: Value }) {
  return q.select({ id: comments.id }).from(comments)
    .where(and(eq(duplicateKey(comments.articleId, comments.clientHash, comments.body), duplicateKey(of.articleId, of.clientHash, of.body)), onFoundRows(gte(comments.createdAt, of.since)), eq(comments.body, of.body)))
    .limit(1)
}

/** The public article `ref` names at `now`, found by its id or slug. */
export function publicArticleQuery (q: Db, of: { ref: Value, now: Value }) {
  return q.select({ id: articles.id }).from(articles).where(and(named(of.ref), publicRowAt(of.now)))
}

/** A parameter as a column of a select: its value, named as the column it goes into. */
const valued = (value: Value | SQL, column: { name: string }) => sql`${value}`.as(column.name)
// The outer query's article, written qualified: Drizzle leaves columns of a one-table query bare.
const outerArticleId = sql`${sql.identifier(getTableName(articles))}.${sql.identifier(articles.id.name)}`

/**
 * A top-level comment held for moderation, inserted in one statement with every check: on the
 * public article `ref` names, and no duplicate (see duplicateQuery). No row back: a check failed.
 */
export function pendingCommentInsert (q: Db, of: { ref: Value, now: Value, since: Value, id: Value, authorName: Value, authorEmail: Value, body: Value, clientHash: Value, searchTerms: Value }) {
  return q.insert(comments).select((qb) => qb.select({
    id: valued(of.id, comments.id),
    articleId: articles.id,
    parentId: valued(sql`null`, comments.parentId),
    rootId: valued(of.id, comments.rootId),
    depth: valued(sql`1`, comments.depth),
    authorName: valued(of.authorName, comments.authorName),
    authorEmail: valued(of.authorEmail, comments.authorEmail),
    body: valued(of.body, comments.body),
    status: valued(sql`'pending'`, comments.status),
    createdAt: valued(of.now, comments.createdAt),
    clientHash: valued(of.clientHash, comments.clientHash),
    deletedAt: valued(sql`null`, comments.deletedAt),
    searchTerms: valued(of.searchTerms, comments.searchTerms)
  }).from(articles).where(and(named(of.ref), publicRowAt(of.now), notExists(duplicateQuery(q, { ...of, articleId: outerArticleId })))))
    .returning({ articleId: comments.articleId })
}

/** Placeholders named as the values they stand for. */
const placeholder = <Names extends string>(...names: Names[]) => Object.fromEntries(names.map((name) => [name, sql.placeholder(name)])) as unknown as Record<Names, Placeholder>
const posting = preparedFor((q) => {
  const article = () => publicArticleQuery(q, placeholder('ref', 'now'))
  return {
    article: article().prepare(),
    lockedArticle: forUpdate(article()).prepare(),
    duplicate: duplicateQuery(q, placeholder('articleId', 'clientHash', 'body', 'since')).prepare(),
    pending: prepareNamed(q, pendingCommentInsert(q, placeholder('ref', 'now', 'since', 'id', 'authorName', 'authorEmail', 'body', 'clientHash', 'searchTerms')), 'news-cms-post-comment')
  }
})

const isCounted = and(eq(comments.status, 'approved'), isNull(comments.deletedAt))

/**
 * The number of approved (not deleted) comments on each article, as a subquery the
 * article queries embed: it reads the (article, status, ...) index alone. The outer
 * article id is written qualified, since Drizzle leaves columns of a one-table query bare
 * and a bare "id" here is the comment's.
 */
export const approvedCommentCount: SQL<number> = sql<number>`(select count(*) from ${comments} where ${comments.articleId} = ${sql.identifier(getTableName(articles))}.${sql.identifier(articles.id.name)} and ${comments.status} = 'approved' and ${comments.deletedAt} is null)`.mapWith(Number)

// Replies are counted from an alias of the same table; the outer comment is named in full.
const replies = sql.raw('replies')
const replyCount = sql<number>`(select count(*) from ${comments} as ${replies} where ${replies}.parent_id = ${sql.identifier(getTableName(comments))}.${sql.identifier(comments.id.name)} and ${replies}.status = 'approved' and ${replies}.deleted_at is null)`.mapWith(Number)

const publicColumns = {
  id: comments.id,
  parentId: comments.parentId,
  authorName: comments.authorName,
  body: comments.body,
  createdAt: comments.createdAt,
  deletedAt: comments.deletedAt,
  replyCount
}

type PublicRow = { id: string, parentId: string | null, authorName: string, body: string, createdAt: string, deletedAt: string | null, replyCount: number }

/** One function turns a row into what readers see: a tombstone keeps its place, not its words. */
function toComment (row: PublicRow): CommentBody {
  const deleted = row.deletedAt !== null
  return {
    id: row.id,
    parentId: row.parentId,
    authorName: deleted ? null : row.authorName,
    body: deleted ? null : row.body,
    createdAt: row.createdAt,
    deleted,
    replyCount: row.replyCount
  }
}

const moderatedColumns = {
  id: comments.id,
  articleId: comments.articleId,
  parentId: comments.parentId,
  authorName: comments.authorName,
  authorEmail: comments.authorEmail,
  body: comments.body,
  status: comments.status,
  createdAt: comments.createdAt,
  deletedAt: comments.deletedAt
}

function toModerated ({ deletedAt, ...row }: typeof comments.$inferSelect | Omit<typeof comments.$inferSelect, 'rootId' | 'depth' | 'clientHash' | 'searchTerms'>): ModeratedCommentBody {
  const deleted = deletedAt !== null
  return {
    id: row.id,
    articleId: row.articleId,
    parentId: row.parentId,
    authorName: deleted ? null : row.authorName,
    authorEmail: row.authorEmail,
    body: deleted ? null : row.body,
    status: row.status,
    createdAt: row.createdAt,
    deleted
  }
}

const article = sql.placeholder('articleId')
const limit = sql.placeholder('limit')
// A row-value comparison, which SQLite answers with a range scan of the index.
const afterCursor = sql`(${comments.createdAt}, ${comments.id}) > (${sql.placeholder('afterCreatedAt')}, ${sql.placeholder('afterId')})`
const beforeCursor = sql`(${comments.createdAt}, ${comments.id}) < (${sql.placeholder('beforeCreatedAt')}, ${sql.placeholder('beforeId')})`

export function commentsRepository ({ db, write, writeStatement }: Database) {
  const listed = (topLevelOnly: boolean, after: boolean) => db.select(publicColumns).from(comments)
    .where(and(eq(comments.articleId, article), eq(comments.status, 'approved'), topLevelOnly ? isNull(comments.parentId) : undefined, after ? afterCursor : undefined))
    .orderBy(asc(comments.createdAt), asc(comments.id))
    .limit(limit)
    .prepare()
  const pages = {
    flat: { first: listed(false, false), next: listed(false, true) },
    threads: { first: listed(true, false), next: listed(true, true) }
  }
  const total = db.select({ total: count() }).from(comments).where(and(eq(comments.articleId, article), isCounted)).prepare()
  const one = db.select(publicColumns).from(comments)
    .where(and(eq(comments.articleId, article), eq(comments.id, sql.placeholder('id')), eq(comments.status, 'approved')))
    .prepare()

  // The moderation queue, newest first, by any mix of status and article.
  const queue = (byStatus: boolean, byArticle: boolean, before: boolean) => db.select(moderatedColumns).from(comments)
    .where(and(
      byStatus ? eq(comments.status, sql.placeholder('status')) : undefined,
      byArticle ? eq(comments.articleId, article) : undefined,
      before ? beforeCursor : undefined
    ))
    .orderBy(desc(comments.createdAt), desc(comments.id))
    .limit(limit)
    .prepare()
  const queues = new Map<string, ReturnType<typeof queue>>()
  for (const byStatus of [false, true]) {
    for (const byArticle of [false, true]) {
      for (const before of [false, true]) queues.set(`${byStatus}${byArticle}${before}`, queue(byStatus, byArticle, before))
    }
  }

  async function page (kind: 'flat' | 'threads', articleId: string, { limit, cursor }: Page) {
    const list = `comments:${kind}`
    const statements = pages[kind]
    const fetch = { articleId, limit: limit + 1 }
    let rows: PublicRow[]
    if (cursor === undefined) {
      rows = await statements.first.execute(fetch)
    } else {
      const [afterCreatedAt, afterId] = decodeCursor(list, cursor, 2)
      rows = await statements.next.execute({ ...fetch, afterCreatedAt, afterId })
    }
    return cutPage(rows, limit, list, (row) => [row.createdAt, row.id])
  }

  return {
    /** Approved comments of an article, oldest first, from after the cursor. */
    async listApproved (articleId: string, query: Page) {
      const { page: rows, nextCursor } = await page('flat', articleId, query)
      return { data: rows.map(toComment), nextCursor, total: first(await total.execute({ articleId }))?.total ?? 0 }
    },

    /** Threads: a page of top-level comments, each with all its approved replies nested, in two queries. */
    async listThreads (articleId: string, query: Page) {
      const { page: roots, nextCursor } = await page('threads', articleId, query)
      const descendants: PublicRow[] = roots.length === 0
        ? []
        : await db.select(publicColumns).from(comments)
          .where(and(inArray(comments.rootId, roots.map((root) => root.id)), eq(comments.status, 'approved'), sql`${comments.depth} > 1`))
          .orderBy(asc(comments.createdAt), asc(comments.id))
      const nodes = new Map<string, CommentBody & { replies: CommentBody[] }>()
      for (const row of [...roots, ...descendants]) nodes.set(row.id, { ...toComment(row), replies: [] })
      for (const row of descendants) if (row.parentId) nodes.get(row.parentId)?.replies.push(nodes.get(row.id) as CommentBody)
      return { data: roots.map((root) => nodes.get(root.id) as CommentBody), nextCursor, total: first(await total.execute({ articleId }))?.total ?? 0 }
    },

    /** One approved comment of an article; 404 otherwise. */
    async getApproved (articleId: string, id: string): Promise<CommentBody> {
      const row = first(await one.execute({ articleId, id }))
      if (!row) throw new CommentNotFound(id)
      return toComment(row)
    },

    /**
     * Posts a comment on the public article `ref` names: a reply must answer an approved
     * comment of the same article, not too deep; the same text from the same client within ten
     * minutes is refused as a duplicate.
     */
    async post (ref: string, input: Static<typeof NewComment>, options: { clientHash: string, approve: boolean }): Promise<ModeratedCommentBody> {
      const at = new Date()
      const fields = {
        id: uuidv7(),
        authorName: input.authorName,
        authorEmail: input.authorEmail ?? null,
        body: input.body,
        createdAt: at.toISOString(),
        clientHash: options.clientHash,
        searchTerms: commentTerms(input.authorName, input.body)
      }
      const checks = { ref, now: fields.createdAt, clientHash: options.clientHash, body: input.body, since: new Date(at.getTime() - 10 * 60_000).toISOString() }
      // What most posts are, a top-level comment held for moderation, is one statement: no
      // transaction, no lookup before it. Only when it inserts nothing is it asked why.
      if (input.parentId === undefined && !options.approve) {
        const [inserted] = await writeStatement((q) => posting(q).pending.execute({ ...checks, ...fields }))
        if (inserted === undefined) {
          if (first(await posting(db).article.execute(checks)) === undefined) throw new ArticleNotFound(ref)
          throw new DuplicateComment()
        }
        return toModerated({ ...fields, articleId: inserted.articleId, parentId: null, status: 'pending', deletedAt: null })
      }
      return await write(async (tx) => {
        // An approved comment is recorded in the feed, which locks the article's row (see
        // recordCommentChange): locked first, before the insert's foreign key check takes a
        // share lock on the same row. Asked for after it, the lock would be an upgrade, and on
        // PostgreSQL two comments posted at once would each wait for the other's share: a deadlock.
        const article = first(await (options.approve ? posting(tx).lockedArticle : posting(tx).article).execute(checks))
        if (!article) throw new ArticleNotFound(ref)
        let rootId: string | null = null
        let depth = 1
        if (input.parentId !== undefined) {
          const parent = first(await forUpdate(tx.select({ rootId: comments.rootId, depth: comments.depth }).from(comments)
            .where(and(eq(comments.id, input.parentId), eq(comments.articleId, article.id), isCounted))))
          if (!parent) throw invalidField('/parentId', 'must be an approved comment of this article')
          if (parent.depth >= MAX_DEPTH) throw invalidField('/parentId', `is a reply at the deepest level: replies nest at most ${MAX_DEPTH} deep`)
          rootId = parent.rootId
          depth = parent.depth + 1
        }
        if (first(await posting(tx).duplicate.execute({ ...checks, articleId: article.id }))) throw new DuplicateComment()
        const row = {
          ...fields,
          articleId: article.id,
          parentId: input.parentId ?? null,
          rootId: rootId ?? fields.id,
          depth,
          status: options.approve ? 'approved' as const : 'pending' as const,
          deletedAt: null
        }
        await tx.insert(comments).values(row)
        if (options.approve) await recordCommentChange(tx, 'comment.approved', article.id, fields.id)
        return toModerated(row)
      })
    },

    /**
     * The moderation queue, newest first. A search (moderators looking for a name or a phrase)
     * is matched against each comment's terms as the comments of the status and article asked
     * for are read newest first.
     */
    async moderationQueue (filters: { status?: Status | undefined, article?: string | undefined }, { limit, cursor }: Page, search?: SearchQuery) {
      const list = search === undefined ? 'comments:moderation' : `comments:moderation:q=${createHash('sha256').update(JSON.stringify(search)).digest('base64url').slice(0, 22)}`
      const before = cursor === undefined ? undefined : decodeCursor(list, cursor, 2)
      let rows
      if (search === undefined) {
        const statement = queues.get(`${filters.status !== undefined}${filters.article !== undefined}${cursor !== undefined}`)
        rows = await statement?.execute({ limit: limit + 1, status: filters.status, articleId: filters.article, beforeCreatedAt: before?.[0], beforeId: before?.[1] }) ?? []
      } else {
        rows = await db.select(moderatedColumns).from(comments)
          .where(and(
            filters.status === undefined ? undefined : eq(comments.status, filters.status),
            filters.article === undefined ? undefined : eq(comments.articleId, filters.article),
            before === undefined ? undefined : sql`(${comments.createdAt}, ${comments.id}) < (${before[0]}, ${before[1]})`,
            commentsMatching(search)
          ))
          .orderBy(desc(comments.createdAt), desc(comments.id))
          .limit(limit + 1)
      }
      const { page: data, nextCursor } = cutPage(rows, limit, list, (row) => [row.createdAt, row.id])
      return { data: data.map(toModerated), nextCursor }
    },

    /** Moderates a comment; its appearing or going is a change of its (public) article. */
    async setStatus (id: string, status: Status): Promise<ModeratedCommentBody> {
      return await write(async (tx) => {
        const before = first(await forUpdate(tx.select({ status: comments.status, deletedAt: comments.deletedAt }).from(comments).where(eq(comments.id, id))))
        if (!before) throw new CommentNotFound(id)
        const [row] = await tx.update(comments).set({ status }).where(eq(comments.id, id)).returning() as [typeof comments.$inferSelect]
        const wasShown = before.status === 'approved' && before.deletedAt === null
        const isShown = status === 'approved' && before.deletedAt === null
        if (wasShown !== isShown) await recordCommentChange(tx, isShown ? 'comment.approved' : 'comment.removed', row.articleId, id)
        return toModerated(row)
      })
    },

    /** Deletes a comment; one with replies becomes a tombstone, so that its thread still reads. */
    async remove (id: string) {
      await write(async (tx) => {
        const row = first(await forUpdate(tx.select({ articleId: comments.articleId, status: comments.status, deletedAt: comments.deletedAt }).from(comments).where(eq(comments.id, id))))
        if (!row) throw new CommentNotFound(id)
        if (row.status === 'approved' && row.deletedAt === null) await recordCommentChange(tx, 'comment.removed', row.articleId, id)
        const reply = first(await tx.select({ id: comments.id }).from(comments).where(eq(comments.parentId, id)).limit(1))
        if (reply) {
          await tx.update(comments).set({ deletedAt: new Date().toISOString(), authorName: '', authorEmail: null, body: '' }).where(eq(comments.id, id))
        } else {
          await tx.delete(comments).where(eq(comments.id, id))
        }
      })
    }
  }
}

export type CommentsRepository = ReturnType<typeof commentsRepository>

export default fp(async (app: FastifyInstance) => {
  app.decorate('comments', commentsRepository(app.database))
}, { name: 'comments-repository', dependencies: ['database'] })
