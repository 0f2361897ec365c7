// Test helpers: a fresh app on a database of its own per test (SQLite or PostgreSQL, as TEST_ENGINE says), and fixtures written the way the app writes them.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { v7 as uuidv7 } from 'uuid'
import type { Test } from 'tap'
import { buildApp, type App, type AppOptions } from '../src/app.js'
import { insertArticle, type NewArticle } from '../src/articles/repository.js'
import { comments } from '../src/db/sqlite-schema.js'
import type { Document } from 'openapi-backend'
import { contractFor, recordExchanges, type Contract } from './contract.js'
import { testDatabaseUrl } from './databases.js'

/** The admin secret the test apps accept, as CMS_ADMIN_TOKEN would set it. */
export const adminToken = 'test-admin-token-0123456789abcdef0123456789'

/**
 * Builds an app whose every exchange (inject or real HTTP) is checked against the OpenAPI
 * document it serves: a disagreement fails the test that caused it.
 */
export async function build (t: Test, options: Partial<AppOptions> = {}): Promise<App> {
  let contract: Contract | undefined
  const watch = recordExchanges((exchange) => {
    for (const violation of contract?.check(exchange) ?? []) t.fail(`OpenAPI contract: ${violation}`)
  })
  // Tests post many comments from one address; the rate limit has tests of its own.
  const databaseUrl = options.databaseUrl ?? await testDatabaseUrl(t)
  // Pictures go to a directory of the app's own, removed with it.
  const mediaDir = mkdtempSync(join(tmpdir(), 'cms-media-'))
  t.teardown(() => rmSync(mediaDir, { recursive: true, force: true }))
  const app = await buildApp({ databaseUrl, adminToken, commentRateLimit: 1000, ...options, media: { dir: mediaDir, ...options.media }, plugins: [watch, ...options.plugins ?? []] })
  t.teardown(() => app.close())
  await app.ready()
  contract = await contractFor(app.swagger() as Document)
  return app
}

export const seedId = '0195c04c-9800-7843-93ad-d8c489d33569'
export const seedSlug = 'بوتين-وترامب-اجتماع-لوقف-إطلاق-النار-الأمل-في-أوكرانيا'

/** The shared project material next to the repository, where CI and developers have it. */
const sharedFolder = new URL('../../shared/', import.meta.url)

/** Why a test of ../shared/<name> skips, or false when the file is there. */
export function sharedMissing (name: string): string | false {
  return existsSync(new URL(name, sharedFolder)) ? false : `../shared/${name} is absent (a clone outside the workplace)`
}

export function readShared (name: string): string {
  return readFileSync(new URL(name, sharedFolder), 'utf8')
}

let clock = Date.parse('2026-01-01T00:00:00.000Z')

/** Adds an article (published, one paragraph, no place unless given) and returns it as written. */
export async function addArticle (app: App, overrides: Partial<NewArticle> = {}): Promise<NewArticle> {
  clock += 60_000
  const at = new Date(clock).toISOString()
  const id = overrides.id ?? uuidv7()
  const article: NewArticle = {
    id,
    slug: `article-${id}`,
    title: `Article ${id}`,
    language: 'en',
    originalLanguage: null,
    status: 'published',
    publishedAt: at,
    createdAt: at,
    updatedAt: at,
    sections: [{ id: uuidv7(), heading: null, blocks: [{ type: 'paragraph', text: 'Text.' }] }],
    metadata: { place: null, sources: [] },
    ...overrides
  }
  await app.database.write((tx) => insertArticle(tx, article, 'test'))
  return article
}

export interface NewComment {
  id?: string
  articleId: string
  parentId?: string | null
  authorName?: string
  authorEmail?: string | null
  body?: string
  status?: 'pending' | 'approved' | 'rejected' | 'spam'
  createdAt?: string
}

/** Adds a comment straight to the table, in any status, at a time of the tests' choosing. */
export async function addComment (app: App, comment: NewComment) {
  clock += 1_000
  const id = comment.id ?? uuidv7()
  const row = {
    id,
    rootId: comment.parentId ?? id,
    depth: comment.parentId ? 2 : 1,
    parentId: null,
    authorName: 'Reader',
    authorEmail: 'reader@example.com',
    body: 'A comment.',
    status: 'approved' as const,
    createdAt: new Date(clock).toISOString(),
    ...comment
  }
  await app.database.write((tx) => tx.insert(comments).values(row))
  return row
}

/** A fresh token secret for a role. */
export async function tokenFor (app: App, role: 'admin' | 'editor' | 'moderator'): Promise<string> {
  return (await app.tokens.create(`${role} of the tests`, role)).token
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

/** Creates a draft through the API as an editor, and returns it with its ETag. */
export async function createDraft (app: App, token: string, payload: Record<string, unknown> = {}) {
  const response = await app.inject({
    method: 'POST',
    url: '/v1/articles',
    headers: bearer(token),
    payload: { title: 'Ceasefire talks', language: 'en', ...payload }
  })
  if (response.statusCode !== 201) throw new Error(`creating a draft failed: ${response.statusCode} ${response.body}`)
  return { article: response.json(), etag: String(response.headers.etag) }
}

/** Adds `count` articles one after the other, each as addArticle would, and returns them in order. */
export async function addArticles (app: App, count: number, overrides: Partial<NewArticle> | ((index: number) => Partial<NewArticle>) = {}): Promise<NewArticle[]> {
  const added: NewArticle[] = []
  for (let index = 0; index < count; index++) added.push(await addArticle(app, typeof overrides === 'function' ? overrides(index) : overrides))
  return added
}
