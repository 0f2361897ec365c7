// All SQL about articles: lists and lookups for readers and editors, and the one way every write goes.
import { createHash } from 'node:crypto'
import { and, asc, desc, eq, getTableName, inArray, lte, sql, type SQL } from 'drizzle-orm'
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { v7 as uuidv7 } from 'uuid'
import { bylinesFor, setArticleAuthors } from '../authors/repository.js'
import { announcedBefore, articleChange, recordChange } from '../changes/repository.js'
import { approvedCommentCount } from '../comments/repository.js'
import { first, preparedFor, type Database, type Db } from '../db/database.js'
import { dataVersion, forUpdate, indexHint, literal, rows as rowsOf } from '../db/dialect.js'
import { articleAuthors, articleTopics, articles, changes, places, sources } from '../db/sqlite-schema.js'
import { uniqueSlugs } from '../db/unique-slugs.js'
import { defaultPublicBaseUrl, type SearchOptions } from '../config.js'
import { ArticleNotFound, TranslationExists, TranslationNotFound, InvalidCursor, PreconditionFailed, PreconditionRequired, SlugTaken } from '../errors.js'
import { articleETag, versionsIn } from '../etags.js'
import { directionOf, lookupLanguage, type Direction } from '../language.js'
import { replaceMetadata, type MetadataRepository, type MetadataWrite } from '../metadata/repository.js'
import { cutPage, decodeCursor } from '../pagination.js'
import { recordRevision } from '../revisions/repository.js'
import type { SearchQuery } from '../search/query.js'
import { articleMatches, indexArticle, matchingArticles, type Match, type RelevanceAfter } from '../search/repository.js'
import type { HighlightBody } from '../search/schemas.js'
import { articleHighlight, wordedTexts, type WordedTexts } from '../search/texts.js'
import { versionedCache } from '../versioned-cache.js'
import { checkAndRecordPictures, checkLeadImage, picturesShown } from './pictures.js'
import { firstOfStory, groupOf, languageTaken, membersOf, translation, translationsOf, type ArticlesTable, type Member } from '../translations/repository.js'
import { provenanceOf, provenanceWrite, type ProvenanceColumns } from '../translations/provenance.js'
import type { ProvenancePatchBody, TranslationLinkBody, TranslationProvenanceBody } from '../translations/schemas.js'
import { insertSections, type SectionsRepository } from '../sections/repository.js'
import type { SectionBody } from '../sections/schemas.js'
import type { CanonicalFields, CanonicalUrl } from './links.js'
import { setArticleTopics, topicsFor } from '../topics/repository.js'
import { summaryFields, type ArticleBody, type ArticlePageBody, type ArticleSort, type ArticleSummaryBody, type SummaryField, type Translations } from './schemas.js'
import { matchKey } from '../metadata/match-key.js'
import { placeDisplay } from '../metadata/place.js'
import { clock, named, now, publicAt } from './visibility.js'

declare module 'fastify' {
  interface FastifyInstance {
    articles: ArticlesRepository
  }
}

const noProvenance: ProvenanceColumns = { originalLanguage: null, translationMethod: null, translationEngine: null, translationReviewedAt: null }

/** Who is reading: the public sees published articles only; editors and admins see all. */
export type Audience = 'public' | 'editorial'

type StoredStatus = typeof articles.$inferSelect['status']

/** An article as written whole: its own fields, its sections in order and its metadata. */
export interface NewArticle {
  id: string
  slug: string
  title: string
  language: string
  originalLanguage: string | null
  /** How it was translated from `originalLanguage`; none when left out. */
  translation?: TranslationProvenanceBody | null
  direction?: Direction
  status: StoredStatus
  publishedAt: string | null
  /** The first publication; the current one (if any) when left out. */
  firstPublishedAt?: string | null
  createdAt: string
  updatedAt: string
  sections: ReadonlyArray<Omit<SectionBody, 'position'>>
  metadata: MetadataWrite
  /** Author ids, in byline order; none when left out. */
  authors?: readonly string[]
  /** Topic ids, in order; none when left out. */
  topics?: readonly string[]
  credit?: string | null
  /** The lead picture and this article's caption for it. */
  image?: { id: string, caption?: string | null | undefined } | null
  /** The translation group it joins, if any. */
  translationGroup?: string | null
}

/**
 * The article's own columns a write may change, and the translation group to join (by an
 * article of it) or leave (null); version and updatedAt move by themselves.
 */
type ArticleChange = Partial<Pick<typeof articles.$inferInsert, 'slug' | 'title' | 'language' | 'originalLanguage' | 'direction' | 'status' | 'publishedAt' | 'credit' | 'imageId' | 'imageCaption'> & { translationOf: string | null, translation: ProvenancePatchBody | null }>

/**
 * The first publication once a write sets the latest one: a first publication that has
 * happened stays whatever follows; one still to come moves with the new one, and goes with it.
 */
function firstPublication (previous: string | null, latest: string | null, at: string): string | null {
  return previous !== null && previous <= at ? previous : latest
}

/** A write to an existing article: which one, the If-Match its writer sent, and who writes. */
export interface ArticleWrite {
  ref: string
  ifMatch: string | undefined
  author: string
}

/** The state of an article that writes are judged on and that its ETag is made of. */
export interface ArticleState {
  id: string
  slug: string
  language: string
  direction: Direction
  version: number
  commentCount: number
  status: ArticleBody['status']
  updatedAt: string
  publishedAt: string | null
  firstPublishedAt: string | null
  /** When the change feed last said anything of the article or its comments. */
  lastChangeAt: string | null
  /** Whether the change feed last said the article is public. */
  listed: boolean
  /** The translation group it belongs to, if any. */
  translationGroup: string | null
  /** The other articles of its group that the reader may see (and so its ETag shows). */
  translations: TranslationLinkBody[]
}

const isPublic = publicAt(now)
const byRef = named(sql.placeholder('ref'))
// The status as editors see it: a published article is `scheduled` until its time comes (see isPublic).
const status = sql<ArticleBody['status']>`case when ${articles.status} = 'published' and ${articles.publishedAt} > ${now} then 'scheduled' else ${articles.status} end`

// Newest first; drafts never published (no publishedAt) come last for editors.
const sortedAt = sql<string>`coalesce(${articles.publishedAt}, '')`

const summaryColumns = {
  id: articles.id,
  slug: articles.slug,
  title: articles.title,
  language: articles.language,
  direction: articles.direction,
  publishedAt: articles.publishedAt,
  updatedAt: articles.updatedAt,
  placeName: places.name,
  // For `placeDisplay` only: a summary does not show them.
  placeNames: places.names,
  placeCountryCode: places.countryCode,
  commentCount: approvedCommentCount,
  // For the canonical URL only: a summary does not show it.
  firstPublishedAt: articles.firstPublishedAt
}

