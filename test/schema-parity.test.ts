// Schema parity: both engines' migrations build the same tables, columns, keys, indexes and checks, and their columns read back the same JavaScript values.
import { randomBytes } from 'node:crypto'
import Database from 'better-sqlite3'
import { eq } from 'drizzle-orm'
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3'
import { migrate as migrateSqlite } from 'drizzle-orm/better-sqlite3/migrator'
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres'
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator'
import pg from 'pg'
import t, { type Test } from 'tap'
import * as postgresSchema from '../src/db/postgres-schema.js'
import * as sqliteSchema from '../src/db/sqlite-schema.js'
import { describePostgres, describeSqlite, normaliseSql } from './schema-description.js'

const serverUrl = process.env.TEST_DATABASE_URL
const postgresMissing = serverUrl ? false : 'TEST_DATABASE_URL is not set: no PostgreSQL server to compare SQLite with'

function migratedSqlite (t: Test) {
  const sqlite = new Database(':memory:')
  t.teardown(() => sqlite.close())
  const db = drizzleSqlite(sqlite, { schema: sqliteSchema })
  migrateSqlite(db, { migrationsFolder: 'migrations/sqlite' })
  return { sqlite, db }
}

/** A database of its own on the test server, migrated, and dropped (whoever is still connected) when the test ends. */
async function migratedPostgres (t: Test) {
  const name = `cms_parity_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  await admin.query(`create database ${name}`)
  const url = new URL(serverUrl as string)
  url.pathname = `/${name}`
  const client = new pg.Client({ connectionString: url.href })
  t.teardown(async () => {
    await client.end()
    await admin.query(`drop database if exists ${name} with (force)`)
    await admin.end()
  })
  await client.connect()
  const db = drizzlePostgres(client, { schema: postgresSchema })
  await migratePostgres(db, { migrationsFolder: 'migrations/postgres' })
  return { client, db }
}

t.test('the SQLite description covers every table, the expression index and the partial ones', async (t) => {
  const { sqlite } = migratedSqlite(t)
  const description = describeSqlite(sqlite)
  t.same(Object.keys(description).sort(), ['article_authors', 'article_media', 'article_topics', 'articles', 'authors', 'changes', 'comments', 'media', 'media_renditions', 'places', 'revisions', 'search_documents', 'sections', 'seeds', 'sources', 'tokens', 'topics', 'webhook_attempts', 'webhook_deliveries', 'webhooks'])
  const articleIndexes = description.articles?.indexes ?? []
  t.same(articleIndexes.find((index) => index.name === 'articles_sorted_idx'), { name: 'articles_sorted_idx', unique: false, terms: ['coalesce(published_at, \'\')', 'id'], where: null })
  t.same(articleIndexes.find((index) => index.name === 'articles_unlisted_published_idx')?.where, 'status = \'published\' and listed = false')
  t.same(description.changes?.columns.find((column) => column.name === 'seq'), { name: 'seq', notNull: true, type: 'integer', default: null, generated: true })
  t.same(description.webhooks?.columns.find((column) => column.name === 'events'), { name: 'events', notNull: true, type: 'json', default: null, generated: false })
  t.same(description.comments?.foreignKeys, [
    { columns: ['article_id'], references: 'articles', referencedColumns: ['id'], onDelete: 'cascade', onUpdate: 'no action' },
    { columns: ['parent_id'], references: 'comments', referencedColumns: ['id'], onDelete: 'no action', onUpdate: 'no action' }
  ])
  t.same(description.places?.checks, ['places_latitude_check', 'places_longitude_check'])
})

t.test('expressions read the same however each engine prints them', async (t) => {
  const booleans = new Set(['listed'])
  t.equal(normaliseSql('"articles"."status" = \'published\' and "articles"."listed" = 0', booleans), normaliseSql('((status = \'published\'::text) AND (listed = false))', booleans))
  t.equal(normaliseSql('coalesce("published_at", \'\')', booleans), normaliseSql('COALESCE(published_at, \'\'::text)', booleans))
  t.not(normaliseSql('status = \'pending\'', booleans), normaliseSql('status = \'failed\'', booleans))
  t.not(normaliseSql('listed = 0', booleans), normaliseSql('listed = true', booleans))
})

t.test('both engines\' migrations describe the same tables, columns, keys, indexes and checks', { skip: postgresMissing }, async (t) => {
  const { sqlite } = migratedSqlite(t)
  const { client } = await migratedPostgres(t)
  t.strictSame(await describePostgres(client), describeSqlite(sqlite))
})

t.test('the same rows read back as the same JavaScript values on both engines', { skip: postgresMissing }, async (t) => {
  const { db: lite } = migratedSqlite(t)
  const { db: postgres } = await migratedPostgres(t)
  const at = '2026-03-23T00:00:00.000Z'
  const article = { id: 'a1', slug: 'zoë', title: 'Zoë\u2028🗞️ «quoted»', language: 'de', originalLanguage: null, direction: 'ltr' as const, status: 'published' as const, publishedAt: at, firstPublishedAt: at, createdAt: at, updatedAt: at, version: 2, listed: true, credit: 'dpa', imageId: null, imageCaption: null, translationGroup: 'a1', translationMethod: 'machine-post-edited' as const, translationEngine: 'DeepL', translationReviewedAt: at }
  // Keys out of alphabetical order, a duplicate-looking nesting and non-ASCII: jsonb would reorder them.
  const blocks = [{ type: 'paragraph', text: 'Straße', z: 1, a: { y: null, b: [1.5, 'x'] } }]
  const section = { id: 's1', articleId: 'a1', position: 1, heading: null, blocks }
  const place = { articleId: 'a1', name: 'Kyiv', names: { uk: 'Київ', en: 'Kyiv', ar: 'كييف' }, locality: null, country: 'Ukraine', countryCode: 'UA', latitude: 50.450001, longitude: 30.523333, localityKey: null }
  const revision = { articleId: 'a1', number: 2, createdAt: at, author: 'editor', base: 1, content: Buffer.from([0, 1, 2, 253, 254, 255]), snapshot: { title: 'x', a: 1 } }
  const webhook = { id: 'w1', url: 'https://example.com/hook', events: ['article.updated', 'article.published'], description: null, active: false, secret: 's', createdAt: at, updatedAt: at }
  const change = { type: 'article.updated' as const, articleId: 'a1', commentId: null, version: 2, at }

  lite.insert(sqliteSchema.articles).values(article).run()
  lite.insert(sqliteSchema.sections).values(section).run()
  lite.insert(sqliteSchema.places).values(place).run()
  lite.insert(sqliteSchema.revisions).values(revision).run()
  lite.insert(sqliteSchema.webhooks).values(webhook).run()
  const liteSeq = lite.insert(sqliteSchema.changes).values(change).returning({ seq: sqliteSchema.changes.seq }).get().seq
  lite.insert(sqliteSchema.webhookDeliveries).values({ id: 'd1', webhookId: 'w1', changeSeq: liteSeq, body: '{}', createdAt: at }).run()

  await postgres.insert(postgresSchema.articles).values(article)
  await postgres.insert(postgresSchema.sections).values(section)
  await postgres.insert(postgresSchema.places).values(place)
  await postgres.insert(postgresSchema.revisions).values(revision)
  await postgres.insert(postgresSchema.webhooks).values(webhook)
  const [postgresChange] = await postgres.insert(postgresSchema.changes).values(change).returning({ seq: postgresSchema.changes.seq })
  await postgres.insert(postgresSchema.webhookDeliveries).values({ id: 'd1', webhookId: 'w1', changeSeq: postgresChange!.seq, body: '{}', createdAt: at })

  const liteRows = {
    article: lite.select().from(sqliteSchema.articles).get(),
    section: lite.select().from(sqliteSchema.sections).get(),
    place: lite.select().from(sqliteSchema.places).get(),
    revision: lite.select().from(sqliteSchema.revisions).get(),
    webhook: lite.select().from(sqliteSchema.webhooks).get(),
    change: lite.select().from(sqliteSchema.changes).get(),
    delivery: lite.select().from(sqliteSchema.webhookDeliveries).where(eq(sqliteSchema.webhookDeliveries.id, 'd1')).get()
  }
  const postgresRows = {
    article: (await postgres.select().from(postgresSchema.articles))[0],
    section: (await postgres.select().from(postgresSchema.sections))[0],
    place: (await postgres.select().from(postgresSchema.places))[0],
    revision: (await postgres.select().from(postgresSchema.revisions))[0],
    webhook: (await postgres.select().from(postgresSchema.webhooks))[0],
    change: (await postgres.select().from(postgresSchema.changes))[0],
    delivery: (await postgres.select().from(postgresSchema.webhookDeliveries).where(eq(postgresSchema.webhookDeliveries.id, 'd1')))[0]
  }

  t.strictSame(postgresRows, liteRows)
  t.strictSame(postgresRows.article, article)
  t.strictSame(postgresRows.place, place)
  t.strictSame(postgresRows.revision, revision)
  t.strictSame(postgresRows.webhook, webhook)
  t.strictSame(postgresRows.change, { seq: 1, ...change })
  t.strictSame(postgresRows.delivery, { id: 'd1', webhookId: 'w1', changeSeq: 1, body: '{}', status: 'pending', attempts: 0, nextAttemptAt: null, createdAt: at })
  // strictSame ignores the order of keys; the JSON text shows it.
  t.equal(JSON.stringify(postgresRows.section?.blocks), JSON.stringify(blocks))
  t.equal(JSON.stringify(postgresRows.place?.names), JSON.stringify(place.names))
  t.equal(JSON.stringify(postgresRows.revision?.snapshot), JSON.stringify(revision.snapshot))
  t.equal(JSON.stringify(postgresRows.webhook?.events), JSON.stringify(webhook.events))
})
