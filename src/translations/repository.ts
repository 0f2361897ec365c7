// All SQL about translation groups: which articles tell the same story in other languages, and who may join one.
import { and, asc, eq, inArray, ne, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import type { Db } from '../db/database.js'
import { forUpdate, indexHint } from '../db/dialect.js'
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

/** Another article of the story a list's article tells, under a name of its own in the list's query. */
export const translation = alias(articles, 'translation')

/**
 * Whether no other article of the story an article tells (its translation group; an article
 * alone is its own story) is one for which `before` holds, of `translation`: the article is the
 * first of its story in a list, and a list of firsts shows each story once. By the group's
 * index, a few rows for each article with a group: named, as SQLite would rather walk every
 * article published after this one by the status index (all but the first page's, the deeper the more).
 */
export function firstOfStory (q: Db, before: SQL | undefined): SQL {
  return sql`(${articles.translationGroup} is null or not exists (select 1 from ${articles} ${translation} ${indexHint(q, 'articles_translation_language_unique')} where ${and(
    sql`${translation.translationGroup} = ${articles.translationGroup}`,
    sql`${translation.id} <> ${articles.id}`,
    before
  )}))`
}

/** What a story is keyed by: its translation group, or the article alone. */
export const story = sql`coalesce(${articles.translationGroup}, ${articles.id})`

/** The articles table under either name a list's query gives it. */
export type ArticlesTable = typeof articles | typeof translation

const named = alias(articles, 'named')

/** The other articles of the story the article `id` tells (none for an article alone), as a condition on `table`. */
export function translationsOf (table: ArticlesTable, id: string): SQL {
  return sql`(${table.translationGroup} = (select ${named.translationGroup} from ${articles} ${named} where ${named.id} = ${id}) and ${table.id} <> ${id})`
}
