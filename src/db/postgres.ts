// PostgreSQL, for newsrooms that run several instances: a connection pool, transactions with retry, migrations under a lock.
import { AsyncLocalStorage } from 'node:async_hooks'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sql } from 'drizzle-orm'
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres'
import { migrate } from 'drizzle-orm/node-postgres/migrator'
import pg from 'pg'
import { DatabaseUnreachable, type Database, type DatabaseOptions, type Db, type Migrations } from './database.js'
import { isUnavailable, sqlStateOf } from './dialect.js'
import * as tables from './sqlite-schema.js'

export const postgresMigrationsFolder = fileURLToPath(new URL('../../migrations/postgres', import.meta.url))

// The values the SQLite column definitions the repositories share expect: a bigint (the
// change feed's position) as a number, not a string; JSON as its text, which the column
// parses itself. Set on pg's global parsers because Drizzle's driver hands every query
// those, whatever a pool is given.
pg.types.setTypeParser(pg.types.builtins.INT8, Number)
pg.types.setTypeParser(pg.types.builtins.JSON, (value: string) => value)

/** Serialization failures and deadlocks: the transaction lost a race and can simply run again. */
const retryable = new Set(['40001', '40P01'])

export async function openPostgres (url: string, options: DatabaseOptions): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    statement_timeout: options.statementTimeoutMs ?? 30_000,
    // While the server is unreachable, a request fails after this instead of waiting for ever.
    connectionTimeoutMillis: 5000
  })
  // A connection the server closed (a restart, a failover) is dropped from the pool, and the
  // next query opens another: the error is the query's to report, not the process's to die of.
  // The pool listens on its idle connections only; one lent out (between the statements of a
  // transaction) reports its loss as an event too, which nothing would hear.
  pool.on('error', () => {})
  pool.on('connect', (client) => { client.on('error', () => {}) })
  const db = drizzle({ client: pool, schema: tables }) as unknown as NodePgDatabase<typeof tables>
  let migrations: Migrations
  try {
    migrations = await applyMigrations(pool, db, nameOf(url))
  } catch (error) {
    await pool.end()
    throw unreachable(url, error) ?? error
  }
  const inWrite = new AsyncLocalStorage<Db>()
  let writing = 0

  return {
    engine: 'postgres',
    name: nameOf(url),
    db: db as unknown as Db,
    async write<T> (work: (tx: Db) => Promise<T>): Promise<T> {
      const current = inWrite.getStore()
      if (current !== undefined) return await work(current)
      writing++
      try {
        for (let attempt = 1; ; attempt++) {
          try {
            return await db.transaction((tx) => inWrite.run(tx as unknown as Db, () => work(tx as unknown as Db)))
          } catch (error) {
            if (attempt >= 5 || !retryable.has(sqlStateOf(error) ?? '')) throw error
          }
        }
      } finally {
        // Off while no write is in flight: on Node 20 an enabled AsyncLocalStorage costs every
        // promise of every read a hook (see sqlite.ts).
        if (--writing === 0) inWrite.disable()
      }
    },
    async writeStatement<T> (statement: (q: Db) => Promise<T>): Promise<T> {
      return await statement(inWrite.getStore() ?? db as unknown as Db)
    },
    async ping () {
      await db.execute(sql`select 1`)
    },
    async close () {
      await pool.end()
    },
    migrations
  }
}

/**
 * Applies the pending migrations and names them, as for SQLite. Instances starting together
 * take turns under an advisory lock, so each migration runs once.
 */
async function applyMigrations (pool: pg.Pool, db: NodePgDatabase<typeof tables>, name: string): Promise<Migrations> {
  const journal = JSON.parse(readFileSync(join(postgresMigrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string, when: number }[] }
  const client = await pool.connect()
  try {
    const version = Number((await client.query<{ version: string }>("select current_setting('server_version_num') as version")).rows[0]?.version)
    const tooOld = versionRefusal(version)
    if (tooOld !== undefined) throw new DatabaseUnreachable(`cannot use PostgreSQL at ${name}: ${tooOld}`)
    await client.query('select pg_advisory_lock(hashtext(\'news-cms migrations\'))')
    const recorded = await client.query<{ at: string | null }>("select to_regclass('drizzle.__drizzle_migrations') as at")
    const last = recorded.rows[0]?.at === null
      ? 0
      : Number((await client.query<{ at: number | null }>('select max(created_at) as at from drizzle.__drizzle_migrations')).rows[0]?.at ?? 0)
    await migrate(db, { migrationsFolder: postgresMigrationsFolder })
    return { applied: journal.entries.filter((entry) => entry.when > last).map((entry) => entry.tag), latest: journal.entries.at(-1)?.tag }
  } finally {
    await client.query('select pg_advisory_unlock(hashtext(\'news-cms migrations\'))').catch(() => undefined)
    client.release()
  }
}

/** Why a server is too old for us, if it is: the migrations and statements are written for PostgreSQL 15 and later. */
export function versionRefusal (serverVersionNum: number): string | undefined {
  if (serverVersionNum >= 150000) return undefined
  return `it is version ${Math.floor(serverVersionNum / 10000)}, and PostgreSQL 15 or later is needed`
}

/** The server and database a URL names, for messages: never its user or password. */
function nameOf (url: string): string {
  const { hostname, port, pathname } = new URL(url)
  return `${hostname}:${port || 5432}${pathname}`
}

/**
 * One line naming the server when it could not be reached or would not let us in (no such
 * database, wrong password, not accepting connections yet); any other error is a bug.
 */
function unreachable (url: string, error: unknown): DatabaseUnreachable | undefined {
  const code = sqlStateOf(error)
  const reasons = ['3D000', '28P01', '28000', '57P03', '53300']
  if (!isUnavailable(error) && !reasons.includes(code ?? '')) return undefined
  const reason = (error as Error).message || code || 'no answer'
  return new DatabaseUnreachable(`cannot reach PostgreSQL at ${nameOf(url)}: ${reason.replace(/\s+/g, ' ')}`)
}
