// What caches are told about anything an article shows: when it last changed and which key purges it.
import type { FastifyReply } from 'fastify'
import { lastModified, surrogateKey, surrogateKeys } from '../plugins/caching.js'
import type { ArticleState } from './repository.js'

/**
 * The article, its sections and metadata change with its version (`updatedAt`), when its
 * publication time comes, and when its comments do (the feed's last change of it).
 */
export function describeArticle (reply: FastifyReply, article: ArticleState, ...extraKeys: string[]) {
  lastModified(reply, article.updatedAt, article.status === 'published' ? article.publishedAt : null, article.lastChangeAt)
  surrogateKeys(reply, [surrogateKey.article(article.id), ...extraKeys])
}
