// Test helpers for the partner formats: the public base URL of the tests, the seed's text as the source page has it, and HTML read back.
import pg from 'pg'
import type { App } from '../src/app.js'
import { addArticle, bearer, readShared, tokenFor } from './helper.js'

/** The PUBLIC_BASE_URL the format tests build their apps with. */
export const baseUrl = 'https://news.example.org'

/** The seed article's body in ../shared/seed-article.txt: headings and paragraphs between the title (twice) and the Details block. */
export function seedBodyFromSource (): string {
  const source = readShared('seed-article.txt')
  const [title] = source.split('\n\n')
  const start = `${title}\n\n${title}\n\n`
  if (title === undefined || !source.startsWith(start)) throw new Error('the source page no longer starts with its title twice')
  return source.slice(start.length, source.indexOf('\n\nDetails\n'))
}

const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': '\'' }

/** The texts of an article's HTML, heading and paragraph elements in order, unescaped. */
export function htmlTexts (html: string): string[] {
  return [...html.matchAll(/<(h2|p)>(.*?)<\/\1>/gs)].map((match) => (match[2] ?? '').replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => entities[entity] ?? entity))
}

/**
 * Counts the SQL statements run while `action` runs: on SQLite every run, get, all and
 * iterate of every prepared statement; on PostgreSQL every query sent by any client.
 */
export async function countStatements (app: App, action: () => Promise<unknown>): Promise<number> {
  const prototype = app.database.engine === 'postgres'
    ? pg.Client.prototype as unknown as Record<string, (...args: unknown[]) => unknown>
    : Object.getPrototypeOf((app.database.db as unknown as { $client: { prepare: (sql: string) => object } }).$client.prepare('select 1')) as Record<string, (...args: unknown[]) => unknown>
  const methods = app.database.engine === 'postgres' ? ['query'] : ['run', 'get', 'all', 'iterate']
  const originals = Object.fromEntries(methods.map((name) => [name, prototype[name]]))
  let count = 0
  for (const name of methods) {
    const original = originals[name]
    prototype[name] = function (this: unknown, ...args: unknown[]) {
      count++
      return original?.apply(this, args)
    }
  }
  try {
    await action()
  } finally {
    for (const name of methods) {
      const original = originals[name]
      if (original) prototype[name] = original
    }
  }
  return count
}

/**
 * An article first published long ago (as stored), then unpublished and published again
 * through the API: returns its first publication and the article as republished.
 */
export async function republishedArticle (app: App) {
  // Created (as a draft) well before its first publication, which is what partners date it by.
  const first = await addArticle(app, { title: 'Back again', language: 'en', createdAt: '2025-12-01T00:00:00.000Z' })
  const editor = bearer(await tokenFor(app, 'editor'))
  const url = `/v1/articles/${first.id}`
  const etag = String((await app.inject({ method: 'GET', url })).headers.etag)
  const unpublished = await app.inject({ method: 'POST', url: `${url}/unpublish`, headers: { ...editor, 'if-match': etag } })
  const republished = await app.inject({ method: 'POST', url: `${url}/publish`, headers: { ...editor, 'if-match': String(unpublished.headers.etag) } })
  if (republished.statusCode !== 200) throw new Error(`republishing failed: ${republished.statusCode} ${republished.body}`)
  const article = republished.json() as { id: string, publishedAt: string, firstPublishedAt: string, updatedAt: string }
  return { firstPublishedAt: first.publishedAt as string, article }
}
