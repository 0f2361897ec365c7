// All SQL about metadata: an article's place (Ort) and its ordered sources (Quellen), read and written.
import { and, asc, count, eq, max, sql } from 'drizzle-orm'
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Static } from 'typebox'
import { v7 as uuidv7 } from 'uuid'
import type { Db } from '../db/plugin.js'
import { LimitReached, SourceNotFound, invalidField } from '../errors.js'
import { places, sources } from '../db/sqlite-schema.js'
import { maxSources, type Metadata, type PlaceInput as PlaceInputSchema, type SourceInput as SourceInputSchema } from './schemas.js'

declare module 'fastify' {
  interface FastifyInstance {
    metadata: MetadataRepository
  }
}

export type MetadataBody = Static<typeof Metadata>

type PlaceInput = Static<typeof PlaceInputSchema>
type SourceInput = Static<typeof SourceInputSchema> & { id?: string }

function placeRow (articleId: string, place: PlaceInput) {
  return {
    articleId,
    name: place.name,
    locality: place.locality ?? null,
    country: place.country ?? null,
    countryCode: place.countryCode ?? null,
    latitude: place.latitude ?? null,
    longitude: place.longitude ?? null
  }
}

function sourceRow (articleId: string, position: number, source: SourceInput) {
  return { id: source.id ?? uuidv7(), articleId, position, name: source.name, url: source.url ?? null, publisher: source.publisher ?? null }
}

const sourceColumns = { id: sources.id, name: sources.name, url: sources.url, publisher: sources.publisher }

function findSource (db: Db, articleId: string, sourceId: string) {
  const row = db.select({ id: sources.id }).from(sources).where(and(eq(sources.articleId, articleId), eq(sources.id, sourceId))).get()
  if (!row) throw new SourceNotFound(articleId, sourceId)
}

// Writes to one article's metadata; each runs inside the article's write transaction.

/** Metadata as written: a place and sources whose optional fields may be left out. */
export interface MetadataWrite {
  place: PlaceInput | null
  sources: ReadonlyArray<SourceInput>
}

/** Writes an article's place and sources, replacing any it had, and returns them as stored. */
export function replaceMetadata (db: Db, articleId: string, metadata: MetadataWrite): MetadataBody {
  db.delete(places).where(eq(places.articleId, articleId)).run()
  db.delete(sources).where(eq(sources.articleId, articleId)).run()
  const place = metadata.place && placeRow(articleId, metadata.place)
  const rows = metadata.sources.map((source, index) => sourceRow(articleId, index + 1, source))
  if (place) db.insert(places).values(place).run()
  if (rows.length > 0) db.insert(sources).values(rows).run()
  return {
    place: place && { name: place.name, locality: place.locality, country: place.country, countryCode: place.countryCode, latitude: place.latitude, longitude: place.longitude },
    sources: rows.map(({ id, name, url, publisher }) => ({ id, name, url, publisher }))
  }
}

/**
 * Holds a replacement to the sources it may keep: an id sent back must be one of the
 * article's sources, and name it once (new sources get new ids).
 */
export function checkKeptSources (db: Db, articleId: string, list: ReadonlyArray<SourceInput>) {
  const own = new Set(db.select({ id: sources.id }).from(sources).where(eq(sources.articleId, articleId)).all().map((row) => row.id))
  const kept = new Set<string>()
  list.forEach((source, index) => {
    if (source.id === undefined) return
    if (!own.has(source.id)) throw invalidField(`/sources/${index}/id`, `is not one of this article's sources: leave "id" out for a new source`)
    if (kept.has(source.id)) throw invalidField(`/sources/${index}/id`, 'names a source listed before it: each source may be listed once')
    kept.add(source.id)
  })
}

/** Adds a source after the others, unless the article has as many as it may. */
export function addSource (db: Db, articleId: string, source: SourceInput) {
  const last = db.select({ position: max(sources.position), count: count() }).from(sources).where(eq(sources.articleId, articleId)).get()
  if ((last?.count ?? 0) >= maxSources) throw new LimitReached(articleId, maxSources, 'sources')
  db.insert(sources).values(sourceRow(articleId, (last?.position ?? 0) + 1, source)).run()
}

export function updateSource (db: Db, articleId: string, sourceId: string, patch: Partial<SourceInput>) {
  findSource(db, articleId, sourceId)
  db.update(sources).set(patch).where(eq(sources.id, sourceId)).run()
}

export function removeSource (db: Db, articleId: string, sourceId: string) {
  findSource(db, articleId, sourceId)
  db.delete(sources).where(eq(sources.id, sourceId)).run()
}

const placeColumns = {
  name: places.name,
  locality: places.locality,
  country: places.country,
  countryCode: places.countryCode,
  latitude: places.latitude,
  longitude: places.longitude
}

export function metadataRepository (db: Db) {
  const place = db.select(placeColumns).from(places).where(eq(places.articleId, sql.placeholder('articleId'))).prepare()
  const sourceList = db.select(sourceColumns)
    .from(sources)
    .where(eq(sources.articleId, sql.placeholder('articleId')))
    .orderBy(asc(sources.position))
    .prepare()
  // Any number of articles' metadata in two statements: the ids go in as one JSON array.
  const articleIds = sql.placeholder('articleIds')
  const placesOf = db.select({ articleId: places.articleId, ...placeColumns }).from(places)
    .where(sql`${places.articleId} in (select value from json_each(${articleIds}))`)
    .prepare()
  const sourcesOf = db.select({ articleId: sources.articleId, ...sourceColumns }).from(sources)
    .where(sql`${sources.articleId} in (select value from json_each(${articleIds}))`)
    .orderBy(asc(sources.articleId), asc(sources.position))
    .prepare()

  return {
    get (articleId: string): MetadataBody {
      return { place: place.get({ articleId }) ?? null, sources: sourceList.all({ articleId }) }
    },
    /** The place and sources of each of the articles, in two queries. */
    getFor (ids: readonly string[]): Map<string, MetadataBody> {
      const all = new Map(ids.map((id): [string, MetadataBody] => [id, { place: null, sources: [] }]))
      const json = JSON.stringify(ids)
      for (const { articleId, ...place } of placesOf.all({ articleIds: json })) {
        const metadata = all.get(articleId)
        if (metadata) metadata.place = place
      }
      for (const { articleId, ...source } of sourcesOf.all({ articleIds: json })) all.get(articleId)?.sources.push(source)
      return all
    }
  }
}

export type MetadataRepository = ReturnType<typeof metadataRepository>

export default fp(async (app: FastifyInstance) => {
  app.decorate('metadata', metadataRepository(app.db))
}, { name: 'metadata-repository', dependencies: ['database'] })
