// The engine the tests run on (TEST_ENGINE, set by scripts/test.mjs) and a fresh database for each app a test builds.
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import type { Test } from 'tap'

export type TestEngine = 'sqlite' | 'postgres'

export const testEngine: TestEngine = engineNamed(process.env.TEST_ENGINE)

function engineNamed (value: string | undefined): TestEngine {
  if (value === undefined || value === '' || value === 'sqlite') return 'sqlite'
  if (value === 'postgres') return 'postgres'
  throw new Error(`TEST_ENGINE must be sqlite or postgres, not ${JSON.stringify(value)}`)
}

/**
 * A database URL of its own for an app built in test `t`: on SQLite a new in-memory database;
 * on PostgreSQL a new, empty database on TEST_DATABASE_URL's server, dropped when `t` ends.
 * Call it before building the app: tap runs teardowns in reverse, so the app closes first.
 */
export async function testDatabaseUrl (t: Test): Promise<string> {
  if (testEngine === 'sqlite') return ':memory:'
  const server = serverUrl()
  const name = `test_${randomBytes(8).toString('hex')}`
  await onServer(server, `CREATE DATABASE "${name}"`)
  // FORCE ends connections still open to it (an app a test did not close), so the drop cannot wait on them.
  t.teardown(() => onServer(server, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))
  const url = new URL(server)
  url.pathname = `/${name}`
  return url.href
}

/** The server the tests may create databases on. */
export function serverUrl (): string {
  const url = process.env.TEST_DATABASE_URL
  if (!url) throw new Error('TEST_ENGINE=postgres needs TEST_DATABASE_URL, a server where the tests may CREATE DATABASE: run the tests with `npm test`, which starts one')
  return url
}

/** Runs one statement on a connection of its own, closed whatever happens; bounded so a test cannot hang on it. */
export async function onServer (url: string, statement: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000, query_timeout: 30_000 })
  // A server going away mid-query is reported by query() itself; this keeps the event from crashing the test.
  client.on('error', () => {})
  try {
    await client.connect()
    return await client.query(statement)
  } finally {
    await client.end()
  }
}
