// All SQL about articles: lists and lookups for readers and editors, and the one way every write goes.
import { and, desc, eq, getTableName, inArray, lte, or, sql, type SQL } from 'drizzle-orm'
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { v7 as uuidv7 } from 'uuid'
import { bylinesFor, setArticleAuthors } from '../authors/repository.js'
import { announcedBefore, articleChange, recordChange } from '../changes/repository.js'
import { approvedCommentCount } from '../comments/repository.js'
import { first, preparedFor, type Database, type Db } from '../db/database.js'
import { forUpdate, indexHint, literal, rows as rowsOf } from '../db/dialect.js'
import { articleAuthors, articleTopics, articles, changes, places } from '../db/sqlite-schema.js'
import { uniqueSlugs } from '../db/unique-slugs.js'
import { defaultPublicBaseUrl } from '../config.js'
import { ArticleNotFound, PreconditionFailed, PreconditionRequired, SlugTaken } from '../errors.js'
import { articleETag, versionsIn } from '../etags.js'
import { directionOf, type Direction } from '../language.js'
import { replaceMetadata, type MetadataRepository, type MetadataWrite } from '../metadata/repository.js'
import { cutPage, decodeCursor } from '../pagination.js'
import { recordRevision } from '../revisions/repository.js'
import { indexArticle } from '../search/repository.js'
import { checkAndRecordPictures, checkLeadImage, picturesShown } from './pictures.js'
import { insertSections, type SectionsRepository } from '../sections/repository.js'
import type { SectionBody } from '../sections/schemas.js'
import type { CanonicalFields, CanonicalUrl } from './links.js'
import { setArticleTopics, topicsFor } from '../topics/repository.js'
import type { ArticleBody, ArticleSummaryBody } from './schemas.js'

declare module 'fastify' {
  interface FastifyInstance {
    articles: ArticlesRepository
  }
}

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
}

/** The article's own columns a write may change; version and updatedAt move by themselves. */
type ArticleChange = Partial<Pick<typeof articles.$inferInsert, 'slug' | 'title' | 'language' | 'originalLanguage' | 'direction' | 'status' | 'publishedAt' | 'credit' | 'imageId' | 'imageCaption'>>

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
}

// The time to judge scheduled publications by, given with every query that does: the
// engines' clocks read differently, and a parameter reads the same on both.
const now = sql.placeholder('now')
const clock = () => new Date().toISOString()

// A published article whose time has not come yet is scheduled: hidden from the public, and
// shown to editors as `scheduled` until then. No job flips it: the clock does.
const isPublic = and(eq(articles.status, 'published'), sql`${articles.publishedAt} <= ${now}`)
const status = sql<ArticleBody['status']>`case when ${articles.status} = 'published' and ${articles.publishedAt} > ${now} then 'scheduled' else ${articles.status} end`
const byRef = or(eq(articles.id, sql.placeholder('ref')), eq(articles.slug, sql.placeholder('ref')))

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
  commentCount: approvedCommentCount
}

