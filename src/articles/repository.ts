// All SQL about articles: the public list and lookups, and writing an article whole.
import { and, count, desc, eq, or, sql } from 'drizzle-orm'
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { approvedCommentCount } from '../comments/repository.js'
import type { Db } from '../db/plugin.js'
import { ArticleNotFound } from '../errors.js'
import { articles, places } from '../db/schema.js'
import { directionOf, type Direction } from '../language.js'
import { insertMetadata, type MetadataRepository, type MetadataBody } from '../metadata/repository.js'
import { cutPage, decodeCursor } from '../pagination.js'
import { insertSections, type SectionsRepository } from '../sections/repository.js'
import type { SectionBody } from '../sections/schemas.js'
import type { ArticleBody, ArticleSummaryBody } from './schemas.js'

declare module 'fastify' {
  interface FastifyInstance {
    articles: ArticlesRepository
  }
}

/** An article as written: its own fields, its sections in order and its metadata. */
export interface NewArticle {
  id: string
  slug: string
  title: string
  language: string
  originalLanguage: string | null
  direction?: Direction
  status: ArticleBody['status']
  publishedAt: string | null
  createdAt: string
  updatedAt: string
  sections: ReadonlyArray<Omit<SectionBody, 'position'>>
  metadata: MetadataBody
}

// The one rule for what the public sees; every public lookup goes through it.
const isPublic = eq(articles.status, 'published')
const byRef = or(eq(articles.id, sql.placeholder('ref')), eq(articles.slug, sql.placeholder('ref')))

const summaryColumns = {
  id: articles.id,
  slug: articles.slug,
  title: articles.title,
  language: articles.language,
  direction: articles.direction,
  publishedAt: articles.publishedAt,
  updatedAt: articles.updatedAt,
  placeName: places.name,
  commentCount: approvedCommentCount
}

export function articleExists (db: Db, id: string): boolean {
  return db.select({ id: articles.id }).from(articles).where(eq(articles.id, id)).get() !== undefined
}

/** Writes an article with its sections and metadata in one transaction. */
export function insertArticle (db: Db, article: NewArticle) {
  db.transaction((tx) => {
    tx.insert(articles).values({
      id: article.id,
      slug: article.slug,
      title: article.title,
      language: article.language,
      originalLanguage: article.originalLanguage,
      direction: article.direction ?? directionOf(article.language),
      status: article.status,
      publishedAt: article.publishedAt,
      createdAt: article.createdAt,
      updatedAt: article.updatedAt,
      version: 1
    }).run()
    insertSections(tx, article.id, article.sections)
    insertMetadata(tx, article.id, article.metadata)
  }, { behavior: 'immediate' })
}

export function articlesRepository (db: Db, parts: { sections: SectionsRepository, metadata: MetadataRepository }) {
  const listStart = db.select(summaryColumns).from(articles)
    .leftJoin(places, eq(places.articleId, articles.id))
    .where(isPublic)
    .orderBy(desc(articles.publishedAt), desc(articles.id))
    .limit(sql.placeholder('limit'))
    .prepare()
  const listAfter = db.select(summaryColumns).from(articles)
    .leftJoin(places, eq(places.articleId, articles.id))
    .where(and(
      isPublic,
      // A row-value comparison, which SQLite answers with a range scan of the index.
      sql`(${articles.publishedAt}, ${articles.id}) < (${sql.placeholder('beforePublishedAt')}, ${sql.placeholder('beforeId')})`
    ))
    .orderBy(desc(articles.publishedAt), desc(articles.id))
    .limit(sql.placeholder('limit'))
    .prepare()
  const publicArticle = db.select({
    id: articles.id,
    slug: articles.slug,
    title: articles.title,
    language: articles.language,
    originalLanguage: articles.originalLanguage,
    direction: articles.direction,
    status: articles.status,
    publishedAt: articles.publishedAt,
    createdAt: articles.createdAt,
    updatedAt: articles.updatedAt,
    version: articles.version,
    commentCount: approvedCommentCount
  }).from(articles).where(and(byRef, isPublic)).prepare()
  const publicRef = db.select({ id: articles.id, version: articles.version, commentCount: approvedCommentCount })
    .from(articles).where(and(byRef, isPublic)).prepare()
  const total = db.select({ total: count() }).from(articles).prepare()

  return {
    /** Published articles, newest first, from after the cursor. */
    listPublished (page: { limit: number, cursor?: string | undefined }): { data: ArticleSummaryBody[], nextCursor: string | null } {
      let rows: ArticleSummaryBody[]
      if (page.cursor === undefined) {
        rows = listStart.all({ limit: page.limit + 1 })
      } else {
        const [beforePublishedAt, beforeId] = decodeCursor('articles', page.cursor, 2)
        rows = listAfter.all({ limit: page.limit + 1, beforePublishedAt, beforeId })
      }
      const { page: data, nextCursor } = cutPage(rows, page.limit, 'articles', (row) => [row.publishedAt ?? '', row.id])
      return { data, nextCursor }
    },

    /** A published article by id or slug, whole. */
    getPublished (ref: string): ArticleBody {
      const article = publicArticle.get({ ref })
      if (!article) throw new ArticleNotFound(ref)
      return {
        ...article,
        sections: parts.sections.list(article.id),
        metadata: parts.metadata.get(article.id)
      }
    },

    /** What identifies the current state of a published article: its id, version and comment count. */
    resolvePublished (ref: string): { id: string, version: number, commentCount: number } {
      const article = publicRef.get({ ref })
      if (!article) throw new ArticleNotFound(ref)
      return article
    },

    isEmpty (): boolean {
      return (total.get()?.total ?? 0) === 0
    }
  }
}

export type ArticlesRepository = ReturnType<typeof articlesRepository>

export default fp(async (app: FastifyInstance) => {
  app.decorate('articles', articlesRepository(app.db, { sections: app.sections, metadata: app.metadata }))
}, { name: 'articles-repository', dependencies: ['database', 'sections-repository', 'metadata-repository'] })
