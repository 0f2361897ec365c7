// All SQL about metadata: an article's place (Ort) and its ordered sources (Quellen).
import { asc, eq, sql } from 'drizzle-orm'
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Static } from 'typebox'
import type { Db } from '../db/plugin.js'
import { places, sources } from '../db/schema.js'
import type { Metadata } from './schemas.js'

declare module 'fastify' {
  interface FastifyInstance {
    metadata: MetadataRepository
  }
}

export type MetadataBody = Static<typeof Metadata>

/** Writes an article's place and sources, sources numbered in the order given; the caller owns the transaction. */
export function insertMetadata (db: Db, articleId: string, metadata: MetadataBody) {
  if (metadata.place) db.insert(places).values({ articleId, ...metadata.place }).run()
  if (metadata.sources.length > 0) {
    db.insert(sources).values(metadata.sources.map((source, index) => ({ ...source, articleId, position: index + 1 }))).run()
  }
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
  const sourceList = db.select({ id: sources.id, name: sources.name, url: sources.url, publisher: sources.publisher })
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
