// The scale benchmark's articles: generated from the material by their number alone, and written straight into the tables in large batches, the search index by the app's own code.
import { sql } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import type { Database, Db } from '../db/database.js'
import { rows, writeSearchRow } from '../db/dialect.js'
import { articles, changes, places, searchDocuments, sections, sources } from '../db/sqlite-schema.js'
import { slugify } from '../articles/slug.js'
import { matchKey } from '../metadata/match-key.js'
import { searchFields, searchTerms, type SearchedArticle } from '../search/texts.js'
import { headings, places as placeMaterial, rareSentences, sentences, sources as sourceMaterial, titleParts, type Language } from './bench-scale-material.js'

/** One article in ten thousand carries the rare word. */
export const rareEvery = 10_000
const languages: Language[] = ['ar', 'de', 'en']
// Publication times are spread over ten years up to the start of 2026.
const firstTime = Date.parse('2016-01-01T00:00:00.000Z')
const lastTime = Date.parse('2026-01-01T00:00:00.000Z')

/** A small, fast pseudo-random sequence (mulberry32): the same article for the same number, every run. */
function randomFor (seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6D2B79F5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface GeneratedArticle {
  id: string
  slug: string
  title: string
  language: Language
  publishedAt: string
  place: typeof placeMaterial[number]
  source: typeof sourceMaterial[number]
  sections: Array<{ id: string, position: number, heading: string | null, blocks: Array<{ type: 'paragraph', text: string }> }>
}

/**
 * Article number `n` (from 0): a language, a title of three parts, 3 to 8 paragraphs of 2 to 4
 * sentences drawn from its language's material (in two or three sections, the later ones with
 * a heading), a place, a source, a publication time in the ten years; the rare word's sentence
 * in one article in `rareEvery`.
 */
export function articleAt (n: number): GeneratedArticle {
  const random = randomFor(n * 2654435761 + 1)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T
  const language = languages[n % languages.length] as Language
  const [subjects, topics, settings] = titleParts[language]
  const title = `${pick(subjects)}: ${pick(topics)} ${pick(settings)}`
  const time = firstTime + Math.floor(random() * (lastTime - firstTime))
  const paragraphs = Array.from({ length: 3 + Math.floor(random() * 6) }, () =>
    Array.from({ length: 2 + Math.floor(random() * 3) }, () => pick(sentences[language])).join(' '))
  if (n % rareEvery === rareEvery / 2) paragraphs[paragraphs.length - 1] += ` ${rareSentences[language]}`
  const sectionCount = paragraphs.length >= 5 ? 3 : 2
  const perSection = Math.ceil(paragraphs.length / sectionCount)
  const articleSections = Array.from({ length: sectionCount }, (_, index) => ({
    id: uuidv7({ msecs: time }),
    position: index + 1,
    heading: index === 0 ? null : pick(headings[language]),
    blocks: paragraphs.slice(index * perSection, (index + 1) * perSection).map((text) => ({ type: 'paragraph' as const, text }))
  })).filter((section) => section.blocks.length > 0)
  return {
    id: uuidv7({ msecs: time }),
    // The number keeps slugs unique, as the app's own suffix would.
    slug: `${slugify(title)}-${n}`,
    title,
    language,
    publishedAt: new Date(time).toISOString(),
    place: pick(placeMaterial),
    source: pick(sourceMaterial),
    sections: articleSections
  }
}

/** The article as search reads it, for src/search/texts.ts. */
function searched (article: GeneratedArticle): SearchedArticle {
  return {
    title: article.title,
    sections: article.sections,
    metadata: { place: { ...article.place, names: {} }, sources: [{ id: article.id, url: null, ...article.source }] },
    authors: [],
    topics: [],
    image: null,
    pictures: []
  }
}

/** Inserts rows a chunk at a time: one statement may hold at most 32,766 parameters on SQLite and 65,535 on PostgreSQL. */
async function insertAll<T extends Record<string, unknown>> (tx: Db, table: Parameters<Db['insert']>[0], values: T[]) {
  const columns = Object.keys(values[0] ?? {}).length || 1
  const chunk = Math.floor(30_000 / columns)
  for (let start = 0; start < values.length; start += chunk) {
    await tx.insert(table).values(values.slice(start, start + chunk) as never)
  }
}

/** Writes articles `from` to `to - 1` (numbers), `batch` per transaction, with their sections, place, source, change and search entry. */
export async function generateArticles (database: Database, from: number, to: number, options: { batch?: number, progress?: (done: number) => void } = {}): Promise<void> {
  const batch = options.batch ?? 2000
  // A page cache of 1 GiB for the load (SQLite's default is 2 MiB): the keys are random (UUIDs), and
  // at a million articles their indexes no longer fit the default, so every insert would read pages again.
  if ('connections' in database) (database.connections as { writer: { pragma: (statement: string) => unknown } }).writer.pragma('cache_size = -1048576')
  for (let start = from; start < to; start += batch) {
    const generated = Array.from({ length: Math.min(batch, to - start) }, (_, index) => articleAt(start + index))
    await database.write(async (tx) => {
      await insertAll(tx, articles, generated.map((article) => ({
        id: article.id,
        slug: article.slug,
        title: article.title,
        language: article.language,
        originalLanguage: null,
        direction: article.language === 'ar' ? 'rtl' : 'ltr',
        status: 'published',
        publishedAt: article.publishedAt,
        firstPublishedAt: article.publishedAt,
        createdAt: article.publishedAt,
        updatedAt: article.publishedAt,
        version: 1,
        listed: true,
        credit: null,
        imageId: null,
        imageCaption: null
      })))
      await insertAll(tx, sections, generated.flatMap((article) => article.sections.map((section) => ({ ...section, articleId: article.id }))))
      await insertAll(tx, places, generated.map(({ id, place }) => ({ articleId: id, ...place, localityKey: matchKey(place.locality) })))
      await insertAll(tx, sources, generated.map(({ id, source }) => ({ id: uuidv7(), articleId: id, position: 1, name: source.name, url: null, publisher: source.publisher, nameKey: matchKey(source.name), publisherKey: matchKey(source.publisher) })))
      await insertAll(tx, changes, generated.map((article) => ({ type: 'article.published', articleId: article.id, commentId: null, version: 1, at: article.publishedAt })))
      const documents = new Map<string, number>()
      for (let index = 0; index < generated.length; index += 1000) {
        const inserted = await tx.insert(searchDocuments).values(generated.slice(index, index + 1000).map((article) => ({ articleId: article.id }))).returning({ id: searchDocuments.id, articleId: searchDocuments.articleId })
        for (const row of inserted) documents.set(row.articleId, row.id)
      }
      // The index row as the app writes it (src/search/repository.ts indexArticle).
      for (const article of generated) {
        const terms = searchTerms(searched(article))
        await writeSearchRow(tx, documents.get(article.id) as number, searchFields.map((field) => terms[field]))
      }
    })
    options.progress?.(Math.min(start + batch, to))
  }
}

/** How many articles the database holds (the generated ones and any the app added, such as the seed). */
export async function articleCount (database: Database): Promise<number> {
  const [row] = await rows<{ count: number | string }>(database.db, sql`select count(*) as count from ${articles}`)
  return Number(row?.count ?? 0)
}