const articleColumns = {
  id: articles.id,
  slug: articles.slug,
  title: articles.title,
  language: articles.language,
  originalLanguage: articles.originalLanguage,
  direction: articles.direction,
  status,
  publishedAt: articles.publishedAt,
  firstPublishedAt: articles.firstPublishedAt,
  createdAt: articles.createdAt,
  updatedAt: articles.updatedAt,
  version: articles.version,
  credit: articles.credit,
  imageId: articles.imageId,
  imageCaption: articles.imageCaption,
  commentCount: approvedCommentCount,
  translationGroup: articles.translationGroup,
  translationMethod: articles.translationMethod,
  translationEngine: articles.translationEngine,
  translationReviewedAt: articles.translationReviewedAt
}

/** An article's own row as the API shows it: the lead image as `{ id, caption }`. */
function ownFields<Row extends { imageId: string | null, imageCaption: string | null }> ({ imageId, imageCaption, ...row }: Row) {
  return { ...row, image: imageId === null ? null : { id: imageId, caption: imageCaption } }
}

/** An article's whole row as the API shows it: its lead image, and its provenance as `translation`. */
function articleFields<Row extends ProvenanceColumns & { imageId: string | null, imageCaption: string | null }> ({ translationMethod, translationEngine, translationReviewedAt, ...row }: Row) {
  return { ...ownFields(row), translation: provenanceOf({ originalLanguage: row.originalLanguage, translationMethod, translationEngine, translationReviewedAt }) }
}

const stateColumns = {
  id: articles.id,
  slug: articles.slug,
  language: articles.language,
  direction: articles.direction,
  version: articles.version,
  commentCount: approvedCommentCount,
  status,
  updatedAt: articles.updatedAt,
  publishedAt: articles.publishedAt,
  firstPublishedAt: articles.firstPublishedAt,
  lastChangeAt: sql<string | null>`(select ${changes.at} from ${changes} where ${changes.articleId} = ${sql.identifier(getTableName(articles))}.${sql.identifier(articles.id.name)} order by ${changes.seq} desc limit 1)`,
  listed: articles.listed,
  translationGroup: articles.translationGroup
}

export async function articleExists (db: Db, id: string): Promise<boolean> {
  return (await db.select({ id: articles.id }).from(articles).where(eq(articles.id, id))).length > 0
}

const slugs = uniqueSlugs(articles, (slug) => new SlugTaken(slug))

/**
 * Writes a new article whole, with its first revision (and its publication, when public),
 * inside the caller's write. The revision keeps the byline as shown, its pictures' links on `publicBaseUrl`.
 */
export async function insertArticle (tx: Db, article: NewArticle, author: string, publicBaseUrl = defaultPublicBaseUrl) {
  const direction = article.direction ?? directionOf(article.language)
  const at = new Date().toISOString()
  const listed = article.status === 'published' && article.publishedAt !== null && article.publishedAt <= at
  await checkLeadImage(tx, article.image?.id)
  await tx.insert(articles).values({
      id: article.id,
      slug: article.slug,
      title: article.title,
      language: article.language,
      originalLanguage: article.originalLanguage,
      translationMethod: article.translation?.method ?? null,
      translationEngine: article.translation?.engine ?? null,
      translationReviewedAt: article.translation?.reviewedAt ?? null,
      direction,
      status: article.status,
      publishedAt: article.publishedAt,
      firstPublishedAt: article.firstPublishedAt === undefined ? (article.status === 'draft' ? null : article.publishedAt) : article.firstPublishedAt,
      createdAt: article.createdAt,
      updatedAt: article.updatedAt,
      version: 1,
      credit: article.credit ?? null,
      imageId: article.image?.id ?? null,
      imageCaption: article.image?.caption ?? null,
      translationGroup: article.translationGroup ?? null,
      listed
  })
  const sections = await insertSections(tx, article.id, article.sections)
  const metadata = await replaceMetadata(tx, article.id, article.metadata)
  await setArticleAuthors(tx, article.id, article.authors ?? [])
  await setArticleTopics(tx, article.id, article.topics ?? [])
  const authors = (await bylinesFor(tx, [article.id], publicBaseUrl)).get(article.id) ?? []
  const topics = (await topicsFor(tx, [article.id])).get(article.id) ?? []
  const image = article.image === undefined || article.image === null ? null : { id: article.image.id, caption: article.image.caption ?? null }
  await checkAndRecordPictures(tx, { id: article.id, status: article.status, language: article.language, image, sections })
  const [pictures = []] = await picturesShown(tx, [{ image, sections }], publicBaseUrl)
  await indexArticle(tx, { id: article.id, title: article.title, sections, metadata, authors, topics, image, pictures })
  await recordRevision(tx, { ...article, translation: article.translation ?? null, direction, sections, metadata, authors, topics, credit: article.credit ?? null, image, version: 1 }, author)
  if (listed) await recordChange(tx, { type: 'article.published', articleId: article.id, version: 1, at })
}

/**
 * Lets a write go ahead only for the version its writer read: 428 without If-Match (or
 * with `*`, which would overwrite unseen changes), 412 with the current ETag otherwise.
 */
function holdTo (ifMatch: string | undefined, current: ArticleState) {
  if (ifMatch === undefined || ifMatch.trim() === '*') throw new PreconditionRequired()
  if (!versionsIn(ifMatch).includes(current.version)) {
    const etag = articleETag(current)
    throw Object.assign(new PreconditionFailed(ifMatch, etag), { headers: { etag } })
  }
}

/** What a list may be narrowed to, as the route validated it (an author and a topic by id). */
export interface ArticleFilters {
  author?: string | undefined
  topic?: string | undefined
  language?: string | undefined
  place?: string | undefined
  source?: string | undefined
  since?: string | undefined
  until?: string | undefined
  status?: ArticleBody['status'] | undefined
  /** An article's id: only the other articles of its translation group. */
  translationOf?: string | undefined
}

// Two capital letters A-Z are a country code, as ISO 3166-1 writes them; anything else a locality.
const countryCode = /^[A-Z]{2}$/

/**
 * The filters as they are compared: a language in lower case, a locality or source by its
 * match key, times as stored (UTC with milliseconds). The same filters asked differently are
 * the same list, and their cursors serve each other.
 */
function comparable (filters: ArticleFilters): ArticleFilters {
  return {
    author: filters.author,
    topic: filters.topic,
    language: filters.language?.toLowerCase(),
    place: filters.place === undefined || countryCode.test(filters.place) ? filters.place : matchKey(filters.place),
    source: filters.source === undefined ? undefined : matchKey(filters.source),
    since: filters.since === undefined ? undefined : new Date(filters.since).toISOString(),
    until: filters.until === undefined ? undefined : new Date(filters.until).toISOString(),
    status: filters.status,
    translationOf: filters.translationOf
  }
}

