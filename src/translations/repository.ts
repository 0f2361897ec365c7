// All SQL about translation groups: which articles tell the same story in other languages, and who may join one.
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm'
import type { Db } from '../db/database.js'
import { forUpdate } from '../db/dialect.js'
import { articles } from '../db/sqlite-schema.js'

/** An article of a group, as its link shows it and as is needed to judge who may see it. */
export interface Member {
  id: string
  group: string
  language: string
  slug: string
  title: string
  status: typeof articles.$inferSelect['status']
  publishedAt: string | null
  firstPublishedAt: string | null
}

/** The articles of these groups, by group, in language order. */
export async function membersOf (q: Db, groups: readonly string[]): Promise<Map<string, Member[]>> {
  const found = new Map<string, Member[]>()
  if (groups.length === 0) return found
  const rows = await q.select({
    id: articles.id,
    group: sql<string>`${articles.translationGroup}`,
    language: articles.language,
    slug: articles.slug,
    title: articles.title,
    status: articles.status,
    publishedAt: articles.publishedAt,
    firstPublishedAt: articles.firstPublishedAt
  }).from(articles)
    .where(inArray(articles.translationGroup, [...new Set(groups)]))
    .orderBy(asc(sql`lower(${articles.language})`), asc(articles.id))
  for (const row of rows) found.set(row.group, [...found.get(row.group) ?? [], row])
  return found
}

/**
 * Whether a group already has an article in this language (case aside), other than `except`.
 * Inside a write, the group's articles stay locked until it commits: another instance adding
 * the same language to the group waits, then finds this one's (rather than breaking the index).
 */
export async function languageTaken (tx: Db, group: string, language: string, except?: string): Promise<boolean> {
  await forUpdate(tx.select({ id: articles.id }).from(articles).where(eq(articles.translationGroup, group)))
  const [row] = await tx.select({ id: articles.id }).from(articles)
    .where(and(eq(articles.translationGroup, group), sql`lower(${articles.language}) = lower(${language})`, except === undefined ? undefined : ne(articles.id, except)))
    .limit(1)
  return row !== undefined
}

/**
 * The group of an article that others are to join: its own, or, for an article alone so far, a
 * new one named after it, which it joins first. Not a change of its content: its version stays.
 */
export async function groupOf (tx: Db, article: { id: string, translationGroup: string | null }): Promise<string> {
  if (article.translationGroup !== null) return article.translationGroup
  await tx.update(articles).set({ translationGroup: article.id }).where(eq(articles.id, article.id))
  return article.id
}
