// The database as a plugin: opened (and migrated) when the app starts, closed with it.
import fp from 'fastify-plugin'
import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import { openDatabase, type Database, type DatabaseOptions } from './database.js'

declare module 'fastify' {
  interface FastifyInstance {
    database: Database
  }
}

async function database (app: FastifyInstance, options: { url: string } & DatabaseOptions) {
  const database = await openDatabase(options.url, options)
  logMigrations(app.log, database)
  app.decorate('database', database)
  app.addHook('onClose', async () => { await database.close() })
}

/** Says what opening did to the schema: the start's first line about the database. */
export function logMigrations (log: Pick<FastifyBaseLogger, 'info'>, { engine, migrations: { applied, latest } }: Database) {
  log.info({ engine, migrations: applied }, applied.length > 0
    ? `applied ${applied.length} migration${applied.length === 1 ? '' : 's'}: ${applied.join(', ')}`
    : `no migration to apply: the database is up to date (${latest})`)
}

export default fp(database, { name: 'database' })
