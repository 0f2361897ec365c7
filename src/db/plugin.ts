// The database as a plugin: opened (and migrated) when the app starts, closed with it.
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { openDatabase, type Database, type DatabaseOptions } from './database.js'

declare module 'fastify' {
  interface FastifyInstance {
    database: Database
  }
}

async function database (app: FastifyInstance, options: { url: string } & DatabaseOptions) {
  const database = await openDatabase(options.url, options)
  const { applied, latest } = database.migrations
  app.log.info({ engine: database.engine, migrations: applied }, applied.length > 0
    ? `applied ${applied.length} migration${applied.length === 1 ? '' : 's'}: ${applied.join(', ')}`
    : `no migration to apply: the database is up to date (${latest})`)
  app.decorate('database', database)
  app.addHook('onClose', async () => { await database.close() })
}

export default fp(database, { name: 'database' })
