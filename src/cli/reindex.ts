// `npm run reindex`: indexes every article and comment of the configured database for search again, in place (search keeps answering), with a progress bar on a terminal.
import { articlesRepository } from '../articles/repository.js'
import { loadConfigOrExit } from '../config.js'
import { openDatabaseOrExit } from '../db/database.js'
import { metadataRepository } from '../metadata/repository.js'
import { indexSearch } from '../search/catch-up.js'
import { sectionsRepository } from '../sections/repository.js'

const { databaseUrl, database: options, publicBaseUrl, search } = loadConfigOrExit()
const database = await openDatabaseOrExit(databaseUrl, options)
const articles = articlesRepository(database, { sections: sectionsRepository(database.db), metadata: metadataRepository(database.db) }, { publicBaseUrl, search })

let tenthsShown = -1

/** A bar redrawn in place on a terminal; elsewhere (a log, CI) a line at every tenth. */
function progress (done: number, total: number) {
  const share = total === 0 ? 1 : done / total
  if (process.stderr.isTTY) {
    const width = 30
    const filled = Math.round(share * width)
    process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} articles`)
    if (done === total) process.stderr.write('\n')
  } else if (Math.floor(share * 10) > tenthsShown) {
    tenthsShown = Math.floor(share * 10)
    process.stderr.write(`${done}/${total} articles\n`)
  }
}

try {
  const started = Date.now()
  const indexed = await indexSearch({ database, articles }, { missingOnly: false, progress })
  console.log(`Indexed ${indexed.articles} articles and ${indexed.comments} comments of ${database.name} in ${((Date.now() - started) / 1000).toFixed(1)} s.`)
} finally {
  await database.close()
}
