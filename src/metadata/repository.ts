// All SQL about metadata: an article's place (Ort) and its ordered sources (Quellen), read and written.
import { and, asc, count, eq, inArray, max, sql } from 'drizzle-orm'
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Static } from 'typebox'
import { v7 as uuidv7 } from 'uuid'
import { first, preparedFor, type Db } from '../db/database.js'
import { LimitReached, SourceNotFound, invalidField } from '../errors.js'
import { places, sources } from '../db/sqlite-schema.js'
import { matchKey, matchKeyOrNull } from './match-key.js'
import { shownMetadata, storedPlace, type StoredMetadata } from './place.js'
import { maxSources, type MetadataBody, type PlaceInput as PlaceInputSchema, type SourceInput as SourceInputSchema } from './schemas.js'

declare module 'fastify' {
  interface FastifyInstance {
    metadata: MetadataRepository
  }
}

type PlaceInput = Static<typeof PlaceInputSchema>
type SourceInput = Static<typeof SourceInputSchema> & { id?: string }

function placeRow (articleId: string, place: PlaceInput) {
  return { articleId, ...storedPlace(place), localityKey: matchKeyOrNull(place.locality) }
}

function sourceRow (articleId: string, position: number, source: SourceInput) {
  return { id: source.id ?? uuidv7(), articleId, position, name: source.name, url: source.url ?? null, publisher: source.publisher ?? null, ...sourceKeys(source) }
}

/** The keys the `source` filter matches a source by, for the fields a write gives. */
function sourceKeys (source: { name?: string | undefined, publisher?: string | null | undefined }) {
  return {
    ...(source.name !== undefined && { nameKey: matchKey(source.name) }),
    ...(source.publisher !== undefined && { publisherKey: matchKeyOrNull(source.publisher) })
  }
}

const sourceColumns = { id: sources.id, name: sources.name, url: sources.url, publisher: sources.publisher }

async function findSource (db: Db, articleId: string, sourceId: string) {
  const row = first(await db.select({ id: sources.id }).from(sources).where(and(eq(sources.articleId, articleId), eq(sources.id, sourceId))))
  if (!row) throw new SourceNotFound(articleId, sourceId)
}

// Writes to one article's metadata; each runs inside the article's write transaction.

/** Metadata as written: a place and sources whose optional fields may be left out. */
export interface MetadataWrite {
  place: PlaceInput | null
  sources: ReadonlyArray<SourceInput>
}

/** Writes an article's place and sources, replacing any it had, and returns them as stored. */
export async function replaceMetadata (db: Db, articleId: string, metadata: MetadataWrite): Promise<StoredMetadata> {
  await db.delete(places).where(eq(places.articleId, articleId))
  await db.delete(sources).where(eq(sources.articleId, articleId))
  const rows = metadata.sources.map((source, index) => sourceRow(articleId, index + 1, source))
  if (metadata.place) await db.insert(places).values(placeRow(articleId, metadata.place))
  if (rows.length > 0) await db.insert(sources).values(rows)
  return {
    place: metadata.place && storedPlace(metadata.place),
    sources: rows.map(({ id, name, url, publisher }) => ({ id, name, url, publisher }))
  }
}

/**
 * Holds a replacement to the sources it may keep: an id sent back must be one of the
 * article's sources, and name it once (new sources get new ids).
 */
export async function checkKeptSources (db: Db, articleId: string, list: ReadonlyArray<SourceInput>) {
  const own = new Set((await db.select({ id: sources.id }).from(sources).where(eq(sources.articleId, articleId))).map((row) => row.id))
  const kept = new Set<string>()
  list.forEach((source, index) => {
    if (source.id === undefined) return
    if (!own.has(source.id)) throw invalidField(`/sources/${index}/id`, `is not one of this article's sources: leave "id" out for a new source`)
    if (kept.has(source.id)) throw invalidField(`/sources/${index}/id`, 'names a source listed before it: each source may be listed once')
    kept.add(source.id)
  })
}

/** Adds a source after the others, unless the article has as many as it may. */
export async function addSource (db: Db, articleId: string, source: SourceInput) {
  const last = first(await db.select({ position: max(sources.position), count: count() }).from(sources).where(eq(sources.articleId, articleId)))
  if ((last?.count ?? 0) >= maxSources) throw new LimitReached(articleId, maxSources, 'sources')
  await db.insert(sources).values(sourceRow(articleId, (last?.position ?? 0) + 1, source))
}

export async function updateSource (db: Db, articleId: string, sourceId: string, patch: Partial<SourceInput>) {
  await findSource(db, articleId, sourceId)
  await db.update(sources).set({ ...patch, ...sourceKeys(patch) }).where(eq(sources.id, sourceId))
}

export async function removeSource (db: Db, articleId: string, sourceId: string) {
  await findSource(db, articleId, sourceId)
  await db.delete(sources).where(eq(sources.id, sourceId))
}

const placeColumns = {
  name: places.name,
  names: places.names,
  locality: places.locality,
  country: places.country,
  countryCode: places.countryCode,
  latitude: places.latitude,
  longitude: places.longitude
}

export function metadataRepository (db: Db) {
  const statements = preparedFor((q) => ({
    place: q.select(placeColumns).from(places).where(eq(places.articleId, sql.placeholder('articleId'))).prepare(),
    sources: q.select(sourceColumns)
      .from(sources)
      .where(eq(sources.articleId, sql.placeholder('articleId')))
      .orderBy(asc(sources.position))
      .prepare()
  }))

  return {
    /**
     * An article's place and sources, the place's `display` in the article's `language`; `q` is
     * the write to read in, when inside one.
     */
    async get (articleId: string, language: string, q = db): Promise<MetadataBody> {
      const { place, sources } = statements(q)
      return shownMetadata({ place: first(await place.execute({ articleId })) ?? null, sources: await sources.execute({ articleId }) }, language)
    },
    /** The place and sources of each of the articles, each place's `display` in its article's language, in two queries. */
    async getFor (articles: ReadonlyArray<{ id: string, language: string }>): Promise<Map<string, MetadataBody>> {
      const ids = articles.map((article) => article.id)
      if (ids.length === 0) return new Map()
      const [placeRows, sourceRows] = await Promise.all([
        db.select({ articleId: places.articleId, ...placeColumns }).from(places).where(inArray(places.articleId, ids)),
        db.select({ articleId: sources.articleId, ...sourceColumns }).from(sources)
          .where(inArray(sources.articleId, ids))
          .orderBy(asc(sources.articleId), asc(sources.position))
      ])
      const stored = new Map(ids.map((id): [string, StoredMetadata] => [id, { place: null, sources: [] }]))
      for (const { articleId, ...place } of placeRows) {
        const metadata = stored.get(articleId)
        if (metadata) metadata.place = place
      }
      for (const { articleId, ...source } of sourceRows) stored.get(articleId)?.sources.push(source)
      return new Map(articles.map((article) => [article.id, shownMetadata(stored.get(article.id) ?? { place: null, sources: [] }, article.language)]))
    }
  }
}

export type MetadataRepository = ReturnType<typeof metadataRepository>

export default fp(async (app: FastifyInstance) => {
  app.decorate('metadata', metadataRepository(app.database.db))
}, { name: 'metadata-repository', dependencies: ['database'] })
