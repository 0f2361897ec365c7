// All SQL about topics: their own rows, the topics articles show, and which articles show which.
import { asc, eq, inArray, or, sql } from 'drizzle-orm'
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Static } from 'typebox'
import { v7 as uuidv7 } from 'uuid'
import { first, type Db } from '../db/database.js'
import { forUpdate } from '../db/dialect.js'
import { articleTopics, articles, topics } from '../db/sqlite-schema.js'
import { checkLinkedIds, uniqueSlugs } from '../db/unique-slugs.js'
import { NameTaken, TopicNotFound, stillShown, type ArticleRef } from '../errors.js'
import { holdToVersion } from '../etags.js'
import { cutPage, decodeCursor } from '../pagination.js'
import type { ArticleTopicBody, NewTopic, TopicBody, TopicPatch } from './schemas.js'

declare module 'fastify' {
  interface FastifyInstance {
    topics: TopicsRepository
  }
}

type Row = typeof topics.$inferSelect

/** A write to an existing topic: which one, the If-Match its writer sent, and who writes. */
export interface TopicWrite { ref: string, ifMatch: string | undefined, author: string }

const byRef = or(eq(topics.id, sql.placeholder('ref')), eq(topics.slug, sql.placeholder('ref')))

/** The topics of articles, in order, by article id, in one query however many articles. */
export async function topicsFor (q: Db, articleIds: readonly string[]): Promise<Map<string, ArticleTopicBody[]>> {
  const found = new Map<string, ArticleTopicBody[]>()
  if (articleIds.length === 0) return found
  const rows = await q.select({ articleId: articleTopics.articleId, id: topics.id, slug: topics.slug, names: topics.names, mediaTopic: topics.mediaTopic })
    .from(articleTopics)
    .innerJoin(topics, eq(topics.id, articleTopics.topicId))
    .where(inArray(articleTopics.articleId, [...new Set(articleIds)]))
    .orderBy(asc(articleTopics.articleId), asc(articleTopics.position))
  for (const { articleId, ...topic } of rows) {
    const list = found.get(articleId) ?? []
    list.push(topic)
    found.set(articleId, list)
  }
  return found
}

export async function setArticleTopics (tx: Db, articleId: string, ids: readonly string[], field = '/topics') {
  await checkLinkedIds(tx, topics, ids, field, 'topic')
  await tx.delete(articleTopics).where(eq(articleTopics.articleId, articleId))
  if (ids.length > 0) await tx.insert(articleTopics).values(ids.map((topicId, index) => ({ articleId, position: index + 1, topicId })))
}

/** The articles that show a topic, by the index of exactly that. */
async function articlesShowing (q: Db, topicId: string): Promise<ArticleRef[]> {
  return await q.select({ id: articles.id, slug: articles.slug })
    .from(articleTopics)
    .innerJoin(articles, eq(articles.id, articleTopics.articleId))
    .where(eq(articleTopics.topicId, topicId))
    .orderBy(asc(articles.id))
}

const slugs = uniqueSlugs(topics, (slug) => new NameTaken('topic', slug))

function topicOf (row: Row): TopicBody {
  return { id: row.id, slug: row.slug, names: row.names, mediaTopic: row.mediaTopic, version: row.version, createdAt: row.createdAt, updatedAt: row.updatedAt }
}

