// The database: opens SQLite (WAL, foreign keys on), applies the migrations, and closes it with the app.
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { sql } from 'drizzle-orm'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import * as schema from './schema.js'

export type Db = BetterSQLite3Database<typeof schema>

declare module 'fastify' {
  interface FastifyInstance {
    db: Db
  }
}

const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url))

export function openDatabase (path: string): { db: Db, sqlite: Database.Database } {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const sqlite = new Database(path)
  sqlite.pragma('journal_mode = WAL')
  // FULL: a commit is on disk before it is acknowledged, even across a power cut.
  sqlite.pragma('synchronous = FULL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  const db = drizzle(sqlite, { schema })
  migrate(db, { migrationsFolder })
  return { db, sqlite }
}

/** Throws unless the database answers a query. */
export function ping (db: Db) {
  db.get(sql`select 1`)
}

async function database (app: FastifyInstance, options: { path: string }) {
  const { db, sqlite } = openDatabase(options.path)
  app.decorate('db', db)
  app.addHook('onClose', async () => { sqlite.close() })
}

export default fp(database, { name: 'database' })
