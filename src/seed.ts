// The seed article (seeds/seed-article.json): loaded once per database, on its first start, or whenever `npm run seed` asks.
import { eq } from 'drizzle-orm'
import { articleExists, insertArticle } from './articles/repository.js'
import type { Db } from './db/plugin.js'
import { seeds } from './db/sqlite-schema.js'
import { seedArticle } from './seed-article.js'

/** The name the seed article's loading is recorded under. */
const seedName = 'seed-article'

/** Inserts the seed article unless it is there already, so seeding twice leaves one article, and records that it was loaded. */
export function seed (db: Db): boolean {
  return db.transaction((tx) => {
    tx.insert(seeds).values({ name: seedName, loadedAt: new Date().toISOString() }).onConflictDoNothing().run()
    if (articleExists(tx, seedArticle.id)) return false
    insertArticle(tx, seedArticle, 'seed')
    return true
  }, { behavior: 'immediate' })
}

/**
 * Seeds a database that was never seeded: what a start does. Once loaded, the seed article
 * is the editors' like any other, and deleting it is for good.
 */
export function seedOnce (db: Db): boolean {
  return db.transaction((tx) => {
    if (tx.select({ name: seeds.name }).from(seeds).where(eq(seeds.name, seedName)).get()) return false
    return seed(tx)
  }, { behavior: 'immediate' })
}
