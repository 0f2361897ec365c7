// All SQL of the sitemaps: the public articles counted, a file of them with the public members of their translation groups, and the newest for Google News.
import { and, asc, count, desc, eq, max, sql } from 'drizzle-orm'
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core'
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Db } from '../db/database.js'
import { articles } from '../db/sqlite-schema.js'

declare module 'fastify' {
  interface FastifyInstance {
    sitemaps: SitemapsRepository
  }
}

/** What makes an article's page address (see articles/links.ts), and when it was published. */
export interface SitemapArticle {
  id: string
  slug: string
  language: string
  firstPublishedAt: string
}

/** An article of a sitemap file: its page, when it last changed, and its group's public members, itself among them. */
export interface SitemapEntry extends SitemapArticle {
  updatedAt: string
  publishedAt: string
  /** The translation group, or null for an article alone. */
  group: string | null
  /** The group's public articles in language order (the article itself too); none for an article alone. */
  members: SitemapArticle[]
}

/** An article of the news sitemap. */
export interface NewsEntry extends SitemapArticle {
  title: string
  publishedAt: string
}

/** What the queries are asked: the time public articles are judged at, a file's place and size, the news sitemap's start and size. */
export interface SitemapParameters {
  now: string
  offset: number
  size: number
  since: string
  limit: number
}

// A public article has been published: its first publication is set (the column is nullable
// for drafts alone), and so is its latest.
const firstPublishedAt = (table: { firstPublishedAt: SQLiteColumn, publishedAt: SQLiteColumn }) => sql<string>`coalesce(${table.firstPublishedAt}, ${table.publishedAt})`
const publishedAt = sql<string>`${articles.publishedAt}`

/**
 * The sitemaps' queries, each reading articles by an index (test/sitemaps.test.ts reads their
 * plans). Public is published with its time come, judged at `now`, as the articles repository does.
 */
export function sitemapQueries (db: Db, { now, offset, size, since, limit }: SitemapParameters) {
  const isPublic = and(eq(articles.status, 'published'), sql`${articles.publishedAt} <= ${now}`)
  // The first article of a file, `offset` articles into publication order: read from the
  // index on (status, published_at, id) alone, so skipping the files before it reads no rows.
  const start = db.select({ publishedAt: articles.publishedAt, id: articles.id }).from(articles)
    .where(isPublic)
    .orderBy(asc(articles.publishedAt), asc(articles.id))
    .limit(1)
    .offset(offset)
  const page = db.select({
    id: articles.id,
    slug: articles.slug,
    language: articles.language,
    firstPublishedAt: firstPublishedAt(articles).as('first_published'),
    publishedAt: publishedAt.as('published'),
    updatedAt: articles.updatedAt,
    group: articles.translationGroup
  }).from(articles)
    .where(and(isPublic, sql`(${articles.publishedAt}, ${articles.id}) >= (${start})`))
    .orderBy(asc(articles.publishedAt), asc(articles.id))
    .limit(size)
    .as('page')
  return {
    counted: db.select({ count: count(), latest: max(articles.publishedAt) }).from(articles).where(isPublic),
    // Oldest first, so that a new article changes the last file alone; each article with every
    // member of its group (itself too), or once with none. The members are read by the group's
    // index and judged public by the caller, as the articles repository judges translations:
    // with the judgement in the join, SQLite would rather read every public article by status.
    file: db.select({
      id: page.id,
      slug: page.slug,
      language: page.language,
      firstPublishedAt: page.firstPublishedAt,
      publishedAt: page.publishedAt,
      updatedAt: page.updatedAt,
      group: page.group,
      member: { id: articles.id, slug: articles.slug, language: articles.language, firstPublishedAt: firstPublishedAt(articles), status: articles.status, publishedAt: publishedAt }
    }).from(page)
      .leftJoin(articles, eq(articles.translationGroup, page.group))
      .orderBy(asc(page.publishedAt), asc(page.id), asc(sql`lower(${articles.language})`), asc(articles.id)),
    // Newest first. An article first published before `since` but published again since
    // passes the index's range and is left out by its first publication.
    news: db.select({
      id: articles.id,
      slug: articles.slug,
      language: articles.language,
      title: articles.title,
      firstPublishedAt: firstPublishedAt(articles),
      publishedAt
    }).from(articles)
      .where(and(isPublic, sql`${articles.publishedAt} >= ${since}`, sql`${articles.firstPublishedAt} >= ${since}`))
      .orderBy(desc(articles.publishedAt), desc(articles.id))
      .limit(limit)
  }
}

export function sitemapsRepository (db: Db) {
  const queries = (parameters: Partial<SitemapParameters> & { now: string }) => sitemapQueries(db, { offset: 0, size: 0, since: '', limit: 0, ...parameters })
  const clock = () => new Date().toISOString()
  return {
    /** How many articles are public, and when the latest of them was published (to date what counts them). */
    async publicCount (): Promise<{ count: number, latestPublishedAt: string | null }> {
      const [row] = await queries({ now: clock() }).counted
      return { count: Number(row?.count ?? 0), latestPublishedAt: row?.latest ?? null }
    },

    /** The public articles `offset` to `offset + size` in publication order (oldest first), each with its group's public members: one query. */
    async file (offset: number, size: number): Promise<SitemapEntry[]> {
      const now = clock()
      const entries: SitemapEntry[] = []
      for (const { member, ...row } of await queries({ now, offset, size }).file) {
        const last = entries.at(-1)
        const entry = last?.id === row.id ? last : { ...row, members: [] }
        if (entry !== last) entries.push(entry)
        if (member !== null && member.status === 'published' && member.publishedAt <= now) {
          const { status, publishedAt, ...shown } = member
          entry.members.push(shown)
        }
      }
      return entries
    },

    /** The public articles first published at `since` or later, newest first, at most `limit`. */
    async newsSince (since: string, limit: number): Promise<NewsEntry[]> {
      return await queries({ now: clock(), since, limit }).news
    }
  }
}

export type SitemapsRepository = ReturnType<typeof sitemapsRepository>

export default fp(async (app: FastifyInstance) => {
  app.decorate('sitemaps', sitemapsRepository(app.database.db))
}, { name: 'sitemaps-repository', dependencies: ['database'] })
