// The seed article as its file holds it (seeds/seed-article.json): loaded by the seed, and the source of the OpenAPI examples.
import { readFileSync } from 'node:fs'
import type { NewArticle } from './articles/repository.js'
import type { MetadataWrite } from './metadata/repository.js'
import type { MetadataBody } from './metadata/schemas.js'

/** The seed file holds an article as written, whole: no derived direction, version or comment count; its sources (none so far) with their ids. */
export type SeedArticle = Omit<NewArticle, 'direction' | 'metadata'> & { metadata: MetadataWrite & { sources: MetadataBody['sources'] } }

export const seedArticle: SeedArticle = JSON.parse(
  readFileSync(new URL('../seeds/seed-article.json', import.meta.url), 'utf8')
)
