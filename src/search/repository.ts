// All SQL about search: each article's search document, kept in the very write that changes the article, and what finds articles and comments.
import { and, eq, gt, isNull, notInArray, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../db/database.js'
import { fullText, rows, writeSearchRow } from '../db/dialect.js'
import { articles, comments, searchDocuments } from '../db/sqlite-schema.js'
import { firstOfStory, story, translation, type ArticlesTable } from '../translations/repository.js'
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

/** The condition that an article (of `articles`, or of `table`) matches a query, for lists in another order than relevance. */
export function articleMatches (q: Db, query: SearchQuery, table: ArticlesTable = articles): SQL {
  const text = fullText(q, query)
  return sql`${table.id} in (select d.article_id from ${text.table} cross join search_documents d where ${text.matches} and d.id = ${text.document})`
}

/**
 * Where a page by relevance goes on from: after a ranked match (its score, then its id), or, past
 * those, after an older match (its document).
 */
export type RelevanceAfter = { score: number, id: string } | { document: number }

/**
 * A page of matching articles to find: among those `where` lets through, after `after`. With
 * `oneStory`, only the first match of each story (translation group) in the order of relevance;
 * its `where` holds the same conditions of `translation`, the story's other articles.
 */
export interface MatchPage { where: SQL | undefined, limit: number, after?: RelevanceAfter | undefined, oneStory?: { where: SQL | undefined } | undefined }

/** A match on a page by relevance, and its place in that order. */
export type Match = { id: string } & ({ score: number } | { document: number })

/**
 * The ranked part of a page by relevance: of the query's newest `ranked` matches (by document,
 * so by when each article was first indexed), those `where` lets through, best first. Ranking
 * every match of a word in half the articles means scoring half a million documents (2 s at a
 * million articles), for an order in which all but the first pages are never read.
 *
 * The matches first, by the full-text index, then their articles by key: a planner left to choose
 * may rather walk every published article and test each one's document, fine for a handful of
 * rows and ruinous for a million. Materialized alone is not enough: SQLite then still walked every
 * published article by the status index and looked each one up among the matches. A CROSS JOIN
 * keeps SQLite's tables in the order written; to PostgreSQL it is a join like any other.
 * Exported, as the next two, so that the query-plan test explains exactly what a search runs.
 */
export function rankedMatchesQuery (q: Db, query: SearchQuery, page: MatchPage, ranked: number): SQL {
  const text = fullText(q, query)
  const hits = sql`hits as materialized (select ${text.document} as document, ${text.score} as score from ${text.table} where ${text.matches} order by ${text.document} desc limit ${ranked})`
  const after = (score: SQL, id: SQL) => page.after === undefined || !('score' in page.after)
    ? undefined
    : sql`(${score} > ${page.after.score} or (${score} = ${page.after.score} and ${id} > ${page.after.id}))`
  const joined = [sql`d.id = hits.document`, sql`${articles.id} = d.article_id`, page.where]
  if (page.oneStory === undefined) {
    return sql`with ${hits}
      select ${articles.id} as id, hits.score as score
      from hits cross join search_documents d cross join ${articles}
      where ${and(...joined, after(sql`hits.score`, sql`${articles.id}`))}
      order by hits.score, ${articles.id} limit ${page.limit}`
  }
  // Each story's best ranked match: the ranked matches are few (SEARCH_RANKED_MATCHES), and every one is read anyway.
  return sql`with ${hits}, firsts as (
      select ${articles.id} as id, hits.score as score, row_number() over (partition by ${story} order by hits.score, ${articles.id}) as place
      from hits cross join search_documents d cross join ${articles}
      where ${and(...joined)})
    select id, score from firsts where ${and(sql`place = 1`, after(sql`score`, sql`id`))}
    order by score, id limit ${page.limit}`
}

/** The document of the oldest ranked match: none when the query has fewer matches than are ranked. */
export function oldestRankedQuery (q: Db, query: SearchQuery, ranked: number): SQL {
  const text = fullText(q, query)
  return sql`select ${text.document} as document from ${text.table} where ${text.matches} order by ${text.document} desc limit 1 offset ${ranked - 1}`
}

/**
 * A batch of the matches older than the ranked ones (before document `below`), newest first,
 * each with its article's id where `where` lets the article through (else null). The matches
 * come by the full-text index in the order of their documents, a batch at a time: walking
 * them for as long as a page needs is what SQLite would do, but PostgreSQL's planner may
 * rather walk the articles and test each one's document.
 */
export function olderMatchesQuery (q: Db, query: SearchQuery, page: { where: SQL | undefined, below: number, batch: number, oneStory?: MatchPage['oneStory'] }): SQL {
  const text = fullText(q, query)
  // Every match with a newer document comes first, ranked or older: another article of the story that is one is its first.
  const first = page.oneStory === undefined
    ? undefined
    : firstOfStory(q, and(page.oneStory.where, sql`exists (select 1 from search_documents newer cross join ${text.table}
        where newer.article_id = ${translation.id} and newer.id > hits.document and ${text.document} = newer.id and ${text.matches})`))
  return sql`with hits as materialized (select ${text.document} as document from ${text.table} where ${and(text.matches, sql`${text.document} < ${page.below}`)} order by ${text.document} desc limit ${page.batch})
    select hits.document as document, ${articles.id} as id
    from hits cross join search_documents d left join ${articles} on ${and(sql`${articles.id} = d.article_id`, page.where, first)}
    where d.id = hits.document
    order by hits.document desc`
}

// The first batch of older matches: a page's worth and some, for the articles `where` leaves out; each next one twice as large.
const firstBatch = 50
const largestBatch = 5000

/**
 * A page of the articles a query matches by relevance: the best of its newest `ranked` matches
 * first, then, where a query matches more articles than that, the older ones, newest first.
 */
export async function matchingArticles (q: Db, query: SearchQuery, page: MatchPage, ranked: number): Promise<Match[]> {
  const pastRanked = page.after !== undefined && 'document' in page.after ? page.after.document : undefined
  const found: Match[] = pastRanked !== undefined
    ? []
    : (await rows<{ id: string, score: number | string }>(q, rankedMatchesQuery(q, query, page, ranked))).map((row) => ({ id: row.id, score: Number(row.score) }))
  if (found.length >= page.limit) return found
  let below = pastRanked ?? (await rows<{ document: number | string }>(q, oldestRankedQuery(q, query, ranked)))[0]?.document
  for (let batch = firstBatch; below !== undefined && found.length < page.limit; batch = Math.min(2 * batch, largestBatch)) {
    const older = await rows<{ document: number | string, id: string | null }>(q, olderMatchesQuery(q, query, { where: page.where, below: Number(below), batch, oneStory: page.oneStory }))
    for (const row of older) {
      if (row.id !== null && found.length < page.limit) found.push({ id: row.id, document: Number(row.document) })
    }
    below = older.length < batch ? undefined : older.at(-1)?.document
  }
  return found
}
