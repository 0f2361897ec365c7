// The seed article (seeds/seed-article.json): loaded once per database, on its first start, or whenever `npm run seed` asks.
import type { FastifyBaseLogger } from 'fastify'
import { articleExists, insertArticle } from './articles/repository.js'
import type { Database, Db } from './db/database.js'
import { seeds } from './db/sqlite-schema.js'
import { seedArticle } from './seed-article.js'

/** The name the seed article's loading is recorded under. */
const seedName = 'seed-article'

/** Records that the seed was loaded; true when this write is the one that recorded it first. */
async function recordSeeding (tx: Db): Promise<boolean> {
  const recorded = await tx.insert(seeds).values({ name: seedName, loadedAt: new Date().toISOString() }).onConflictDoNothing().returning({ name: seeds.name })
  return recorded.length > 0
}

async function insertSeedArticle (tx: Db): Promise<boolean> {
  if (await articleExists(tx, seedArticle.id)) return false
  await insertArticle(tx, seedArticle, 'seed')
  return true
}

/** Inserts the seed article unless it is there already, so seeding twice leaves one article, and records that it was loaded. */
export async function seed ({ write }: Database): Promise<boolean> {
  return await write(async (tx) => {
    await recordSeeding(tx)
    return await insertSeedArticle(tx)
  })
}

/**
 * Seeds a database that was never seeded: what a start does. Once loaded, the seed article
 * is the editors' like any other, and deleting it is for good. Instances starting together
 * on one PostgreSQL database both try: the second waits on the seeds row the first wrote,
 * then finds it there and loads nothing.
 */
export async function seedOnce ({ write }: Database): Promise<boolean> {
  return await write(async (tx) => await recordSeeding(tx) && await insertSeedArticle(tx))
}

/** Says what seedOnce did, as a start logs it. */
export function logSeeding (log: Pick<FastifyBaseLogger, 'info'>, seeded: boolean) {
  log.info({ seeded }, seeded ? 'loaded the seed article' : 'seed article not loaded: this database was seeded before')
}