/** The workflow state a stored row reads as, at `now`: a publication still to come is `scheduled`. */
function statusIs (table: ArticlesTable, status: ArticleBody['status'], now: string): SQL {
  if (status === 'published') return sql`(${table.status} = 'published' and ${table.publishedAt} <= ${now})`
  if (status === 'scheduled') return sql`(${table.status} = 'published' and ${table.publishedAt} > ${now})`
  return sql`${table.status} = ${status}`
}

/**
 * The conditions that keep the articles an audience may see and the filters ask for, each to be
 * ANDed with the others and with anything else (a search's match). Each reads `articles`, and the
 * tables linked to it through a subquery by their own index: a list needs no join for them, and
 * never shows an article twice (an article with two matching sources, say). `now` is the time
 * scheduled publications are judged by.
 *
 * The linked tables are asked per article (`exists`, by the article's key), not as a list made
 * first (`id in (select …)`): the list walks the sort's index either way, and a list made first
 * holds every article of that place or source, 17 ms for one country at 100 k articles and ten
 * times that at a million, where asking the articles the walk meets takes 0.1 to 0.3 ms at any size
 * (npm run bench:scale).
 *
 * Of `articles`, or of `table` when given: the articles a list's article is compared with.
 */
export function articleConditions (audience: Audience, filters: ArticleFilters, now: string, table: ArticlesTable = articles): SQL[] {
  const wanted = comparable(filters)
  const articleId = sql`${table.id}`
  const conditions: SQL[] = []
  // The public's articles: published, their time come. The time is tested on each row rather
  // than used as a range (`|| ''` keeps any index from it): else SQLite would rather read every
  // published article by that range and sort them than walk the sort's own index.
  if (audience === 'public') conditions.push(sql`(${table.status} = 'published' and (${table.publishedAt} || '') <= ${now})`)
  if (wanted.status !== undefined) conditions.push(statusIs(table, wanted.status, now))
  if (wanted.author !== undefined) conditions.push(sql`exists (select 1 from ${articleAuthors} where ${articleAuthors.articleId} = ${articleId} and ${articleAuthors.authorId} = ${wanted.author})`)
  if (wanted.topic !== undefined) conditions.push(sql`exists (select 1 from ${articleTopics} where ${articleTopics.articleId} = ${articleId} and ${articleTopics.topicId} = ${wanted.topic})`)
  // Written as articles_language_idx has it, so that the index answers.
  if (wanted.language !== undefined) conditions.push(sql`lower(${table.language}) = ${wanted.language}`)
  if (wanted.place !== undefined) {
    const column = countryCode.test(wanted.place) ? places.countryCode : places.localityKey
    conditions.push(sql`exists (select 1 from ${places} where ${places.articleId} = ${articleId} and ${column} = ${wanted.place})`)
  }
  if (wanted.source !== undefined) {
    conditions.push(sql`exists (select 1 from ${sources} where ${sources.articleId} = ${articleId} and (${sources.nameKey} = ${wanted.source} or ${sources.publisherKey} = ${wanted.source}))`)
  }
  if (wanted.since !== undefined) conditions.push(sql`${table.publishedAt} >= ${wanted.since}`)
  if (wanted.until !== undefined) conditions.push(sql`${table.publishedAt} < ${wanted.until}`)
  if (wanted.translationOf !== undefined) conditions.push(translationsOf(table, wanted.translationOf))
  return conditions
}

/** Whether any filter is given: without one, the default list is a prepared statement. */
function anyFilter (filters: ArticleFilters): boolean {
  return Object.values(filters).some((value) => value !== undefined)
}

/** The sorts by a column; `relevance` is the search's own order. */
type OrderedSort = Exclude<ArticleSort, 'relevance'>

/**
 * What a list is sorted by, and which way; ties are broken by id in the same direction. For
 * editors an article without a publication (a draft) has the empty key, before any time: last
 * newest first, first oldest first, as articles_sorted_idx holds them. A new sort is one line.
 */
const sortOrders: Record<OrderedSort, (audience: Audience, table: ArticlesTable) => { key: SQL, descending: boolean }> = {
  '-publishedAt': (audience, table) => ({ key: publicationKey(audience, table), descending: true }),
  publishedAt: (audience, table) => ({ key: publicationKey(audience, table), descending: false }),
  '-updatedAt': (_audience, table) => ({ key: sql`${table.updatedAt}`, descending: true })
}

function publicationKey (audience: Audience, table: ArticlesTable): SQL {
  return audience === 'public' ? sql`${table.publishedAt}` : sql`coalesce(${table.publishedAt}, '')`
}

/**
 * The name a cursor holds to: the audience, the sort and (as a hash, to keep cursors short) the
 * filters and the search (as read: \`q=Witkoff\` and \`q=witkoff\` are one search) it was issued for. A cursor named otherwise is refused.
 */
function listName (audience: Audience, sort: ArticleSort, filters: ArticleFilters, search: SearchQuery | undefined, oneStory: boolean): string {
  const given: Array<[string, unknown]> = Object.entries(comparable(filters)).filter(([, value]) => value !== undefined).sort(([a], [b]) => a.localeCompare(b))
  if (search !== undefined) given.push(['q', search])
  if (oneStory) given.push(['translations', 'one'])
  return [
    audience === 'public' ? 'articles' : 'articles:editorial',
    ...(sort === '-publishedAt' ? [] : [`sort=${sort}`]),
    ...(given.length === 0 ? [] : [`filters=${createHash('sha256').update(JSON.stringify(given)).digest('base64url').slice(0, 22)}`])
  ].join(':')
}

/** A relevance cursor's key: a ranked match's score (a number, written exactly), or `older:` and an older match's document. */
function relevanceKey (match: Match): string {
  return 'score' in match ? String(match.score) : `older:${match.document}`
}

function relevanceAfter ([key, id]: [string, string]): RelevanceAfter {
  const older = /^older:(\d{1,15})$/.exec(key)
  if (older !== null) return { document: Number(older[1]) }
  const score = Number(key)
  if (key === '' || !Number.isFinite(score)) throw new InvalidCursor('it is not a cursor this API issued')
  return { score, id }
}

/**
 * Which page of a list: how many articles, from after which cursor, in which order, and whether
 * each story once (`one`, the default of a search) or every translation of it (`all`, the default
 * of any other list).
 */
interface ListPage { limit: number, cursor?: string | undefined, sort?: ArticleSort | undefined, translations?: Translations | undefined }

