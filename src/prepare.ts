// A database made ready to serve without serving it: migrated and seeded once, by a cluster's
// primary before it forks its workers, so that they start on a database that is up to date.
import type { FastifyBaseLogger } from 'fastify'
import { logMigrations } from './db/plugin.js'
import { openDatabase, type DatabaseOptions } from './db/database.js'
import { logSeeding, seedOnce } from './seed.js'

export async function prepareDatabase (url: string, options: DatabaseOptions, log: Pick<FastifyBaseLogger, 'info'>): Promise<void> {
  const database = await openDatabase(url, options)
  try {
    logMigrations(log, database)
    logSeeding(log, await seedOnce(database))
  } finally {
    await database.close()
  }
}