/** An article's own row as the API shows it: the lead image as `{ id, caption }`. */
function ownFields<Row extends { imageId: string | null, imageCaption: string | null }> ({ imageId, imageCaption, ...row }: Row) {
  return { ...row, image: imageId === null ? null : { id: imageId, caption: imageCaption } }
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
  listed: articles.listed
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
  await recordRevision(tx, { ...article, direction, sections, metadata, authors, topics, credit: article.credit ?? null, image, version: 1 }, author)
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

/** What a list may be narrowed to: the articles of an author, of a topic, or of both (by id). */
export interface ListFilters {
  author?: string | undefined
  topic?: string | undefined
}

const authorLinked = and(eq(articleAuthors.authorId, sql.placeholder('author')), eq(articles.id, articleAuthors.articleId))
const topicLinked = and(eq(articleTopics.topicId, sql.placeholder('topic')), eq(articles.id, articleTopics.articleId))
const topicAlso = (db: Db) => inArray(articles.id, db.select({ id: articleTopics.articleId }).from(articleTopics).where(eq(articleTopics.topicId, sql.placeholder('topic'))))

/**
 * Where a list reads its articles from, and what narrows it. A list narrowed to an author
 * (or a topic) starts from that author's links, by the index of exactly those, and finds each
 * article by its id: a cross join, which SQLite never reorders, since it would rather walk
 * every published article newest first and test each. PostgreSQL plans a cross join with a
 * join condition like any join.
 */
function listSource (db: Db, filters: { author: boolean, topic: boolean }) {
  const select = db.select(summaryColumns)
  const plain = () => select.from(articles)
  if (filters.author) {
    return { from: select.from(articleAuthors).crossJoin(articles) as unknown as ReturnType<typeof plain>, narrowed: and(authorLinked, filters.topic ? topicAlso(db) : undefined) }
  }
  if (filters.topic) return { from: select.from(articleTopics).crossJoin(articles) as unknown as ReturnType<typeof plain>, narrowed: topicLinked }
  return { from: plain(), narrowed: undefined }
}

function prepareLists (db: Db, visible: SQL | undefined, order: SQL, filters = { author: false, topic: false }) {
  const source = () => listSource(db, filters)
  const start = source()
  const after = source()
  return {
    listStart: start.from
      .leftJoin(places, eq(places.articleId, articles.id))
      .where(and(visible, start.narrowed))
      .orderBy(desc(order), desc(articles.id))
      .limit(sql.placeholder('limit'))
      .prepare(),
    listAfter: after.from
      .leftJoin(places, eq(places.articleId, articles.id))
      // A row-value comparison, which both engines answer with a range scan of the index.
      .where(and(visible, after.narrowed, sql`(${order}, ${articles.id}) < (${sql.placeholder('beforeAt')}, ${sql.placeholder('beforeId')})`))
      .orderBy(desc(order), desc(articles.id))
      .limit(sql.placeholder('limit'))
      .prepare(),
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

export function articlesRepository ({ db, write }: Database, parts: { sections: SectionsRepository, metadata: MetadataRepository }, publicBaseUrl: string, canonicalUrl?: CanonicalUrl) {
  /** The article with its `url` on the newsroom's site, when ARTICLE_URL_TEMPLATE is set and the article has one. */
  function urlOf (article: CanonicalFields): { url?: string } {
    const url = canonicalUrl?.(article)
    return url === undefined ? {} : { url }
  }
  const audiences = {
    public: { visible: isPublic, order: sql`${articles.publishedAt}` },
    editorial: { visible: undefined, order: sortedAt }
  }
  // Prepared when first asked for: one set per audience and combination of filters.
  const lists = new Map<string, ReturnType<typeof prepareLists>>()
  function listsFor (audience: Audience, filters: { author: boolean, topic: boolean }) {
    const key = `${audience} ${filters.author} ${filters.topic}`
    let statements = lists.get(key)
    if (statements === undefined) {
      statements = prepareLists(db, audiences[audience].visible, audiences[audience].order, filters)
      lists.set(key, statements)
    }
    return statements
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

  /** The state of an article, for the resources below it and for writes; 404 when the audience may not see it. */
  async function resolve (ref: string, audience: Audience): Promise<ArticleState> {
    const state = first(await lookups(db).state.execute({ ref, now: clock() }))
    if (!state || !visibleTo(audience, state)) throw new ArticleNotFound(ref)
    return state
  }

  /** The state of an article a write is about, locked until the write commits. */
  async function lock (tx: Db, ref: string): Promise<ArticleState> {
    const state = first(await lookups(tx).lockedState.execute({ ref, now: clock() }))
    if (!state) throw new ArticleNotFound(ref)
    return state
  }

  /** An article whole; `q` is the write to read in, when inside one. */
  async function get (ref: string, audience: Audience, q = db): Promise<ArticleBody> {
    const article = first(await lookups(q).article.execute({ ref, now: clock() }))
    if (!article || !visibleTo(audience, article)) throw new ArticleNotFound(ref)
    // One query after another: inside a write they share its one connection.
    const shown = { ...ownFields(article), sections: await parts.sections.list(article.id, q) }
    return {
      ...shown,
      ...urlOf(article),
      metadata: await parts.metadata.get(article.id, q),
      authors: (await bylinesFor(q, [article.id], publicBaseUrl)).get(article.id) ?? [],
      topics: (await topicsFor(q, [article.id])).get(article.id) ?? [],
      pictures: (await picturesShown(q, [shown], publicBaseUrl))[0] ?? []
    }
  }

  return {
    resolve,
    get,

    /** The id of the article a ref names, whoever may see it; undefined when none does. */
    async idOf (ref: string): Promise<string | undefined> {
      return first(await lookups(db).state.execute({ ref, now: clock() }))?.id
    },

    /**
     * Articles the audience may see, newest first, from after the cursor; narrowed to an
     * author's or a topic's (by id) when asked. A cursor names its filters, so one issued for
     * another author's list is refused rather than read as a place in this one.
     */
    async list (audience: Audience, page: { limit: number, cursor?: string | undefined }, filters: ListFilters = {}): Promise<{ data: ArticleSummaryBody[], nextCursor: string | null }> {
      const list = [
        audience === 'public' ? 'articles' : 'articles:editorial',
        ...(filters.author === undefined ? [] : [`author=${filters.author}`]),
        ...(filters.topic === undefined ? [] : [`topic=${filters.topic}`])
      ].join(':')
      const statements = listsFor(audience, { author: filters.author !== undefined, topic: filters.topic !== undefined })
      const params = { limit: page.limit + 1, now: clock(), author: filters.author, topic: filters.topic }
      let rows: Array<ArticleSummaryBody & CanonicalFields>
      if (page.cursor === undefined) {
        rows = await statements.listStart.execute(params)
      } else {
        const [beforeAt, beforeId] = decodeCursor(list, page.cursor, 2)
        rows = await statements.listAfter.execute({ ...params, beforeAt, beforeId })
      }
      const { page: data, nextCursor } = cutPage(rows, page.limit, list, (row) => [row.publishedAt ?? '', row.id])
      return { data: data.map(({ firstPublishedAt, ...summary }) => ({ ...summary, ...urlOf({ ...summary, firstPublishedAt }) })), nextCursor }
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
      const [sections, metadata, bylines, topics] = await Promise.all([parts.sections.listFor(ids), parts.metadata.getFor(ids), bylinesFor(db, ids, publicBaseUrl), topicsFor(db, ids)])
      const shown = rows.map((row) => ({ ...ownFields(row), sections: sections.get(row.id) ?? [] }))
      const pictures = await picturesShown(db, shown, publicBaseUrl)
      return rows.map((row, index) => ({
        ...shown[index]!,
        ...urlOf(row),
        metadata: metadata.get(row.id) ?? { place: null, sources: [] },
        authors: bylines.get(row.id) ?? [],
        topics: topics.get(row.id) ?? [],
        pictures: pictures[index] ?? []
      }))
    },

    /** Creates a draft, with a slug made from the title when none is given. */
    async create (input: Omit<NewArticle, 'id' | 'slug' | 'status' | 'publishedAt' | 'createdAt' | 'updatedAt' | 'sections' | 'metadata'> & {
      slug?: string | undefined
      sections: ReadonlyArray<Omit<SectionBody, 'position' | 'id'>>
      metadata: NewArticle['metadata']
    }, author: string): Promise<ArticleBody> {
      const id = uuidv7()
      const at = new Date().toISOString()
      return await slugs.guard(() => input.slug, () => write(async (tx) => {
        await slugs.check(tx, input.slug)
        await insertArticle(tx, {
          ...input,
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
        const fields = await change(tx, current) ?? {}
        slug = fields.slug
        await slugs.check(tx, fields.slug, current.id)
        await checkLeadImage(tx, fields.imageId)
        const at = new Date().toISOString()
        const firstPublishedAt = fields.publishedAt === undefined ? current.firstPublishedAt : firstPublication(current.firstPublishedAt, fields.publishedAt, at)
        await tx.update(articles)
          .set({ ...fields, firstPublishedAt, version: current.version + 1, updatedAt: at })
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
}

export default fp(async (app: FastifyInstance, options: ArticlesOptions) => {
  app.decorate('articles', articlesRepository(app.database, { sections: app.sections, metadata: app.metadata }, options.publicBaseUrl, options.canonicalUrl))
}, { name: 'articles-repository', dependencies: ['database', 'sections-repository', 'metadata-repository'] })