/**
 * Whether a list shows each story once: asked for, or by default a search's. A list in one
 * language already does, a group holding one article per language.
 */
function showsOneStory (page: ListPage, filters: ArticleFilters, search: SearchQuery | undefined): boolean {
  return (page.translations ?? (search === undefined ? 'all' : 'one')) === 'one' && filters.language === undefined
}

/** One list query: what it shows, in which order, from after which article. */
export interface ListQuery {
  audience: Audience
  sort: OrderedSort
  filters: ArticleFilters
  /** Only the articles a search matches. */
  search?: SearchQuery | undefined
  /** Only the first article of each story (translation group) in the list's order. */
  oneStory?: boolean | undefined
  /** The summary fields asked for (always with `id`); every one when left out. */
  fields?: ReadonlySet<SummaryField> | undefined
  /** The sort key and id of the last article of the page before. */
  after?: readonly [string, string] | undefined
  limit: number
  now: string
  /**
   * The page's articles, chosen already by the caller with the audience's conditions (a search's
   * page, found by the full-text index): read by key alone, in any order, the caller orders them.
   * With the audience's conditions or a sort, SQLite would rather walk the status index over every
   * published article than look twenty up by key: 35 to 50 ms at 100 k articles, for every search.
   */
  chosen?: string[] | undefined
}

/** A list row: the summary fields selected, the canonical URL's and `placeDisplay`'s fields when asked for, and the cursor's key. */
type ListRow = Partial<ArticleSummaryBody & CanonicalFields & { placeNames: Record<string, string> | null, placeCountryCode: string | null }> & { id: string, cursorKey: string }

/** A list row's `placeDisplay`, when its place's names were read for it (a left join: all null without a place). */
function displayedPlace ({ placeName, placeNames, placeCountryCode, language }: ListRow): Pick<ArticleSummaryBody, 'placeDisplay'> {
  if (placeName === undefined || placeNames === undefined || language === undefined) return {}
  if (placeName === null) return { placeDisplay: null }
  return { placeDisplay: placeDisplay({ name: placeName, names: placeNames ?? {}, countryCode: placeCountryCode ?? null }, language) }
}

/**
 * The query of one page of a list, built for the request from its conditions: only the columns
 * its fields need (no place join, no comment count unless shown), sorted by an index of the
 * sort's key. Exported, so that the query-plan test explains exactly what a list runs.
 */
export function listQuery (db: Db, query: ListQuery) {
  const order = sortOrders[query.sort](query.audience, articles)
  const wants = (field: SummaryField) => query.fields === undefined || query.fields.has(field)
  const columns = {
    id: articles.id,
    ...(wants('slug') || wants('url') ? { slug: articles.slug } : {}),
    ...(wants('title') && { title: articles.title }),
    ...(wants('language') || wants('url') || wants('placeDisplay') ? { language: articles.language } : {}),
    ...(wants('direction') && { direction: articles.direction }),
    ...(wants('publishedAt') && { publishedAt: articles.publishedAt }),
    ...(wants('updatedAt') && { updatedAt: articles.updatedAt }),
    ...(wants('placeName') || wants('placeDisplay') ? { placeName: places.name } : {}),
    ...(wants('placeDisplay') && { placeNames: places.names, placeCountryCode: places.countryCode }),
    ...(wants('commentCount') && { commentCount: approvedCommentCount }),
    ...(wants('url') && { firstPublishedAt: articles.firstPublishedAt }),
    cursorKey: sql<string>`${order.key}`
  }
  const conditions = query.chosen !== undefined ? [inArray(articles.id, query.chosen)] : articleConditions(query.audience, query.filters, query.now)
  if (query.search !== undefined) conditions.push(articleMatches(db, query.search))
  if (query.oneStory === true) {
    // Another article of the story that this list shows before this one.
    const other = sortOrders[query.sort](query.audience, translation)
    conditions.push(firstOfStory(db, and(
      ...articleConditions(query.audience, query.filters, query.now, translation),
      query.search === undefined ? undefined : articleMatches(db, query.search, translation),
      order.descending ? sql`(${other.key}, ${translation.id}) > (${order.key}, ${articles.id})` : sql`(${other.key}, ${translation.id}) < (${order.key}, ${articles.id})`
    )))
  }
  if (query.after !== undefined) {
    const [key, id] = query.after
    // A row-value comparison, which both engines answer with a range scan of the index.
    conditions.push(order.descending ? sql`(${order.key}, ${articles.id}) < (${key}, ${id})` : sql`(${order.key}, ${articles.id}) > (${key}, ${id})`)
  }
  const direction = order.descending ? desc : asc
  const select = db.select(columns).from(articles).$dynamic()
  const filtered = (wants('placeName') || wants('placeDisplay') ? select.leftJoin(places, eq(places.articleId, articles.id)) : select)
    .where(and(...conditions))
  return (query.chosen !== undefined ? filtered : filtered.orderBy(direction(order.key), direction(articles.id)))
    .limit(query.limit)
}

/** The default list (every article the audience sees, newest first), prepared once: what most requests ask for. */
function prepareNewestFirst (db: Db, visible: SQL | undefined, order: SQL) {
  const select = () => db.select(summaryColumns).from(articles).leftJoin(places, eq(places.articleId, articles.id))
  return {
    listStart: select()
      .where(visible)
      .orderBy(desc(order), desc(articles.id))
      .limit(sql.placeholder('limit'))
      .prepare(),
    listAfter: select()
      .where(and(visible, sql`(${order}, ${articles.id}) < (${sql.placeholder('beforeAt')}, ${sql.placeholder('beforeId')})`))
      .orderBy(desc(order), desc(articles.id))
      .limit(sql.placeholder('limit'))
      .prepare()
  }
}

/**
 * Whether the audience may see an article. Lookups by ref find the article by its unique
 * id or slug and judge visibility on the row: with the visibility in the query, SQLite
 * would rather scan every published article by the status index.
 */
function visibleTo (audience: Audience, article: { status: ArticleBody['status'], publishedAt: string | null }): boolean {
  return audience === 'editorial' || (article.status === 'published' && article.publishedAt !== null)
}

/** Records what a write changed for the public, if anything, and keeps `listed` true to it. */
async function announce (tx: Db, before: ArticleState, after: ArticleBody, at: string) {
  const type = await articleChange(before.listed, after.status, () => announcedBefore(tx, after.id))
  if (type === undefined) return
  await recordChange(tx, { type, articleId: after.id, version: after.version, at })
  const listed = after.status === 'published'
  if (listed !== before.listed) await tx.update(articles).set({ listed }).where(eq(articles.id, after.id))
}

