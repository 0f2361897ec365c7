// The seed article (seeds/seed-article.json): loaded into an empty database on first start, or by `npm run seed`.
import { articleExists, insertArticle } from './articles/repository.js'
import type { Db } from './db/plugin.js'
import { seedArticle } from './seed-article.js'

/** Inserts the seed article unless it is there already, so seeding twice leaves one article. */
export function seed (db: Db): boolean {
  if (articleExists(db, seedArticle.id)) return false
  insertArticle(db, seedArticle, 'seed')
  return true
}
