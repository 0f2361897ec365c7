// All SQL about revisions: recording each write's result, and reading the history back.
import { and, asc, eq, sql } from 'drizzle-orm'
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Db } from '../db/plugin.js'
import { revisions } from '../db/schema.js'
import { RevisionNotFound } from '../errors.js'
import type { ArticleContentBody } from './schemas.js'

declare module 'fastify' {
  interface FastifyInstance {
    revisions: RevisionsRepository
  }
}

/** Records an article as a write left it; the caller owns the transaction. */
export function recordRevision (db: Db, article: ArticleContentBody & { id: string, version: number, updatedAt: string }, author: string) {
  const { slug, title, language, originalLanguage, direction, sections, metadata } = article
  db.insert(revisions).values({
    articleId: article.id,
    number: article.version,
    createdAt: article.updatedAt,
    author,
    snapshot: { slug, title, language, originalLanguage, direction, sections, metadata }
  }).run()
}

export function revisionsRepository (db: Db) {
  const history = db.select({
    number: revisions.number,
    createdAt: revisions.createdAt,
    author: revisions.author,
    title: sql<string>`json_extract(${revisions.snapshot}, '$.title')`
  })
    .from(revisions)
    .where(eq(revisions.articleId, sql.placeholder('articleId')))
    .orderBy(asc(revisions.number))
    .prepare()
  const one = db.select({ number: revisions.number, createdAt: revisions.createdAt, author: revisions.author, snapshot: revisions.snapshot })
    .from(revisions)
    .where(and(eq(revisions.articleId, sql.placeholder('articleId')), eq(revisions.number, sql.placeholder('number'))))
    .prepare()

  return {
    list (articleId: string) {
      return history.all({ articleId })
    },
    /** One revision, whole; 404 when the article has no such revision. */
    get (articleId: string, number: number) {
      const row = one.get({ articleId, number })
      if (!row) throw new RevisionNotFound(articleId, number)
      const { snapshot, ...revision } = row
      return { ...revision, article: snapshot as ArticleContentBody }
    }
  }
}

export type RevisionsRepository = ReturnType<typeof revisionsRepository>

export default fp(async (app: FastifyInstance) => {
  app.decorate('revisions', revisionsRepository(app.db))
}, { name: 'revisions-repository', dependencies: ['database'] })
