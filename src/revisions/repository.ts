// All SQL about revisions: recording each write's result, compactly, and reading the history back, a page at a time.
import { brotliCompressSync, brotliDecompressSync, constants, deflateRawSync, inflateRawSync } from 'node:zlib'
import { and, asc, desc, eq, gt, isNull, sql } from 'drizzle-orm'
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { first, type Db } from '../db/database.js'
import { revisions } from '../db/sqlite-schema.js'
import { RevisionNotFound } from '../errors.js'
import { shownMetadata, storedPlace, type StoredMetadata } from '../metadata/place.js'
import { cutPage, decodeCursor } from '../pagination.js'
import type { ArticleContentBody } from './schemas.js'

declare module 'fastify' {
  interface FastifyInstance {
    revisions: RevisionsRepository
  }
}

// A whole revision is a key: its JSON, Brotli-compressed at a middle quality (a third of its
// size for a millisecond or two inside the write's transaction). The ones after it, up to
// `keyEvery` - 1 of them, are deltas: their JSON deflated with the key's JSON as the
// dictionary, so they cost about what the write changed. Reading any revision takes at
// most two decompressions, never a chain.
const keyEvery = 16
const compression = { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }

type StoredRow = { number: number, base: number | null, content: Buffer | null, snapshot: unknown }

/**
 * Records an article's content as its revision `version`. The place is kept as stored: its
 * `display` is made again whenever the revision is read, in the revision's language.
 */
export async function recordRevision (db: Db, article: Omit<ArticleContentBody, 'metadata'> & { metadata: StoredMetadata, id: string, version: number, updatedAt: string }, author: string) {
  const { slug, title, language, originalLanguage, translation, direction, sections, authors, topics, credit, image } = article
  const metadata = { place: article.metadata.place && storedPlace(article.metadata.place), sources: article.metadata.sources }
  const json = JSON.stringify({ slug, title, language, originalLanguage, translation, direction, sections, metadata, authors, topics, credit, image })
  const key = first(await db.select({ number: revisions.number, content: revisions.content })
    .from(revisions)
    .where(and(eq(revisions.articleId, article.id), isNull(revisions.base), sql`${revisions.content} is not null`))
    .orderBy(desc(revisions.number))
    .limit(1))
  const delta = key?.content && article.version - key.number < keyEvery
    ? { base: key.number, content: deflateRawSync(json, { level: 9, dictionary: brotliDecompressSync(key.content) }) }
    : { base: null, content: brotliCompressSync(json, compression) }
  await db.insert(revisions).values({ articleId: article.id, number: article.version, createdAt: article.updatedAt, author, ...delta })
}

/** A revision's content as JSON: whole, a delta against its key, or, for one recorded before compression, its JSON. */
async function jsonOf (row: StoredRow, keyOf: (number: number) => Promise<Buffer>): Promise<string> {
  if (row.content === null) return JSON.stringify(row.snapshot)
  if (row.base === null) return brotliDecompressSync(row.content).toString('utf8')
  return inflateRawSync(row.content, { dictionary: await keyOf(row.base) }).toString('utf8')
}

export function revisionsRepository (db: Db) {
  const columns = { number: revisions.number, createdAt: revisions.createdAt, author: revisions.author, base: revisions.base, content: revisions.content, snapshot: revisions.snapshot }
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

  /** The JSON of an article's keys, each decompressed once per read. */
  function keys (articleId: string) {
    const read = new Map<number, Buffer>()
    return async (number: number): Promise<Buffer> => {
      let json = read.get(number)
      if (json === undefined) {
        const key = first(await one.execute({ articleId, number }))
        if (!key?.content) throw new Error(`revision ${number} of article ${articleId}, a key, is missing`)
        json = brotliDecompressSync(key.content)
        read.set(number, json)
      }
      return json
    }
  }

  return {
    /** A page of the article's history, oldest first, from after the cursor. */
    async list (articleId: string, page: { limit: number, cursor?: string | undefined }) {
      // The cursor names the article: one issued for another article's history is refused.
      const list = `revisions:${articleId}`
      const [after] = page.cursor === undefined ? ['0'] : decodeCursor(list, page.cursor, 1)
      const rows = await history.execute({ articleId, after: Number(after), limit: page.limit + 1 })
      const { page: data, nextCursor } = cutPage(rows, page.limit, list, (row) => [String(row.number)])
      const keyOf = keys(articleId)
      return {
        data: await Promise.all(data.map(async ({ number, createdAt, author, ...stored }) => ({ number, createdAt, author, title: (JSON.parse(await jsonOf({ number, ...stored }, keyOf)) as ArticleContentBody).title }))),
        nextCursor
      }
    },
    /** One revision, whole; 404 when the article has no such revision. */
    async get (articleId: string, number: number) {
      const row = first(await one.execute({ articleId, number }))
      if (!row) throw new RevisionNotFound(articleId, number)
      // Revisions recorded before articles had bylines, topics, credits, lead images and provenance had none.
      const stored = { translation: null, authors: [], topics: [], credit: null, image: null, ...JSON.parse(await jsonOf(row, keys(articleId))) as Partial<ArticleContentBody> } as ArticleContentBody
      // Places are kept as stored; those recorded before places had names by language have none (storedPlace makes that `{}`).
      const { place, sources } = stored.metadata
      const article: ArticleContentBody = { ...stored, metadata: shownMetadata({ place: place && storedPlace(place), sources }, stored.language) }
      return { number: row.number, createdAt: row.createdAt, author: row.author, article }
    }
  }
}

export type RevisionsRepository = ReturnType<typeof revisionsRepository>

export default fp(async (app: FastifyInstance) => {
  app.decorate('revisions', revisionsRepository(app.database.db))
}, { name: 'revisions-repository', dependencies: ['database'] })