// A language range as RFC 4647 basic filtering reads it: `ar` matches `ar` and `ar-EG`, `ar-EG` only
// `ar-EG` and what starts `ar-EG-`; case does not matter. Compared by prefix, so no character is a wildcard.
const language = sql.placeholder('language')
// Cast, so that PostgreSQL knows the parameter's type where only a function takes it.
const languageText = sql`cast(${language} as text)`
const inLanguage = sql`(lower(${articles.language}) = lower(${languageText}) or lower(substr(${articles.language}, 1, length(${languageText}) + 1)) = lower(${languageText}) || '-')`

function prepareNewest (db: Db, filter: SQL | undefined) {
  return db.select(articleColumns).from(articles)
    .where(and(isPublic, filter))
    .orderBy(desc(articles.publishedAt), desc(articles.id))
    .limit(sql.placeholder('limit'))
    .prepare()
}

export function articlesRepository ({ db, write }: Database, parts: { sections: SectionsRepository, metadata: MetadataRepository }, options: ArticlesOptions) {
  const { publicBaseUrl, canonicalUrl } = options
  /** The article with its `url` on the newsroom's site, when ARTICLE_URL_TEMPLATE is set and the article has one. */
  function urlOf (article: CanonicalFields): { url?: string } {
    const url = canonicalUrl?.(article)
    return url === undefined ? {} : { url }
  }
  const newestFirst = {
    public: prepareNewestFirst(db, isPublic, sql`${articles.publishedAt}`),
    editorial: prepareNewestFirst(db, undefined, sortedAt)
  }
  /** A list row as sent: its `url` and `placeDisplay` made, and only the fields asked for, in the order of the schema. */
  function summaryOf (row: ListRow, fields: ReadonlySet<SummaryField> | undefined): ArticleSummaryBody {
    const { cursorKey, firstPublishedAt, placeNames, placeCountryCode, ...summary } = row
    const shown: Partial<ArticleSummaryBody> = {
      ...summary,
      ...(row.slug !== undefined && row.language !== undefined && firstPublishedAt !== undefined && urlOf({ id: row.id, slug: row.slug, language: row.language, firstPublishedAt })),
      ...displayedPlace(row)
    }
    if (fields === undefined) return shown as ArticleSummaryBody
    const picked: Partial<ArticleSummaryBody> = {}
    for (const field of summaryFields) {
      if ((field === 'id' || fields.has(field)) && shown[field] !== undefined) Object.assign(picked, { [field]: shown[field] })
    }
    return picked as ArticleSummaryBody
  }
  // Each article's searchable texts with their words, by version: a search page shows twenty highlights, and
  // reading and splitting twenty articles' texts into words was most of its time.
  const searchedTexts = versionedCache<WordedTexts>()
  /** The texts of the articles, from the cache where their version is current, else read at once in a few queries. */
  async function textsOf (ids: string[]): Promise<Map<string, WordedTexts>> {
    const found = new Map<string, WordedTexts>()
    const versions = await db.select({ id: articles.id, version: articles.version }).from(articles).where(inArray(articles.id, ids))
    const current = new Map(versions.map((row) => [row.id, row.version]))
    for (const { id, version } of versions) {
      const texts = searchedTexts.get(id, version)
      if (texts !== undefined) found.set(id, texts)
    }
    const missing = ids.filter((id) => !found.has(id) && current.has(id))
    if (missing.length === 0) return found
    const own = await db.select({ id: articles.id, version: articles.version, title: articles.title, language: articles.language, imageId: articles.imageId, imageCaption: articles.imageCaption }).from(articles).where(inArray(articles.id, missing))
    const [sections, metadata, bylines, topics] = await Promise.all([parts.sections.listFor(missing), parts.metadata.getFor(own), bylinesFor(db, missing, publicBaseUrl), topicsFor(db, missing)])
    const shown = own.map((row) => ({ ...ownFields(row), sections: sections.get(row.id) ?? [] }))
    const pictures = await picturesShown(db, shown, publicBaseUrl)
    shown.forEach((article, index) => {
      const texts = wordedTexts({
        ...article,
        metadata: metadata.get(article.id) ?? { place: null, sources: [] },
        authors: bylines.get(article.id) ?? [],
        topics: topics.get(article.id) ?? [],
        pictures: pictures[index] ?? []
      })
      searchedTexts.set(article.id, own[index]!.version, texts)
      found.set(article.id, texts)
    })
    return found
  }
  /** Each article's highlight for a search. */
  async function highlightsFor (ids: string[], search: SearchQuery): Promise<Map<string, HighlightBody>> {
    const found = new Map<string, HighlightBody>()
    if (ids.length === 0) return found
    for (const [id, texts] of await textsOf(ids)) {
      const highlight = articleHighlight(texts, search)
      if (highlight !== undefined) found.set(id, highlight)
    }
    return found
  }

  // Lookups by ref, on the reader or inside a write; a write locks the row it read.
  const lookups = preparedFor((q) => ({
    article: q.select(articleColumns).from(articles).where(byRef).prepare(),
    state: q.select(stateColumns).from(articles).where(byRef).prepare(),
    lockedState: forUpdate(q.select(stateColumns).from(articles).where(byRef)).prepare()
  }))
  const newest = { all: prepareNewest(db, undefined), inLanguage: prepareNewest(db, inLanguage) }
  // Scheduled publications whose time has come and that the feed has not announced yet,
  // read by the partial index of exactly those: without naming it, SQLite prefers the
  // status index and reads every published article, once a second.
  const due = (q: Db) => rowsOf<{ id: string, version: number }>(q, sql`select ${sql.identifier(articles.id.name)}, ${sql.identifier(articles.version.name)} from ${articles} ${indexHint(q, 'articles_unlisted_published_idx')} where ${articles.status} = 'published' and ${articles.listed} = ${literal(q, false)} and ${articles.publishedAt} <= ${clock()} order by ${articles.publishedAt}, ${articles.id}`)

  /**
   * The other articles of each article's translation group that the audience may see, as
   * links, by article id; read for all of them at once.
   */
  async function translationsFor (q: Db, shown: ReadonlyArray<{ id: string, translationGroup: string | null }>, audience: Audience): Promise<Map<string, TranslationLinkBody[]>> {
    const groups = await membersOf(q, shown.flatMap((article) => article.translationGroup === null ? [] : [article.translationGroup]))
    const now = clock()
    const visible = (member: Member) => audience === 'editorial' || (member.status === 'published' && member.publishedAt !== null && member.publishedAt <= now)
    return new Map(shown.map((article) => [article.id, (groups.get(article.translationGroup ?? '') ?? [])
      .filter((member) => member.id !== article.id && visible(member))
      .map((member) => ({ id: member.id, language: member.language, slug: member.slug, title: member.title, ...urlOf(member) }))]))
  }

  /** A state as read, with the translations its reader may see (none to read for an article without a group). */
  async function withTranslations (q: Db, state: Omit<ArticleState, 'translations'>, audience: Audience): Promise<ArticleState> {
    const translations = state.translationGroup === null ? [] : (await translationsFor(q, [state], audience)).get(state.id) ?? []
    return { ...state, translations }
  }

  // States as read, by audience and ref, while the content version holds (see contentVersion), which
  // moves with every write and with a scheduled publication coming out: every read of an article
  // or of what it shows starts with one, and on SQLite the version costs less than the lookup.
  const states = versionedCache<ArticleState>()

  /** The state of an article, for the resources below it and for writes; 404 when the audience may not see it. */
  async function resolve (ref: string, audience: Audience): Promise<ArticleState> {
    const key = `${audience} ${ref}`
    const version = await contentVersion()
    const kept = states.get(key, version)
    if (kept !== undefined) return kept
    const state = first(await lookups(db).state.execute({ ref, now: clock() }))
    if (!state || !visibleTo(audience, state)) throw new ArticleNotFound(ref)
    const found = await withTranslations(db, state, audience)
    states.set(key, version, found)
    return found
  }

  /** The state of an article a write is about, locked until the write commits. */
  async function lock (tx: Db, ref: string): Promise<ArticleState> {
    const state = first(await lookups(tx).lockedState.execute({ ref, now: clock() }))
    if (!state) throw new ArticleNotFound(ref)
    return await withTranslations(tx, state, 'editorial')
  }

  /** The group an article joins by naming one of its articles (its own when it names itself), or null to leave. */
  async function groupToJoin (tx: Db, article: ArticleState, ref: string | null): Promise<string | null> {
    if (ref === null) return null
    const target = await lock(tx, ref)
    return target.id === article.id ? article.translationGroup : await groupOf(tx, target)
  }

  /** 409 when the group the article is in after a write already has another article in its language. */
  async function checkLanguageFree (tx: Db, article: ArticleState, language: string | undefined, group: string | null | undefined) {
    const after = group === undefined ? article.translationGroup : group
    if (after === null || (language === undefined && group === undefined)) return
    const wanted = language ?? article.language
    if (await languageTaken(tx, after, wanted, article.id)) throw new TranslationExists(article.slug, wanted)
  }

  /** The provenance columns a write of `originalLanguage` or `translation` leaves (none when it writes neither). */
  async function provenanceChange (tx: Db, id: string, change: Parameters<typeof provenanceWrite>[1]): Promise<Partial<ProvenanceColumns>> {
    if (change.originalLanguage === undefined && change.translation === undefined) return {}
    const [stored] = await tx.select({ originalLanguage: articles.originalLanguage, translationMethod: articles.translationMethod, translationEngine: articles.translationEngine, translationReviewedAt: articles.translationReviewedAt }).from(articles).where(eq(articles.id, id))
    return provenanceWrite(stored ?? noProvenance, change)
  }

  /** An article whole; `q` is the write to read in, when inside one. */
  async function get (ref: string, audience: Audience, q = db): Promise<ArticleBody> {
    const article = first(await lookups(q).article.execute({ ref, now: clock() }))
    if (!article || !visibleTo(audience, article)) throw new ArticleNotFound(ref)
    // One query after another: inside a write they share its one connection.
    const { translationGroup, ...own } = articleFields(article)
    const shown = { ...own, sections: await parts.sections.list(article.id, q) }
    return {
      ...shown,
      ...urlOf(article),
      metadata: await parts.metadata.get(article.id, article.language, q),
      authors: (await bylinesFor(q, [article.id], publicBaseUrl)).get(article.id) ?? [],
      topics: (await topicsFor(q, [article.id])).get(article.id) ?? [],
      pictures: (await picturesShown(q, [shown], publicBaseUrl))[0] ?? [],
      translations: (await translationsFor(q, [{ id: article.id, translationGroup }], audience)).get(article.id) ?? []
    }
  }

  /**
   * A page of the articles the audience may see that the filters ask for, in the order of
   * `sort`, from after the cursor, as it stands at `now`; with `fields`, only those summary
   * fields (and `id`). A cursor names its audience, sort and filters, so one issued for another
   * list is refused rather than read as a place in this one. The default list runs a prepared
   * statement; any other is built for the request from its conditions. With a search, only the
   * articles it matches, each with its highlight; by relevance, the index finds the page and
   * the articles' summaries are read by id.
   */
  async function listPage (audience: Audience, page: ListPage, filters: ArticleFilters, fields: ReadonlySet<SummaryField> | undefined, search: SearchQuery | undefined, now: string): Promise<ArticlePageBody> {
    const sort = page.sort ?? (search === undefined ? '-publishedAt' : 'relevance')
    const oneStory = showsOneStory(page, filters, search)
    const list = listName(audience, sort, filters, search, oneStory)
    const after = page.cursor === undefined ? undefined : decodeCursor(list, page.cursor, 2) as [string, string]
    let rows: ListRow[]
    if (sort === 'relevance') {
      if (search === undefined) throw new Error('sorting by relevance needs a search')
      const hits = await matchingArticles(db, search, {
        where: and(...articleConditions(audience, filters, now)),
        limit: page.limit + 1,
        after: after === undefined ? undefined : relevanceAfter(after),
        oneStory: oneStory ? { where: and(...articleConditions(audience, filters, now, translation)) } : undefined
      }, options.search.rankedMatches)
      const found = hits.length === 0 ? [] : await listQuery(db, { audience, sort: '-publishedAt', filters: {}, fields, chosen: hits.map((hit) => hit.id), limit: hits.length, now }) as ListRow[]
      const byId = new Map(found.map((row) => [row.id, row]))
      rows = hits.flatMap((hit) => {
        const row = byId.get(hit.id)
        return row === undefined ? [] : [{ ...row, cursorKey: relevanceKey(hit) }]
      })
    } else if (sort === '-publishedAt' && !anyFilter(filters) && search === undefined && !oneStory) {
      const statements = newestFirst[audience]
      const params = { limit: page.limit + 1, now }
      const found = after === undefined
        ? await statements.listStart.execute(params)
        : await statements.listAfter.execute({ ...params, beforeAt: after[0], beforeId: after[1] })
      rows = found.map((row) => ({ ...row, cursorKey: row.publishedAt ?? '' }))
    } else {
      rows = await listQuery(db, { audience, sort, filters, fields, search, oneStory, after, limit: page.limit + 1, now }) as ListRow[]
    }
    const { page: data, nextCursor } = cutPage(rows, page.limit, list, (row) => [row.cursorKey, row.id])
    const summaries = data.map((row) => summaryOf(row, fields))
    if (search === undefined) return { data: summaries, nextCursor }
    const highlights = await highlightsFor(summaries.map((summary) => summary.id), search)
    return { data: summaries.map((summary) => ({ ...summary, ...(highlights.has(summary.id) && { highlight: highlights.get(summary.id) }) })), nextCursor }
  }

  // Search pages as worked out, by the content version: ranking a common word's matches and reading twenty articles'
  // highlights costs milliseconds, and most searches are asked again before anything changes.
  const searchPages = versionedCache<ArticlePageBody>(options.search.cachePages)
  /** When the next scheduled publication comes out after `now` (lists change then, with no write), if any. */
  async function nextPublicationAfter (now: string): Promise<string | null> {
    const [row] = await rowsOf<{ at: string | null }>(db, sql`select min(${articles.publishedAt}) as at from ${articles} ${indexHint(db, 'articles_unlisted_published_idx')} where ${articles.status} = 'published' and ${articles.listed} = ${literal(db, false)} and ${articles.publishedAt} > ${now}`)
    return row?.at ?? null
  }
  // The content version as last worked out (or being worked out, for every caller that reads the
  // same data version meanwhile): the data's version, and until when (ms) it holds with no write.
  let content: { data: string | number, version: string | Promise<string>, until: number } | undefined
  /**
   * A version of everything articles, lists and feeds show: it moves with every write committed
   * on any instance, and when a scheduled publication comes out (found once per data version).
   * On SQLite it is answered at once while it holds: it is read with every kept answer.
   */
  function contentVersion (): string | Promise<string> {
    // Read before the data, as dataVersion asks.
    const data = dataVersion(db)
    return typeof data === 'object' ? data.then(versionOf) : versionOf(data)
  }
  function versionOf (data: string | number): string | Promise<string> {
    if (content !== undefined && content.data === data && Date.now() < content.until) return content.version
    const now = clock()
    const working = { data, version: '' as string | Promise<string>, until: Infinity }
    working.version = nextPublicationAfter(now).then((until) => {
      working.until = until === null ? Infinity : Date.parse(until)
      working.version = `${data} ${now}`
      return working.version
    }, (error: unknown) => {
      if (content === working) content = undefined
      throw error
    })
    content = working
    return working.version
  }

  return {
    resolve,
    get,

    /**
     * The state of the article a reader asks for in a language: of the article's translation
     * group (itself included), the one in `language`, else in a shorter form of the tag
     * (`de-AT` finds `de`); 404 naming the languages there are when none is.
     */
    async resolveIn (ref: string, audience: Audience, language: string): Promise<ArticleState> {
      const article = await resolve(ref, audience)
      const members = [{ id: article.id, language: article.language }, ...article.translations]
      const found = lookupLanguage(language, new Map(members.map((member) => [member.language.toLowerCase(), member])))
      if (found === undefined) throw new TranslationNotFound(ref, language, members.map((member) => member.language).join(', '))
      return found.id === article.id ? article : await resolve(found.id, audience)
    },

    /** The id of the article a ref names that the audience may see (whoever may, without one); undefined when none does. */
    async idOf (ref: string, audience?: Audience): Promise<string | undefined> {
      const state = first(await lookups(db).state.execute({ ref, now: clock() }))
      return state === undefined || (audience !== undefined && !visibleTo(audience, state)) ? undefined : state.id
    },

    contentVersion,

    /**
     * A page of a list (see listPage). A search's page is kept while the content version stays
     * the same (see contentVersion): a kept page is never stale.
     */
    async list (audience: Audience, page: ListPage, filters: ArticleFilters = {}, fields?: ReadonlySet<SummaryField>, search?: SearchQuery): Promise<ArticlePageBody> {
      if (search === undefined || options.search.cachePages === 0) return await listPage(audience, page, filters, fields, search, clock())
      const version = await contentVersion()
      const key = JSON.stringify([audience, page, filters, fields === undefined ? null : [...fields].sort(), search])
      const kept = searchPages.get(key, version)
      if (kept !== undefined) return kept
      const found = await listPage(audience, page, filters, fields, search, clock())
      searchPages.set(key, version, found)
      return found
    },

    /**
     * The newest published articles, whole, for the feeds: always public (feeds are for
     * partners, whatever token is sent), of any language or of a language range. The same
     * few queries however many articles: the articles, then all their sections, places,
     * sources, bylines (with their pictures) and topics.
     */
    async newestPublished (query: { limit: number, language?: string | undefined }): Promise<ArticleBody[]> {
      const rows = query.language === undefined
        ? await newest.all.execute({ limit: query.limit, now: clock() })
        : await newest.inLanguage.execute({ limit: query.limit, language: query.language, now: clock() })
      const ids = rows.map((row) => row.id)
      const [sections, metadata, bylines, topics, translations] = await Promise.all([parts.sections.listFor(ids), parts.metadata.getFor(rows), bylinesFor(db, ids, publicBaseUrl), topicsFor(db, ids), translationsFor(db, rows, 'public')])
      const shown = rows.map(({ translationGroup, ...row }) => ({ ...articleFields(row), sections: sections.get(row.id) ?? [] }))
      const pictures = await picturesShown(db, shown, publicBaseUrl)
      return rows.map((row, index) => ({
        ...shown[index]!,
        ...urlOf(row),
        metadata: metadata.get(row.id) ?? { place: null, sources: [] },
        authors: bylines.get(row.id) ?? [],
        topics: topics.get(row.id) ?? [],
        pictures: pictures[index] ?? [],
        translations: translations.get(row.id) ?? []
      }))
    },

    /** Creates a draft, with a slug made from the title when none is given; 400 for a provenance at odds with `originalLanguage`. */
    async create (input: Omit<NewArticle, 'id' | 'slug' | 'status' | 'publishedAt' | 'createdAt' | 'updatedAt' | 'sections' | 'metadata' | 'originalLanguage' | 'translation'> & {
      slug?: string | undefined
      originalLanguage?: string | null | undefined
      translation?: ProvenancePatchBody | null | undefined
      sections: ReadonlyArray<Omit<SectionBody, 'position' | 'id'>>
      metadata: NewArticle['metadata']
    }, author: string): Promise<ArticleBody> {
      const id = uuidv7()
      const at = new Date().toISOString()
      const provenance = { ...noProvenance, ...provenanceWrite(noProvenance, input) }
      return await slugs.guard(() => input.slug, () => write(async (tx) => {
        await slugs.check(tx, input.slug)
        await insertArticle(tx, {
          ...input,
          originalLanguage: provenance.originalLanguage,
          translation: provenanceOf(provenance),
          id,
          slug: input.slug ?? await slugs.free(tx, input.title),
          status: 'draft',
          publishedAt: null,
          createdAt: at,
          updatedAt: at,
          sections: input.sections.map((section) => ({ ...section, id: uuidv7() }))
        }, author, publicBaseUrl)
        return await get(id, 'editorial', tx)
      }))
    },

    /**
     * Starts a translation of an article: a draft in another language in the source's
     * translation group (made when it has none), with a copy of its title (unless given),
     * sections, metadata, authors, topics, credit and lead image, to translate in place. The
     * source's content does not change; its group, which it joins if alone, is no content.
     */
    async translate (ref: string, input: { language: string, title?: string | undefined, slug?: string | undefined }, author: string): Promise<ArticleBody> {
      const id = uuidv7()
      const at = new Date().toISOString()
      return await slugs.guard(() => input.slug, () => write(async (tx) => {
        const source = await lock(tx, ref)
        const group = await groupOf(tx, source)
        if (await languageTaken(tx, group, input.language)) throw new TranslationExists(source.slug, input.language)
        await slugs.check(tx, input.slug)
        const whole = await get(source.id, 'editorial', tx)
        const title = input.title ?? whole.title
        await insertArticle(tx, {
          id,
          slug: input.slug ?? await slugs.free(tx, title),
          title,
          language: input.language,
          originalLanguage: whole.language,
          status: 'draft',
          publishedAt: null,
          createdAt: at,
          updatedAt: at,
          sections: whole.sections.map(({ heading, blocks }) => ({ id: uuidv7(), heading, blocks })),
          // The sources are the same sources, each a row of the new article's own.
          metadata: { place: whole.metadata.place, sources: whole.metadata.sources.map(({ id: _id, ...source }) => source) },
          authors: whole.authors.map((byline) => byline.id),
          topics: whole.topics.map((topic) => topic.id),
          credit: whole.credit,
          image: whole.image,
          translationGroup: group
        }, author, publicBaseUrl)
        return await get(id, 'editorial', tx)
      }))
    },

    /**
     * The one way an existing article changes. In one transaction: find it and lock it, hold
     * the writer to the version they read (If-Match), apply the change, move the version on
     * and record the result as a revision. Two writers holding the same ETag: the first
     * moves the version on, so the second gets 412, on this instance or another.
     */
    async update ({ ref, ifMatch, author }: ArticleWrite, change: (tx: Db, article: ArticleState) => Promise<ArticleChange | void>): Promise<ArticleBody> {
      let slug: string | undefined
      return await slugs.guard(() => slug, () => write(async (tx) => {
        const current = await lock(tx, ref)
        holdTo(ifMatch, current)
        const { translationOf, translation, ...changed } = await change(tx, current) ?? {}
        const fields = { ...changed, ...await provenanceChange(tx, current.id, { originalLanguage: changed.originalLanguage, translation }) }
        slug = fields.slug
        await slugs.check(tx, fields.slug, current.id)
        await checkLeadImage(tx, fields.imageId)
        const translationGroup = translationOf === undefined ? undefined : await groupToJoin(tx, current, translationOf)
        await checkLanguageFree(tx, current, fields.language, translationGroup)
        const at = new Date().toISOString()
        const firstPublishedAt = fields.publishedAt === undefined ? current.firstPublishedAt : firstPublication(current.firstPublishedAt, fields.publishedAt, at)
        await tx.update(articles)
          .set({ ...fields, ...(translationGroup !== undefined && { translationGroup }), firstPublishedAt, version: current.version + 1, updatedAt: at })
          .where(eq(articles.id, current.id))
        const article = await get(current.id, 'editorial', tx)
        await checkAndRecordPictures(tx, article)
        await indexArticle(tx, article)
        await recordRevision(tx, article, author)
        await announce(tx, current, article, at)
        return article
      }))
    },

    /**
     * Moves on articles whose shown content changed elsewhere (an author's byline, a topic),
     * inside that change's write: each gets a new version and revision, and the public ones
     * an `article.updated`, as if edited.
     */
    async refresh (tx: Db, ids: readonly string[], author: string) {
      for (const id of ids) {
        const current = await lock(tx, id)
        const at = new Date().toISOString()
        await tx.update(articles).set({ version: current.version + 1, updatedAt: at }).where(eq(articles.id, current.id))
        const article = await get(current.id, 'editorial', tx)
        await indexArticle(tx, article)
        await recordRevision(tx, article, author)
        await announce(tx, current, article, at)
      }
    },

    /** Deletes an article with everything it has, held to If-Match like any write. */
    async remove ({ ref, ifMatch }: ArticleWrite) {
      await write(async (tx) => {
        const current = await lock(tx, ref)
        holdTo(ifMatch, current)
        await tx.delete(articles).where(eq(articles.id, current.id))
        if (current.listed) await recordChange(tx, { type: 'article.deleted', articleId: current.id, version: current.version })
      })
    },

    /**
     * Announces scheduled articles whose time has come: each becomes listed and gets its
     * `article.published` (`article.updated` when it was public before), in one transaction.
     * Every instance sweeps; the rows are locked and read again inside the write, so each
     * publication is announced once. Returns how many there were.
     */
    async announceDue (): Promise<number> {
      // A read first: the write lock is taken only when there is something to announce.
      if ((await due(db)).length === 0) return 0
      return await write(async (tx) => {
        const articlesDue = await forUpdate(tx.select({ id: articles.id, version: articles.version }).from(articles)
          .where(and(eq(articles.status, 'published'), eq(articles.listed, false), lte(articles.publishedAt, clock())))
          .orderBy(articles.publishedAt, articles.id), { skipLocked: true })
        for (const article of articlesDue) {
          await tx.update(articles).set({ listed: true }).where(eq(articles.id, article.id))
          await recordChange(tx, { type: await announcedBefore(tx, article.id) ? 'article.updated' : 'article.published', articleId: article.id, version: article.version })
        }
        return articlesDue.length
      })
    }
  }
}

export type ArticlesRepository = ReturnType<typeof articlesRepository>

export interface ArticlesOptions {
  /** Where readers reach the API: the start of the addresses of the pictures articles show. */
  publicBaseUrl: string
  /** ARTICLE_URL_TEMPLATE's maker of `url`, when set. */
  canonicalUrl?: CanonicalUrl | undefined
  /** How search ranks (SEARCH_RANKED_MATCHES) and keeps its pages (SEARCH_CACHE_PAGES). */
  search: SearchOptions
}

export default fp(async (app: FastifyInstance, options: ArticlesOptions) => {
  app.decorate('articles', articlesRepository(app.database, { sections: app.sections, metadata: app.metadata }, options))
}, { name: 'articles-repository', dependencies: ['database', 'sections-repository', 'metadata-repository'] })
