// Helpers for tests of several server processes on one database: starting them, calling them over HTTP, reading the feed, receiving webhooks.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { Test } from 'tap'
import { testDatabaseUrl, testEngine } from './databases.js'
import { adminToken } from './helper.js'

/**
 * One database for several processes: on PostgreSQL a fresh database; on SQLite a fresh file
 * (not `:memory:`, which each process would have to itself).
 */
export async function sharedDatabaseUrl (t: Test): Promise<string> {
  if (testEngine === 'postgres') return await testDatabaseUrl(t)
  const directory = mkdtempSync(join(tmpdir(), 'cms-instances-'))
  t.teardown(() => rmSync(directory, { recursive: true, force: true }))
  return `file:${join(directory, 'cms.db')}`
}

export interface Instance {
  name: string
  origin: string
  child: ChildProcess
  exited: Promise<number | null>
}

/** The settings every instance of these tests shares: comments approved at once and not limited, webhooks quick to a local receiver. */
export const instanceEnv = {
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'info',
  CMS_ADMIN_TOKEN: adminToken,
  COMMENTS_AUTO_APPROVE: 'true',
  COMMENT_RATE_LIMIT: '100000',
  WEBHOOKS_ALLOW_PRIVATE: 'true',
  WEBHOOKS_TIMEOUT_MS: '1000',
  WEBHOOKS_RETRY_BASE_MS: '200'
}

/** Starts `src/server.ts` as its own process on `databaseUrl`, and resolves once it listens. */
export async function startInstance (t: Test, name: string, databaseUrl: string, env: Record<string, string> = {}): Promise<Instance> {
  const child = spawn(process.execPath, [...process.execArgv, 'src/server.ts'], {
    env: { ...process.env, ...instanceEnv, DATABASE_URL: databaseUrl, ...env },
    stdio: ['ignore', 'pipe', 'inherit']
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  // Should the test process crash, its teardowns do not run: the instance must not outlive it.
  const orphaned = () => child.kill('SIGKILL')
  process.on('exit', orphaned)
  void exited.then(() => process.off('exit', orphaned))
  // Stopped before the database is dropped: tap runs teardowns in reverse order.
  t.teardown(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    await exited
  })
  const origin = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const listening = /"msg":"Server listening at (http:\/\/127\.0\.0\.1:\d+)"/.exec(line)
      if (listening?.[1]) resolve(listening[1])
      // Errors an instance logs are the first clue when a check below fails.
      if (/^\{"level":(50|60)/.test(line)) console.error(`instance ${name}: ${line}`)
    })
    child.on('exit', (code) => reject(new Error(`instance ${name} exited with ${code} before listening`)))
  })
  return { name, origin, child, exited }
}

/** Two instances on one database, started at the same time as a deployment would. */
export async function startPair (t: Test, databaseUrl: string, env: Record<string, string> = {}): Promise<[Instance, Instance]> {
  const [a, b] = await Promise.all([startInstance(t, 'a', databaseUrl, env), startInstance(t, 'b', databaseUrl, env)])
  return [a, b]
}

export interface Answer {
  status: number
  etag: string
  body: any
}

/** One request as the admin (or anonymously), answered or thrown (the connection failed). */
export async function call (instance: Instance, method: string, path: string, options: { body?: object, ifMatch?: string, anonymous?: boolean } = {}): Promise<Answer> {
  const headers: Record<string, string> = {}
  if (!options.anonymous) headers.authorization = `Bearer ${adminToken}`
  if (options.ifMatch !== undefined) headers['if-match'] = options.ifMatch
  if (options.body !== undefined) headers['content-type'] = 'application/json'
  const response = await fetch(`${instance.origin}${path}`, { method, headers, ...(options.body !== undefined && { body: JSON.stringify(options.body) }) })
  const text = await response.text()
  return { status: response.status, etag: response.headers.get('etag') ?? '', body: text === '' ? undefined : JSON.parse(text) }
}

/** The same request, which must succeed with `status`. */
export async function must (instance: Instance, status: number, method: string, path: string, options: Parameters<typeof call>[3] = {}): Promise<Answer> {
  const answer = await call(instance, method, path, options)
  if (answer.status !== status) throw new Error(`${method} ${path} on ${instance.name}: ${answer.status}, not ${status}: ${JSON.stringify(answer.body)}`)
  return answer
}

export interface Change { seq: number, type: string, articleId: string, commentId: string | null, version: number | null }

