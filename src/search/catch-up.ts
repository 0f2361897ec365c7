// Bringing the search index up to the articles and comments: those it does not hold yet (written before search existed) at every start, or all of them (`npm run reindex`).
import type { ArticlesRepository } from '../articles/repository.js'
import type { Database } from '../db/database.js'
import { articlesToIndex, articlesToIndexCount, indexArticle, indexComments } from './repository.js'

/** Articles (or comments) indexed per write: each batch commits on its own, so a long run never holds the database for long. */
const batchSize = 100

export interface Indexing {
  database: Database
  articles: Pick<ArticlesRepository, 'get'>
}

/**
 * Indexes the articles and comments, a batch per write, in id order: all of them, or only
 * those the index does not hold. Each article is read and indexed inside the same write, so
 * a change committed meanwhile is never overwritten by an older reading, and search goes on
 * answering throughout. Reports how many articles are done after each batch.
 */
export async function indexSearch ({ database, articles }: Indexing, options: { missingOnly: boolean, progress?: (done: number, total: number) => void }): Promise<{ articles: number, comments: number }> {
  const { missingOnly } = options
  const total = await articlesToIndexCount(database.db, missingOnly)
  let done = 0
  for (let afterId = ''; ;) {
    const from = afterId
    const ids = await database.write(async (tx) => {
      const batch = await articlesToIndex(tx, { missingOnly, afterId: from, limit: batchSize })
      for (const id of batch) await indexArticle(tx, await articles.get(id, 'editorial', tx))
      return batch
    })
    if (ids.length === 0) break
    afterId = ids.at(-1) as string
    done += ids.length
    options.progress?.(done, Math.max(total, done))
  }
  let comments = 0
  for (let afterId = ''; ;) {
    const from = afterId
    const ids = await database.write(async (tx) => await indexComments(tx, { missingOnly, afterId: from, limit: batchSize }))
    if (ids.length === 0) break
    afterId = ids.at(-1) as string
    comments += ids.length
  }
  return { articles: done, comments }
}
