// `npm run seed`: loads the seed article into the configured database, unless it is there; also one whose first start loaded it and that deleted it since.
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
