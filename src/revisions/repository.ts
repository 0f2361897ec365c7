// All SQL about revisions: recording each write's result, compressed, and reading the history back, a page at a time.
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib'
import { and, asc, eq, gt, sql } from 'drizzle-orm'
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Db } from '../db/plugin.js'
import { revisions } from '../db/schema.js'
import { RevisionNotFound } from '../errors.js'
import { cutPage, decodeCursor } from '../pagination.js'
import type { ArticleContentBody } from './schemas.js'

declare module 'fastify' {
  interface FastifyInstance {
    revisions: RevisionsRepository
  }
}

// A middle quality: a third of the JSON's size for a millisecond or two inside the write's transaction.
const compression = { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }

function compress (content: ArticleContentBody): Buffer {
  return brotliCompressSync(JSON.stringify(content), compression)
}

/** A revision's content, from its compressed JSON or, for one recorded before compression, its JSON text. */
function contentOf (row: { content: Buffer | null, snapshot: unknown }): ArticleContentBody {
  return (row.content === null ? row.snapshot : JSON.parse(brotliDecompressSync(row.content).toString('utf8'))) as ArticleContentBody
}

/** Records an article as a write left it; the caller owns the transaction. */
export function recordRevision (db: Db, article: ArticleContentBody & { id: string, version: number, updatedAt: string }, author: string) {
  const { slug, title, language, originalLanguage, direction, sections, metadata } = article
  db.insert(revisions).values({
    articleId: article.id,
    number: article.version,
    createdAt: article.updatedAt,
    author,
    content: compress({ slug, title, language, originalLanguage, direction, sections, metadata })
  }).run()
}

export function revisionsRepository (db: Db) {
  const columns = { number: revisions.number, createdAt: revisions.createdAt, author: revisions.author, content: revisions.content, snapshot: revisions.snapshot }
  const history = db.select(columns)
    .from(revisions)
    .where(and(eq(revisions.articleId, sql.placeholder('articleId')), gt(revisions.number, sql.placeholder('after'))))
    .orderBy(asc(revisions.number))
    .limit(sql.placeholder('limit'))
    .prepare()
  const one = db.select(columns)
    .from(revisions)
    .where(and(eq(revisions.articleId, sql.placeholder('articleId')), eq(revisions.number, sql.placeholder('number'))))
    .prepare()

  return {
    /** A page of the article's history, oldest first, from after the cursor. */
    list (articleId: string, page: { limit: number, cursor?: string | undefined }) {
      // The cursor names the article: one issued for another article's history is refused.
      const list = `revisions:${articleId}`
      const [after] = page.cursor === undefined ? ['0'] : decodeCursor(list, page.cursor, 1)
      const rows = history.all({ articleId, after: Number(after), limit: page.limit + 1 })
      const { page: data, nextCursor } = cutPage(rows, page.limit, list, (row) => [String(row.number)])
      return {
        data: data.map(({ content, snapshot, ...revision }) => ({ ...revision, title: contentOf({ content, snapshot }).title })),
        nextCursor
      }
    },
    /** One revision, whole; 404 when the article has no such revision. */
    get (articleId: string, number: number) {
      const row = one.get({ articleId, number })
      if (!row) throw new RevisionNotFound(articleId, number)
      const { content, snapshot, ...revision } = row
      return { ...revision, article: contentOf({ content, snapshot }) }
    }
  }
}

export type RevisionsRepository = ReturnType<typeof revisionsRepository>

export default fp(async (app: FastifyInstance) => {
  app.decorate('revisions', revisionsRepository(app.db))
}, { name: 'revisions-repository', dependencies: ['database'] })
