// All SQL about comments: the public page of approved comments and the approved count.
import { and, asc, count, eq, getTableName, sql, type SQL } from 'drizzle-orm'
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Static } from 'typebox'
import type { Db } from '../db/plugin.js'
import { articles, comments } from '../db/schema.js'
import { cutPage, decodeCursor } from '../pagination.js'
import type { Comment } from './schemas.js'

declare module 'fastify' {
  interface FastifyInstance {
    comments: CommentsRepository
  }
}

/**
 * The number of approved comments on each article, as a subquery the article queries embed:
 * it reads the (article, status, ...) index alone. The outer article id is written qualified,
 * since Drizzle leaves columns of a one-table query bare and a bare "id" here is the comment's.
 */
export const approvedCommentCount: SQL<number> = sql<number>`(select count(*) from ${comments} where ${comments.articleId} = ${sql.identifier(getTableName(articles))}.${sql.identifier(articles.id.name)} and ${comments.status} = 'approved')`.mapWith(Number)

const publicColumns = {
  id: comments.id,
  parentId: comments.parentId,
  authorName: comments.authorName,
  body: comments.body,
  createdAt: comments.createdAt
}

const approvedOn = eq(comments.status, 'approved')
const article = sql.placeholder('articleId')
const limit = sql.placeholder('limit')

export function commentsRepository (db: Db) {
  const firstPage = db.select(publicColumns).from(comments)
    .where(and(eq(comments.articleId, article), approvedOn))
    .orderBy(asc(comments.createdAt), asc(comments.id))
    .limit(limit)
    .prepare()
  const nextPage = db.select(publicColumns).from(comments)
    .where(and(
      eq(comments.articleId, article),
      approvedOn,
      // A row-value comparison, which SQLite answers with a range scan of the index.
      sql`(${comments.createdAt}, ${comments.id}) > (${sql.placeholder('afterCreatedAt')}, ${sql.placeholder('afterId')})`
    ))
    .orderBy(asc(comments.createdAt), asc(comments.id))
    .limit(limit)
    .prepare()
  const total = db.select({ total: count() }).from(comments)
    .where(and(eq(comments.articleId, article), approvedOn))
    .prepare()

  return {
    /** Approved comments of an article, oldest first, from after the cursor. */
    listApproved (articleId: string, page: { limit: number, cursor?: string | undefined }) {
      const fetch = { articleId, limit: page.limit + 1 }
      let rows: Static<typeof Comment>[]
      if (page.cursor === undefined) {
        rows = firstPage.all(fetch)
      } else {
        const [afterCreatedAt, afterId] = decodeCursor('comments', page.cursor, 2)
        rows = nextPage.all({ ...fetch, afterCreatedAt, afterId })
      }
      const { page: data, nextCursor } = cutPage(rows, page.limit, 'comments', (row) => [row.createdAt, row.id])
      return { data, nextCursor, total: total.get({ articleId })?.total ?? 0 }
    }
  }
}

export type CommentsRepository = ReturnType<typeof commentsRepository>

export default fp(async (app: FastifyInstance) => {
  app.decorate('comments', commentsRepository(app.db))
}, { name: 'comments-repository', dependencies: ['database'] })
