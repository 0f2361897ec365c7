// `npm run seed`: loads the seed article into the configured database, once.
import { loadConfig } from '../config.js'
import { openDatabase } from '../db/plugin.js'
import { seed } from '../seed.js'

const { databasePath } = loadConfig()
const { db, sqlite } = openDatabase(databasePath)
try {
  console.log(seed(db) ? `Seeded ${databasePath}.` : `${databasePath} already holds the seed article.`)
} finally {
  sqlite.close()
}
