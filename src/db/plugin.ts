// The database: opens SQLite (WAL, foreign keys on), applies the migrations, and closes it with the app.
import { mkdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { sql } from 'drizzle-orm'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import * as schema from './sqlite-schema.js'

export type Db = BetterSQLite3Database<typeof schema>

declare module 'fastify' {
  interface FastifyInstance {
    db: Db
  }
}

const migrationsFolder = fileURLToPath(new URL('../../migrations/sqlite', import.meta.url))

/** What opening did to the schema: the migrations applied now, by name, and the newest one. */
export interface Migrations { applied: string[], latest: string | undefined }

export function openDatabase (path: string): { db: Db, sqlite: Database.Database, migrations: Migrations } {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const sqlite = new Database(path)
  sqlite.pragma('journal_mode = WAL')
  // FULL: a commit is on disk before it is acknowledged, even across a power cut.
  sqlite.pragma('synchronous = FULL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  const db = drizzle(sqlite, { schema })
  const migrations = applyMigrations(db, sqlite)
  return { db, sqlite, migrations }
}

/**
 * Applies the pending migrations and names them. Drizzle records a time per migration but no
 * name, and applies those newer than the last it recorded; the journal gives their names.
 */
function applyMigrations (db: Db, sqlite: Database.Database): Migrations {
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string, when: number }[] }
  const recorded = sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get()
  const last = recorded ? Number((sqlite.prepare('select max(created_at) as at from __drizzle_migrations').get() as { at: number | null }).at ?? 0) : 0
  migrate(db, { migrationsFolder })
  return { applied: journal.entries.filter((entry) => entry.when > last).map((entry) => entry.tag), latest: journal.entries.at(-1)?.tag }
}

/** Throws unless the database answers a query. */
export function ping (db: Db) {
  db.get(sql`select 1`)
}

async function database (app: FastifyInstance, options: { path: string }) {
  const { db, sqlite, migrations } = openDatabase(options.path)
  const { applied, latest } = migrations
  app.log.info({ migrations: applied }, applied.length > 0
    ? `applied ${applied.length} migration${applied.length === 1 ? '' : 's'}: ${applied.join(', ')}`
    : `no migration to apply: the database is up to date (${latest})`)
  app.decorate('db', db)
  app.addHook('onClose', async () => { sqlite.close() })
}

export default fp(database, { name: 'database' })
