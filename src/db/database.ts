// The database, whichever engine holds it: what repositories read with, how they write, and how it opens.
//
// Repositories are written once, against one query builder: Drizzle's SQLite one, typed as
// asynchronous. On PostgreSQL the same table objects build the same queries through Drizzle's
// PostgreSQL dialect: its tables (postgres-schema.ts) have the same names, columns and types as
// SQLite's (test/schema-parity.test.ts proves it), and its driver is set up to hand back the
// values SQLite's columns expect. Code written this way may only `await` a query or a prepared
// statement's `execute()`: better-sqlite3's synchronous `get()`, `all()` and `run()` do not
// exist on PostgreSQL, and the PostgreSQL pass of the tests would fail on them.
import { sql, type SQL } from 'drizzle-orm'
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core'
import type * as tables from './sqlite-schema.js'

export type Tables = typeof tables

/** A query builder: the database outside a transaction (committed data only), or a write transaction. */
export type Db = BaseSQLiteDatabase<'async', unknown, Tables>

export type Engine = 'sqlite' | 'postgres'

/** What opening did to the schema: the migrations applied now, by name, and the newest one. */
export interface Migrations { applied: string[], latest: string | undefined }

export interface Database {
  engine: Engine
  /** What to call the database in messages: a SQLite path, or PostgreSQL's host, port and database (never a password). */
  name: string
  /** Reads outside any write: never sees a write before it commits. */
  db: Db
  /**
   * Runs `work` in one write transaction, committed when it resolves and rolled back when it
   * throws; a `write` inside another joins it. Work that reads and then writes must lock
   * what it read (`dialect.forUpdate`): on PostgreSQL, writes from other instances run at
   * the same time. Work may be run again after a serialization failure or deadlock, so it
   * must not act outside the database.
   */
  write: <T>(work: (tx: Db) => Promise<T>) => Promise<T>
  /**
   * Runs a write of one statement, atomic by itself, as `write` would run it, but on PostgreSQL
   * outside a transaction: BEGIN and COMMIT would cost a round trip each. Inside a write, it joins it.
   */
  writeStatement: <T>(statement: (q: Db) => Promise<T>) => Promise<T>
  /** Throws unless the database answers now. */
  ping: () => Promise<void>
  close: () => Promise<void>
  migrations: Migrations
}

export interface DatabaseOptions {
  /** PostgreSQL connections per instance (default 10). */
  poolSize?: number
  /** Longest a PostgreSQL statement may run, in milliseconds, before it is cancelled (default 30000). */
  statementTimeoutMs?: number
}

/**
 * The engine a DATABASE_URL names: `:memory:` or `file:<path>` is SQLite, a `postgres:` or
 * `postgresql:` URL is PostgreSQL; anything else is refused, without the password it may hold.
 */
export function engineOf (url: string): Engine {
  if (/^postgres(ql)?:\/\//i.test(url) && URL.canParse(url)) return 'postgres'
  if (url === ':memory:' || (url.startsWith('file:') && url.length > 'file:'.length)) return 'sqlite'
  throw new Error(`DATABASE_URL must be "file:<path>", ":memory:" or "postgres://…", got "${url.replace(/\/\/[^@/]*@/, '//***@')}"`)
}

export async function openDatabase (url: string, options: DatabaseOptions = {}): Promise<Database> {
  if (engineOf(url) === 'postgres') {
    const { openPostgres } = await import('./postgres.js')
    return await openPostgres(url, options)
  }
  const { openSqlite } = await import('./sqlite.js')
  return openSqlite(url === ':memory:' || url === 'file::memory:' ? ':memory:' : url.slice('file:'.length))
}

/** A database that could not be reached when the app started: its message is one line, naming the server. */
export class DatabaseUnreachable extends Error {}

/** The database, or the end of the process with one line on stderr saying which server could not be reached. */
export async function openDatabaseOrExit (url: string, options: DatabaseOptions = {}): Promise<Database> {
  try {
    return await openDatabase(url, options)
  } catch (error) {
    exitIfUnreachable(error)
    throw error
  }
}

/** Ends the process with the one line a DatabaseUnreachable carries; anything else is left to the caller. */
export function exitIfUnreachable (error: unknown) {
  if (!(error instanceof DatabaseUnreachable)) return
  process.stderr.write(`Database error: ${error.message}\n`)
  process.exit(1)
}

/** The first row of a result, if any. */
export function first<T> (rows: T[]): T | undefined {
  return rows[0]
}

/**
 * Statements prepared once per query builder: the reader's for good, a transaction's for as
 * long as it lasts (on SQLite every write shares one). A statement prepared on the reader
 * must not run inside a write: it would not see the write's own changes.
 */
export function preparedFor<T> (prepare: (q: Db) => T): (q: Db) => T {
  const cache = new WeakMap<Db, T>()
  return (q) => {
    let statements = cache.get(q)
    if (statements === undefined) {
      statements = prepare(q)
      cache.set(q, statements)
    }
    return statements
  }
}

/**
 * A condition judged on the rows another condition found, written so that no index answers
 * it: a planner that could use an index for it may prefer that index, and read many rows by it,
 * to the one index that finds the few rows the query is about.
 */
export const onFoundRows = (condition: SQL | undefined): SQL => sql`(case when ${condition} then 1 else 0 end) = 1`
