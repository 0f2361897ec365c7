// All SQL about search: each article's search document, kept in the very write that changes the article, and what finds articles and comments.
import { and, eq, gt, isNull, notInArray, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../db/database.js'
import { rows, searchHits, writeSearchRow } from '../db/dialect.js'
import { articles, comments, searchDocuments } from '../db/sqlite-schema.js'
import type { Clause, SearchQuery } from './query.js'
import { searchFields, searchTerms, type SearchedArticle } from './texts.js'
import { words } from './words.js'

/**
 * The number of an article's search document, made when it has none. Two instances catching up
 * at once may both find none: the second insert then does nothing, and the first one's is read.
 */
async function documentOf (tx: Db, articleId: string): Promise<number> {
  const find = async () => (await tx.select({ id: searchDocuments.id }).from(searchDocuments).where(eq(searchDocuments.articleId, articleId)))[0]?.id
  const id = await find() ??
    (await tx.insert(searchDocuments).values({ articleId }).onConflictDoNothing({ target: searchDocuments.articleId }).returning({ id: searchDocuments.id }))[0]?.id ??
    await find()
  if (id === undefined) throw new Error(`no search document for article ${articleId}`)
  return id
}

/**
 * Puts an article as it now stands into the index, inside the write that changed it: a
 * published article is found the moment its write is acknowledged. Who may see it is
 * decided when searching, by the article's row, so publishing or unpublishing needs no
 * change here, and deleting the article takes its document with it (a foreign key).
 */
export async function indexArticle (tx: Db, article: SearchedArticle & { id: string }): Promise<void> {
  const id = await documentOf(tx, article.id)
  const terms = searchTerms(article)
  await writeSearchRow(tx, id, searchFields.map((field) => terms[field]))
}

/**
 * The ids of articles to index, a batch at a time in id order after `afterId`: every article,
 * or only those the index does not hold yet (written before it, or before it was emptied).
 */
export async function articlesToIndex (q: Db, options: { missingOnly: boolean, afterId: string, limit: number }): Promise<string[]> {
  return (await q.select({ id: articles.id }).from(articles)
    .where(and(
      gt(articles.id, options.afterId),
      options.missingOnly ? notInArray(articles.id, q.select({ id: searchDocuments.articleId }).from(searchDocuments)) : undefined
    ))
    .orderBy(articles.id)
    .limit(options.limit)).map((row) => row.id)
}

/** How many articles there are to index: all of them, or those the index does not hold. */
export async function articlesToIndexCount (q: Db, missingOnly: boolean): Promise<number> {
  const missing = missingOnly ? sql` where ${articles.id} not in (select ${searchDocuments.articleId} from ${searchDocuments})` : sql``
  const [row] = await rows<{ count: number | string }>(q, sql`select count(*) as count from ${articles}${missing}`)
  return Number(row?.count ?? 0)
}

/** What the moderators' search reads of a comment: the terms of its author's name and body, each between spaces. */
export function commentTerms (authorName: string, body: string): string {
  return ` ${[...words(authorName), ...words(body)].map((word) => word.term).join(' ')} `
}

/** Gives comments their terms, a batch at a time in id order after `afterId`: all, or those without; the ids done. */
export async function indexComments (tx: Db, options: { missingOnly: boolean, afterId: string, limit: number }): Promise<string[]> {
  const batch = await tx.select({ id: comments.id, authorName: comments.authorName, body: comments.body }).from(comments)
    .where(and(gt(comments.id, options.afterId), options.missingOnly ? isNull(comments.searchTerms) : undefined))
    .orderBy(comments.id)
    .limit(options.limit)
  for (const comment of batch) await tx.update(comments).set({ searchTerms: commentTerms(comment.authorName, comment.body) }).where(eq(comments.id, comment.id))
  return batch.map((comment) => comment.id)
}

/**
 * A query over comments' terms: each word and phrase present as whole words (a prefix as the
 * start of one), none of those excluded. Terms are letters and digits only, so nothing in them
 * is a LIKE wildcard.
 */
export function commentsMatching ({ include, exclude }: SearchQuery): SQL | undefined {
  const pattern = (clause: Clause) => clause.kind === 'phrase' ? `% ${clause.terms.join(' ')} %` : `% ${clause.term}${clause.prefix ? '' : ' '}%`
  return and(
    ...include.map((clause) => sql`${comments.searchTerms} like ${pattern(clause)}`),
    ...exclude.map((clause) => sql`${comments.searchTerms} not like ${pattern(clause)}`)
  )
}

/** The condition that an article matches a query, for lists in another order than relevance. */
export function articleMatches (q: Db, query: SearchQuery): SQL {
  return sql`${articles.id} in (select hits.article_id from (${searchHits(q, query)}) hits)`
}

/** A page of matching articles to find: among those `where` lets through, after the last one shown (its score and id). */
export interface MatchPage { where: SQL | undefined, limit: number, after?: [number, string] | undefined }

/** The statement of a page of the articles a query matches, best first (lower scores are better). Exported, so that the query-plan test explains exactly what a search runs. */
export function matchingArticlesQuery (q: Db, query: SearchQuery, page: MatchPage): SQL {
  const after = page.after === undefined ? undefined : sql`(hits.score > ${page.after[0]} or (hits.score = ${page.after[0]} and ${articles.id} > ${page.after[1]}))`
  const conditions = and(sql`${articles.id} = hits.article_id`, page.where, after)
  // The matches first, by the full-text index, then their articles by key: a planner left to choose
  // may rather walk every published article and test each one's document, fine for a handful of
  // rows and ruinous for a million. Materialized alone is not enough: SQLite then still walked every
  // published article by the status index and looked each one up among the matches (a search for a
  // rare word took 146 ms at 270 k articles, and 0.14 ms this way). A CROSS JOIN keeps SQLite's
  // tables in the order written; to PostgreSQL it is a join like any other.
  return sql`with hits as materialized (${searchHits(q, query)})
    select ${articles.id} as id, hits.score as score
    from hits cross join ${articles}
    where ${conditions}
    order by hits.score, ${articles.id} limit ${page.limit}`
}

/** A page of the articles a query matches, best first. */
export async function matchingArticles (q: Db, query: SearchQuery, page: MatchPage): Promise<Array<{ id: string, score: number }>> {
  return (await rows<{ id: string, score: number | string }>(q, matchingArticlesQuery(q, query, page))).map((row) => ({ id: row.id, score: Number(row.score) }))
}
