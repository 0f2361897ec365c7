// All SQL about metadata: an article's place (Ort) and its ordered sources (Quellen), read and written.
import { and, asc, eq, max, sql } from 'drizzle-orm'
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Static } from 'typebox'
import { v7 as uuidv7 } from 'uuid'
import type { Db } from '../db/plugin.js'
import { SourceNotFound } from '../errors.js'
import { places, sources } from '../db/schema.js'
import type { Metadata, PlaceInput as PlaceInputSchema, Source, SourceInput as SourceInputSchema } from './schemas.js'

declare module 'fastify' {
  interface FastifyInstance {
    metadata: MetadataRepository
  }
}

export type MetadataBody = Static<typeof Metadata>

type PlaceInput = Static<typeof PlaceInputSchema>
type SourceInput = Static<typeof SourceInputSchema> & { id?: string }
type SourceBody = Static<typeof Source>

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

function getSource (db: Db, articleId: string, sourceId: string): SourceBody {
  const row = db.select(sourceColumns).from(sources).where(and(eq(sources.articleId, articleId), eq(sources.id, sourceId))).get()
  if (!row) throw new SourceNotFound(articleId, sourceId)
  return row
}

// Writes to one article's metadata; each runs inside the article's write transaction.

/** Writes an article's place and sources, replacing any it had. */
export function replaceMetadata (db: Db, articleId: string, metadata: { place: PlaceInput | null, sources: SourceInput[] }) {
  db.delete(places).where(eq(places.articleId, articleId)).run()
  db.delete(sources).where(eq(sources.articleId, articleId)).run()
  if (metadata.place) db.insert(places).values(placeRow(articleId, metadata.place)).run()
  if (metadata.sources.length > 0) {
    db.insert(sources).values(metadata.sources.map((source, index) => sourceRow(articleId, index + 1, source))).run()
  }
}

/** Adds a source after the others. */
export function addSource (db: Db, articleId: string, source: SourceInput): SourceBody {
  const last = db.select({ position: max(sources.position) }).from(sources).where(eq(sources.articleId, articleId)).get()
  const row = sourceRow(articleId, (last?.position ?? 0) + 1, source)
  db.insert(sources).values(row).run()
  return getSource(db, articleId, row.id)
}

export function updateSource (db: Db, articleId: string, sourceId: string, patch: Partial<SourceInput>): SourceBody {
  getSource(db, articleId, sourceId)
  db.update(sources).set(patch).where(eq(sources.id, sourceId)).run()
  return getSource(db, articleId, sourceId)
}

export function removeSource (db: Db, articleId: string, sourceId: string) {
  getSource(db, articleId, sourceId)
  db.delete(sources).where(eq(sources.id, sourceId)).run()
}

export function metadataRepository (db: Db) {
  const place = db.select({
    name: places.name,
    locality: places.locality,
    country: places.country,
    countryCode: places.countryCode,
    latitude: places.latitude,
    longitude: places.longitude
  }).from(places).where(eq(places.articleId, sql.placeholder('articleId'))).prepare()
  const sourceList = db.select(sourceColumns)
    .from(sources)
    .where(eq(sources.articleId, sql.placeholder('articleId')))
    .orderBy(asc(sources.position))
    .prepare()

  return {
    get (articleId: string): MetadataBody {
      return { place: place.get({ articleId }) ?? null, sources: sourceList.all({ articleId }) }
    }
  }
}

export type MetadataRepository = ReturnType<typeof metadataRepository>

export default fp(async (app: FastifyInstance) => {
  app.decorate('metadata', metadataRepository(app.db))
}, { name: 'metadata-repository', dependencies: ['database'] })
