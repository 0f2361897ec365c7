// `npm run seed`: loads the seed article into the configured database, unless it is there; also one whose first start loaded it and that deleted it since.
import { loadConfigOrExit } from '../config.js'
import { openDatabase } from '../db/plugin.js'
import { seed } from '../seed.js'

const { databasePath } = loadConfigOrExit()
const { db, sqlite } = openDatabase(databasePath)
try {
  console.log(seed(db) ? `Seeded ${databasePath}.` : `${databasePath} already holds the seed article.`)
} finally {
  sqlite.close()
}