export function topicsRepository (app: FastifyInstance) {
  const { db, write } = app.database
  const listStart = db.select().from(topics).orderBy(asc(topics.createdAt), asc(topics.id)).limit(sql.placeholder('limit')).prepare()
  const listAfter = db.select().from(topics)
    .where(sql`(${topics.createdAt}, ${topics.id}) > (${sql.placeholder('afterAt')}, ${sql.placeholder('afterId')})`)
    .orderBy(asc(topics.createdAt), asc(topics.id))
    .limit(sql.placeholder('limit'))
    .prepare()
  const one = db.select().from(topics).where(byRef).prepare()

  async function lock (tx: Db, ref: string): Promise<Row> {
    const row = first(await forUpdate(tx.select().from(topics).where(or(eq(topics.id, ref), eq(topics.slug, ref)))))
    if (!row) throw new TopicNotFound(ref)
    return row
  }

  return {
    /** Topics, oldest first, from after the cursor. */
    async list (page: { limit: number, cursor?: string | undefined }) {
      const list = 'topics'
      let rows: Row[]
      if (page.cursor === undefined) {
        rows = await listStart.execute({ limit: page.limit + 1 })
      } else {
        const [afterAt, afterId] = decodeCursor(list, page.cursor, 2)
        rows = await listAfter.execute({ limit: page.limit + 1, afterAt, afterId })
      }
      const { page: data, nextCursor } = cutPage(rows, page.limit, list, (row) => [row.createdAt, row.id])
      return { data: data.map(topicOf), nextCursor }
    },

    /** One topic by id or slug; 404 when there is none. */
    async get (ref: string): Promise<TopicBody> {
      const row = first(await one.execute({ ref }))
      if (!row) throw new TopicNotFound(ref)
      return topicOf(row)
    },

    /** The id of the topic a ref names, if any. */
    async idOf (ref: string): Promise<string | undefined> {
      return first(await one.execute({ ref }))?.id
    },

    /** Adds a topic, with a slug made from its names when none is given. */
    async create (input: Static<typeof NewTopic>): Promise<TopicBody> {
      return await slugs.guard(() => input.slug, () => write(async (tx) => {
        await slugs.check(tx, input.slug)
        const at = new Date().toISOString()
        const [row] = await tx.insert(topics).values({
          id: uuidv7(),
          // Made from the English name, else the first.
          slug: input.slug ?? await slugs.free(tx, input.names.en ?? Object.values(input.names)[0] ?? ''),
          names: input.names,
          mediaTopic: input.mediaTopic ?? null,
          version: 1,
          createdAt: at,
          updatedAt: at
        }).returning() as [Row]
        return topicOf(row)
      }))
    },

    /**
     * Changes a topic, held to If-Match. Everything a topic has is shown by its articles, so
     * when it changes, every article that shows it moves on in the same write (a new version and revision,
     * and an `article.updated` for the public ones). Returns the topic and those articles' ids.
     */
    async update ({ ref, ifMatch, author }: TopicWrite, patch: Static<typeof TopicPatch>): Promise<{ topic: TopicBody, articleIds: string[] }> {
      return await slugs.guard(() => patch.slug, () => write(async (tx) => {
        const current = await lock(tx, ref)
        holdToVersion(ifMatch, current, 'topic')
        await slugs.check(tx, patch.slug, current.id)
        const [row] = await tx.update(topics)
          .set({ ...patch, version: current.version + 1, updatedAt: new Date().toISOString() })
          .where(eq(topics.id, current.id))
          .returning() as [Row]
        const shown = (topic: Row) => JSON.stringify([topic.slug, topic.names, topic.mediaTopic])
        const articleIds = shown(row) === shown(current) ? [] : (await articlesShowing(tx, current.id)).map((article) => article.id)
        await app.articles.refresh(tx, articleIds, author)
        return { topic: topicOf(row), articleIds }
      }))
    },

    /** Deletes a topic, held to If-Match; 409 naming the articles while any shows it. */
    async remove ({ ref, ifMatch }: TopicWrite) {
      await write(async (tx) => {
        const current = await lock(tx, ref)
        holdToVersion(ifMatch, current, 'topic')
        const shownBy = await articlesShowing(tx, current.id)
        if (shownBy.length > 0) throw stillShown('topic', current.slug, shownBy)
        await tx.delete(topics).where(eq(topics.id, current.id))
      })
    }
  }
}

export type TopicsRepository = ReturnType<typeof topicsRepository>

export default fp(async (app: FastifyInstance) => {
  app.decorate('topics', topicsRepository(app))
}, { name: 'topics-repository', dependencies: ['database', 'articles-repository'] })