/** A change as a partner tells it apart: what happened to which article (or comment) at which version. */
export const changeKey = (change: Pick<Change, 'type' | 'articleId' | 'commentId' | 'version'>) =>
  `${change.type} ${change.articleId} ${change.commentId ?? '-'} v${change.version ?? '-'}`

/** One page of the feed after `since` (from the start without it). */
export async function changesPage (instance: Instance, since?: string): Promise<{ data: Change[], nextCursor: string, caughtUp: boolean }> {
  const query = since === undefined ? '?limit=1000' : `?limit=1000&since=${encodeURIComponent(since)}`
  return (await must(instance, 200, 'GET', `/v1/changes${query}`, { anonymous: true })).body
}

/** The whole feed after `since`, following nextCursor to the end. */
export async function feedAfter (instance: Instance, since?: string): Promise<{ changes: Change[], cursor: string }> {
  const changes: Change[] = []
  let cursor = since
  for (;;) {
    const page = await changesPage(instance, cursor)
    changes.push(...page.data)
    cursor = page.nextCursor
    if (page.caughtUp) return { changes, cursor }
  }
}

/** The articles the API lists publicly, by id, with the version each one reads at. */
export async function publicVersions (instance: Instance): Promise<Map<string, number>> {
  const ids: string[] = []
  let cursor: string | undefined
  do {
    const page = (await must(instance, 200, 'GET', `/v1/articles?limit=100${cursor === undefined ? '' : `&cursor=${encodeURIComponent(cursor)}`}`, { anonymous: true })).body
    ids.push(...page.data.map((article: { id: string }) => article.id))
    cursor = page.nextCursor ?? undefined
  } while (cursor !== undefined)
  const versions = new Map<string, number>()
  for (const id of ids) versions.set(id, (await must(instance, 200, 'GET', `/v1/articles/${id}`, { anonymous: true })).body.version)
  return versions
}

/** What a partner replaying the feed from the start believes is public: each article's last word, and its version. */
export function replay (changes: Change[]): Map<string, number> {
  const published = new Map<string, number>()
  for (const change of changes) {
    if (change.type === 'article.published' || change.type === 'article.updated') published.set(change.articleId, change.version!)
    else if (change.type.startsWith('article.')) published.delete(change.articleId)
  }
  return published
}

export interface Delivery { id: string, seq: number, at: number }

/**
 * A webhook receiver on 127.0.0.1 that records every delivery (its `webhook-id`, the
 * change's seq and when it arrived) and answers 204, after `delayMs` when given (a slow receiver).
 */
export async function webhookReceiver (t: Test, delayMs = 0) {
  const received: Delivery[] = []
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      received.push({ id: header(request.headers, 'webhook-id'), seq: JSON.parse(Buffer.concat(chunks).toString('utf8')).data.seq, at: Date.now() })
      setTimeout(() => response.writeHead(204).end(), delayMs)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  }))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, received }
}

function header (headers: IncomingHttpHeaders, name: string): string {
  return String(headers[name])
}

export const allChangeTypes = ['article.published', 'article.updated', 'article.unpublished', 'article.archived', 'article.deleted', 'comment.approved', 'comment.removed']

/** Every delivery of a webhook, with its status and how many attempts it took, following the pages. */
export async function deliveryStatuses (instance: Instance, webhookId: string): Promise<Array<{ id: string, status: string, attempts: number }>> {
  const all: Array<{ id: string, status: string, attempts: number }> = []
  let cursor: string | null = null
  do {
    const page: { data: Array<{ id: string, status: string, attempts: unknown[] }>, nextCursor: string | null } = (await must(instance, 200, 'GET', `/v1/webhooks/${webhookId}/deliveries?limit=100${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`)).body
    all.push(...page.data.map(({ id, status, attempts }) => ({ id, status, attempts: attempts.length })))
    cursor = page.nextCursor
  } while (cursor !== null)
  return all
}

/** Polls until `check` gives a value, or fails after a generous cap (not a timing assertion: a bound on a hang). */
export async function waitFor<T> (check: () => Promise<T | undefined | false>, what: string, capMs = 30_000): Promise<T> {
  const deadline = Date.now() + capMs
  for (;;) {
    const value = await check()
    if (value !== undefined && value !== false) return value
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** Values that occur more than once. */
export function repeated<T> (values: T[]): T[] {
  const seen = new Set<T>()
  const twice = new Set<T>()
  for (const value of values) (seen.has(value) ? twice : seen).add(value)
  return [...twice]
}
