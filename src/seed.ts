// The seed article (seeds/seed-article.json): loaded into an empty database on first start, or by `npm run seed`.
import { readFileSync } from 'node:fs'
import { articleExists, insertArticle, type NewArticle } from './articles/repository.js'
import type { Db } from './db/plugin.js'
import type { MetadataBody } from './metadata/repository.js'

/** The seed file holds an article as written, whole: no derived direction, version or comment count. */
export type SeedArticle = Omit<NewArticle, 'direction' | 'metadata'> & { metadata: MetadataBody }

export const seedArticle: SeedArticle = JSON.parse(
  readFileSync(new URL('../seeds/seed-article.json', import.meta.url), 'utf8')
)

/** Inserts the seed article unless it is there already, so seeding twice leaves one article. */
export function seed (db: Db): boolean {
  if (articleExists(db, seedArticle.id)) return false
  insertArticle(db, seedArticle, 'seed')
  return true
}
