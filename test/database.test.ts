// Storage: SQLite in WAL mode with foreign keys and its migration history; on either engine, the seed loaded once.
import { execFile } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import Database from 'better-sqlite3'
import { sql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import t, { type Test } from 'tap'
import { buildApp } from '../src/app.js'
import { build } from './helper.js'
import { openDatabase } from '../src/db/database.js'
import { openSqlite } from '../src/db/sqlite.js'
import { sqlStateOf } from '../src/db/dialect.js'
import { testDatabaseUrl, testEngine } from './databases.js'
import { articles, sections } from '../src/db/sqlite-schema.js'
import { seed } from '../src/seed.js'
import { seedArticle } from '../src/seed-article.js'
import { adminToken, bearer } from './helper.js'

function tempDatabase () {
  return join(mkdtempSync(join(tmpdir(), 'cms-test-')), 'nested', 'cms.db')
}

/** A database several apps in turn can open, on the engine under test. */
async function reopenable (t: Test): Promise<string> {
  return testEngine === 'sqlite' ? `file:${tempDatabase()}` : await testDatabaseUrl(t)
}

/** A database file as it was before migration `tag`: only the migrations before it applied, left open. */
function databaseBefore (tag: string) {
  const path = tempDatabase()
  const before = join(mkdtempSync(join(tmpdir(), 'migrations-')), 'migrations')
  cpSync('migrations/sqlite', before, { recursive: true })
  const journal = JSON.parse(readFileSync(join(before, 'meta/_journal.json'), 'utf8'))
  journal.entries = journal.entries.filter((entry: { tag: string }) => entry.tag < tag)
  writeFileSync(join(before, 'meta/_journal.json'), JSON.stringify(journal))
  mkdirSync(dirname(path), { recursive: true })
  const old = new Database(path)
  migrate(drizzle(old), { migrationsFolder: before })
  return { path, old }
}

t.test('SQLite opens in WAL mode with foreign keys on, creating the folder and the tables', async (t) => {
  const database = openSqlite(tempDatabase())
  t.teardown(() => database.close())
  for (const [name, sqlite] of Object.entries(database.connections)) {
    t.equal(sqlite.pragma('journal_mode', { simple: true }), 'wal', name)
    t.equal(sqlite.pragma('foreign_keys', { simple: true }), 1, name)
    t.equal(sqlite.pragma('synchronous', { simple: true }), 2, `${name}: FULL`)
  }
  const tables = await database.db.all<{ name: string }>(sql`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`)
  t.same(tables.map((table) => table.name), ['__drizzle_migrations', 'article_authors', 'article_media', 'article_search', 'article_search_config', 'article_search_data', 'article_search_docsize', 'article_search_idx', 'article_topics', 'articles', 'authors', 'changes', 'comments', 'media', 'media_renditions', 'places', 'revisions', 'search_documents', 'sections', 'seeds', 'sources', 'tokens', 'topics', 'webhook_attempts', 'webhook_deliveries', 'webhooks'])
})

t.test('foreign keys are enforced', async (t) => {
  const database = await openDatabase(await testDatabaseUrl(t))
  t.teardown(() => database.close())
  const refused = await database.write((tx) => tx.insert(sections).values({ id: 's', articleId: 'missing', position: 1, heading: null, blocks: [] })).catch((error: unknown) => error)
  t.ok(['SQLITE_CONSTRAINT_FOREIGNKEY', '23503'].includes(sqlStateOf(refused) ?? ''), `refused as a foreign key violation (${sqlStateOf(refused)})`)
})

t.test('seeding twice leaves one article', async (t) => {
  const database = await openDatabase(await testDatabaseUrl(t))
  t.teardown(() => database.close())
  t.equal(await seed(database), true)
  t.equal(await seed(database), false)
  t.same(await database.db.select({ id: articles.id }).from(articles), [{ id: seedArticle.id }])
  t.equal((await database.db.select({ id: sections.id }).from(sections)).length, 4)
})

t.test('the first start seeds an empty database; later starts keep what is there', async (t) => {
  const databaseUrl = await reopenable(t)
  for (let start = 0; start < 2; start++) {
    const app = await build(t, { databaseUrl })
    const response = await app.inject({ method: 'GET', url: '/v1/articles' })
    t.equal(response.json().data.length, 1, `start ${start + 1}`)
    await app.close()
  }
  const app = await build(t, { seedOnce: false })
  t.same((await app.inject({ method: 'GET', url: '/v1/articles' })).json(), { data: [], nextCursor: null }, 'seeding can be turned off')
})

t.test('a deleted seed article stays deleted across restarts, with one article.published in the feed', async (t) => {
  const databaseUrl = await reopenable(t)
  const first = await buildApp({ databaseUrl, adminToken })
  const read = await first.inject({ method: 'GET', url: `/v1/articles/${seedArticle.id}`, headers: bearer(adminToken) })
  t.equal(read.statusCode, 200, 'the first start seeds')
  const deleted = await first.inject({ method: 'DELETE', url: `/v1/articles/${seedArticle.id}`, headers: { ...bearer(adminToken), 'if-match': String(read.headers.etag) } })
  t.equal(deleted.statusCode, 204)
  await first.close()

  for (let start = 2; start <= 3; start++) {
    const app = await buildApp({ databaseUrl, adminToken })
    t.equal((await app.inject({ method: 'GET', url: `/v1/articles/${seedArticle.id}`, headers: bearer(adminToken) })).statusCode, 404, `start ${start} does not bring it back`)
    const feed = await app.inject({ method: 'GET', url: '/v1/changes' })
    t.same(feed.json().data.map((change: { type: string }) => change.type), ['article.published', 'article.deleted'], `start ${start}: one publication, one deletion`)
    await app.close()
  }
})

t.test('a database from before seeds were recorded counts as seeded when it held articles', async (t) => {
  // A database as it was before the seeds table: the migrations up to the webhooks, seeded, then emptied.
  const { path, old } = databaseBefore('0005')
  old.prepare(`insert into changes (type, article_id, version, at) values ('article.deleted', ?, 1, '2025-01-01T00:00:00.000Z')`).run(seedArticle.id)
  old.close()
  const emptied = await buildApp({ databaseUrl: `file:${path}` })
  t.teardown(() => emptied.close())
  t.same((await emptied.inject({ method: 'GET', url: '/v1/articles' })).json().data, [], 'its deleted seed article does not come back')

  const fresh = await buildApp({ databaseUrl: ':memory:' })
  t.teardown(() => fresh.close())
  t.equal((await fresh.inject({ method: 'GET', url: '/v1/articles' })).json().data.length, 1, 'a new database is seeded')
})

t.test('the seed command loads the seed article again when asked, and a start after it does not', async (t) => {
  const databaseUrl = await reopenable(t)
  const app = await buildApp({ databaseUrl, seedOnce: false })
  await app.close()
  const database = await openDatabase(databaseUrl)
  t.equal(await seed(database), true, 'an explicit seed loads it')
  await database.write((tx) => tx.delete(articles))
  t.equal(await seed(database), true, 'and again after it was deleted')
  await database.write((tx) => tx.delete(articles))
  await database.close()
  const restarted = await buildApp({ databaseUrl })
  t.teardown(() => restarted.close())
  t.same((await restarted.inject({ method: 'GET', url: '/v1/articles' })).json().data, [], 'a start after an explicit seed does not seed again')
})

t.test('the seed command is idempotent', async (t) => {
  const databaseUrl = await reopenable(t)
  const run = () => promisify(execFile)(process.execPath, [...process.execArgv, 'src/cli/seed.ts'], {
    env: { ...process.env, DATABASE_URL: databaseUrl }
  })
  const name = testEngine === 'sqlite' ? databaseUrl.slice('file:'.length) : new URL(databaseUrl).host + new URL(databaseUrl).pathname
  t.equal((await run()).stdout, `Seeded ${name}.\n`)
  t.equal((await run()).stdout, `${name} already holds the seed article.\n`)
  const database = await openDatabase(databaseUrl)
  t.teardown(() => database.close())
  t.same(await database.db.select({ id: articles.id }).from(articles), [{ id: seedArticle.id }])
})

t.test('articles already public when the change feed arrives enter it as published', async (t) => {
  // A database as it was before the change feed: the first three migrations only.
  const { path, old } = databaseBefore('0003')
  const insert = old.prepare(`insert into articles (id, slug, title, language, direction, status, published_at, created_at, updated_at, version) values (?, ?, 'T', 'en', 'ltr', ?, ?, '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z', ?)`)
  insert.run('a-public', 'a-public', 'published', '2025-02-01T00:00:00.000Z', 3)
  insert.run('b-draft', 'b-draft', 'draft', null, 1)
  insert.run('c-scheduled', 'c-scheduled', 'published', '2999-01-01T00:00:00.000Z', 2)
  old.close()

  const { connections: { writer: sqlite }, close } = openSqlite(path)
  t.teardown(close)
  t.same(sqlite.prepare('select seq, type, article_id as articleId, version, at from changes').all(), [
    { seq: 1, type: 'article.published', articleId: 'a-public', version: 3, at: '2025-02-01T00:00:00.000Z' }
  ])
  t.same(sqlite.prepare('select id, listed from articles order by id').all(), [
    { id: 'a-public', listed: 1 }, { id: 'b-draft', listed: 0 }, { id: 'c-scheduled', listed: 0 }
  ], 'the scheduled one waits for the sweeper')
})

t.test('firstPublishedAt is backfilled from the publication and the change feed', async (t) => {
  // A database as it was before firstPublishedAt: the migrations before it.
  const { path, old } = databaseBefore('0008')
  old.prepare('delete from changes').run()
  const insert = old.prepare(`insert into articles (id, slug, title, language, direction, status, published_at, created_at, updated_at, version, listed) values (?, ?, 'T', 'en', 'ltr', ?, ?, '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z', 1, ?)`)
  const change = old.prepare(`insert into changes (type, article_id, version, at) values (?, ?, 1, ?)`)
  insert.run('a-republished', 'a-republished', 'published', '2025-05-01T00:00:00.000Z', 1)
  change.run('article.published', 'a-republished', '2025-02-01T00:00:00.000Z')
  change.run('article.unpublished', 'a-republished', '2025-03-01T00:00:00.000Z')
  change.run('article.published', 'a-republished', '2025-05-01T00:00:00.000Z')
  insert.run('b-withdrawn', 'b-withdrawn', 'draft', null, 0)
  change.run('article.published', 'b-withdrawn', '2025-02-02T00:00:00.000Z')
  change.run('article.unpublished', 'b-withdrawn', '2025-03-02T00:00:00.000Z')
  insert.run('c-public', 'c-public', 'published', '2025-02-03T00:00:00.000Z', 1)
  change.run('article.published', 'c-public', '2025-04-03T00:00:00.000Z')
  insert.run('d-archived', 'd-archived', 'archived', '2025-02-04T00:00:00.000Z', 0)
  insert.run('e-draft', 'e-draft', 'draft', null, 0)
  insert.run('f-scheduled', 'f-scheduled', 'published', '2999-01-01T00:00:00.000Z', 0)
  old.close()

  const { connections: { writer: sqlite }, close } = openSqlite(path)
  t.teardown(close)
  t.same(sqlite.prepare('select id, first_published_at as firstPublishedAt from articles order by id').all(), [
    { id: 'a-republished', firstPublishedAt: '2025-02-01T00:00:00.000Z' },
    { id: 'b-withdrawn', firstPublishedAt: '2025-02-02T00:00:00.000Z' },
    { id: 'c-public', firstPublishedAt: '2025-02-03T00:00:00.000Z' },
    { id: 'd-archived', firstPublishedAt: '2025-02-04T00:00:00.000Z' },
    { id: 'e-draft', firstPublishedAt: null },
    { id: 'f-scheduled', firstPublishedAt: '2999-01-01T00:00:00.000Z' }
  ])
})

t.test('places written before names by language have none, and show their country\'s name', async (t) => {
  // A database as it was before places had names by language: the migrations before it.
  const { path, old } = databaseBefore('0013')
  old.prepare(`insert into articles (id, slug, title, language, direction, status, published_at, created_at, updated_at, version, listed) values ('a-old', 'a-old', 'T', 'ar', 'rtl', 'draft', null, '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z', 1, 0)`).run()
  old.prepare(`insert into places (article_id, name, country_code) values ('a-old', 'Moskau, Russland', 'RU')`).run()
  old.close()

  const app = await build(t, { databaseUrl: `file:${path}` })
  const metadata = await app.inject({ method: 'GET', url: '/v1/articles/a-old/metadata', headers: bearer(adminToken) })
  t.same(metadata.json().place, { name: 'Moskau, Russland', names: {}, locality: null, country: null, countryCode: 'RU', latitude: null, longitude: null, display: 'روسيا' })
})
