// `npm run seed`: loads the seed article into the configured database, unless it is there; also one whose first start loaded it and that deleted it since.
import { loadConfigOrExit } from '../config.js'
import { openDatabaseOrExit } from '../db/database.js'
import { seed } from '../seed.js'

const { databaseUrl, database: options } = loadConfigOrExit()
const database = await openDatabaseOrExit(databaseUrl, options)
try {
  console.log(await seed(database) ? `Seeded ${database.name}.` : `${database.name} already holds the seed article.`)
} finally {
  await database.close()
}
