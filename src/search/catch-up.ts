// Bringing the search index up to the articles and comments it does not hold yet: those written before search existed, or all after `npm run reindex` emptied it.
import type { FastifyInstance } from 'fastify'
import { indexArticle, indexComments, unindexedArticles, unindexedCount } from './repository.js'

/** Articles (or comments) indexed per write: each batch commits on its own, so a long catch-up holds no lock for long. */
const batchSize = 100

/**
 * Indexes every article and comment the index does not hold, a batch per write; reports how
 * far it has come after each batch. Each article is read and indexed inside the same write,
 * so a change committed meanwhile is never overwritten by an older reading.
 */
export async function catchUpSearch (app: Pick<FastifyInstance, 'database' | 'articles'>, progress?: (done: number, total: number) => void): Promise<{ articles: number, comments: number }> {
  const { db, write } = app.database
  const total = await unindexedCount(db)
  let articles = 0
  while (true) {
    const indexed = await write(async (tx) => {
      const ids = await unindexedArticles(tx, batchSize)
      for (const id of ids) await indexArticle(tx, await app.articles.get(id, 'editorial', tx))
      return ids.length
    })
    if (indexed === 0) break
    articles += indexed
    progress?.(articles, Math.max(total, articles))
  }
  let comments = 0
  while (true) {
    const indexed = await write(async (tx) => await indexComments(tx, batchSize))
    if (indexed === 0) break
    comments += indexed
  }
  return { articles, comments }
}
