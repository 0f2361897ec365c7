// `npm run bench:scale`: the production server on a database grown to 10 k, 100 k and 1 M generated articles, on SQLite and PostgreSQL: latency of the list, a filter, two searches and an article, and the index's size.
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { sql } from 'drizzle-orm'
import { openDatabase, type Database, type Engine } from '../db/database.js'
import { rows } from '../db/dialect.js'
import { articleAt, generateArticles, rareEvery } from './bench-scale-data.js'
import { seedArticle } from '../seed-article.js'
import { rareWord } from './bench-scale-material.js'
import { postgresDatabase, start, stop, type Target } from './bench-servers.js'

const sizes = (process.env.BENCH_SCALE_SIZES ?? '10000,100000,1000000').split(',').map(Number)
const engines = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',').map((name) => name.trim()) as Engine[]
const seconds = Number(process.env.BENCH_SECONDS ?? 5)
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10)
if (sizes.some((size) => !Number.isInteger(size) || size < 1) || [...sizes].sort((a, b) => a - b).join() !== sizes.join()) {
  throw new Error(`BENCH_SCALE_SIZES must be whole numbers in ascending order, got "${process.env.BENCH_SCALE_SIZES}"`)
}
if (engines.some((engine) => engine !== 'sqlite' && engine !== 'postgres')) throw new Error(`BENCH_ENGINES must name sqlite and/or postgres, got "${process.env.BENCH_ENGINES}"`)

/** The word searched for as common: a name the material mentions in all three languages (the seed's Latin name inside Arabic text). */
const commonWord = 'Witkoff'
// The same article at every size: one of the first thousands.
const lookupSlug = articleAt(Math.min(4_321, (sizes[0] ?? 1) - 1)).slug

// The common word last: where it takes seconds, the requests autocannon leaves unanswered at the end
// of its run keep the server busy for a while after, and would slow whatever is measured next.
// The searches twice: as readers ask them, again and again (each page worked out once, then kept until a write
// commits), and on a server that keeps none (SEARCH_CACHE_PAGES=0), as after every write: each request worked out.
const searches = [
  { name: `search rare (${rareWord})`, path: `/v1/articles?q=${rareWord}` },
  { name: `search common (${commonWord})`, path: `/v1/articles?q=${commonWord}` }
]
const endpoints: Array<{ name: string, path: string, uncached?: boolean }> = [
  { name: 'list (newest 20)', path: '/v1/articles' },
  { name: 'filter place=RU&language=ar', path: '/v1/articles?place=RU&language=ar' },
  { name: 'article by slug', path: `/v1/articles/${encodeURIComponent(lookupSlug)}` },
  ...searches,
  ...searches.map((search) => ({ ...search, name: `${search.name}, none kept`, uncached: true }))
]

interface Measured { p50: number, p95: number, p99: number, rps: number, failed: number, answered: number }

function percentile (sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0
}

/** A warm-up, then `seconds` of load with every response's time kept: autocannon's own summary has no p95. */
async function measure (url: string): Promise<Measured> {
  await autocannon({ url, connections, duration: 2, timeout: 60 })
  const times: number[] = []
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const run = autocannon({ url, connections, duration: seconds, timeout: 60 }, (error, done) => error ? reject(error) : resolve(done))
    run.on('response', (_client, _status, _bytes, time) => { times.push(time) })
  })
  // Reported rather than thrown: a slow endpoint at a million articles should not cost the run.
  const failed = result.non2xx + result.errors + result.timeouts
  times.sort((a, b) => a - b)
  return { p50: percentile(times, 0.5), p95: percentile(times, 0.95), p99: percentile(times, 0.99), rps: result.requests.average, failed, answered: times.length }
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`

/** The full-text index's size on disk (the FTS5 shadow tables or the tsvector table with its GIN index, and the search documents) and the whole database's. */
async function sizesOf (database: Database, file: string | undefined): Promise<{ index: number, total: number }> {
  if (database.engine === 'postgres') {
    const [row] = await rows<{ bytes: string, total: string }>(database.db, sql`select pg_total_relation_size('article_search') + pg_total_relation_size('search_documents') as bytes, pg_database_size(current_database()) as total`)
    return { index: Number(row?.bytes), total: Number(row?.total) }
  }
  const [row] = await rows<{ bytes: number }>(database.db, sql`select sum(pgsize) as bytes from dbstat where name like 'article\_search%' escape '\\' or name like 'search\_documents%' escape '\\'`)
  const total = [file, `${file}-wal`].reduce((sum, path) => sum + (path !== undefined && existsSync(path) ? statSync(path).size : 0), 0)
  return { index: Number(row?.bytes ?? 0), total }
}

/** How many articles a word's search matches: what makes it rare or common. */
async function matchCount (database: Database, word: string): Promise<number> {
  const term = word.toLowerCase()
  const [row] = database.engine === 'postgres'
    ? await rows<{ count: string }>(database.db, sql`select count(*) as count from article_search where document @@ ${`'${term}'`}::tsquery`)
    : await rows<{ count: number }>(database.db, sql`select count(*) as count from article_search where article_search match ${`"${term}"`}`)
  return Number(row?.count ?? 0)
}

/** The generated articles a database holds: all but the seed. */
async function generatedCount (url: string): Promise<number> {
  const database = await openDatabase(url)
  try {
    const [row] = await rows<{ count: number | string }>(database.db, sql`select count(*) as count from articles where id <> ${seedArticle.id}`)
    return Number(row?.count ?? 0)
  } finally {
    await database.close()
  }
}

/** Settles a database after a bulk load as its maintenance would: PostgreSQL's autovacuum (statistics, visibility map), SQLite's checkpoint. */
async function settle (database: Database) {
  if (database.engine === 'postgres') await rows(database.db, sql`vacuum analyze`)
  else await rows(database.db, sql`pragma wal_checkpoint(truncate)`)
}

interface Row { engine: Engine, size: number, generateSeconds: number, rareMatches: number, commonMatches: number, index: number, total: number, measured: Measured[] }

const here = (name: string) => fileURLToPath(new URL(name, import.meta.url))
const folder = process.env.BENCH_SCALE_DIR ?? mkdtempSync(join(tmpdir(), 'cms-bench-scale-'))
const results: Row[] = []
const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`)

console.log(`Scale benchmark: ${sizes.join(', ')} articles on ${engines.join(' and ')}; ${seconds} s per endpoint after 2 s of warm-up, ${connections} connections, on ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; files in ${folder}`)
for (const engine of engines) {
  let url: string
  let file: string | undefined
  let remove = async () => {}
  if (engine === 'postgres') {
    const postgres = await postgresDatabase()
    if (typeof postgres === 'string') {
      console.log(`PostgreSQL not measured: ${postgres}.`)
      continue
    }
    log(`PostgreSQL: ${postgres.where}.`)
    url = postgres.url
    remove = postgres.remove
  } else {
    file = join(folder, 'scale.db')
    url = `file:${file}`
  }
  try {
    // A SQLite database kept in BENCH_SCALE_DIR by an earlier run grows on from what it holds.
    let generated = await generatedCount(url)
    if (generated > 0) log(`${engine}: going on from the ${generated} articles ${file ?? 'the database'} holds`)
    for (const size of sizes) {
      if (size < generated) {
        log(`${engine}: ${size} skipped, the database already holds ${generated} articles`)
        continue
      }
      const database = await openDatabase(url)
      const began = performance.now()
      let reported = began
      await generateArticles(database, generated, size, {
        progress (done) {
          if (performance.now() - reported < 30_000 && done < size) return
          reported = performance.now()
          log(`${engine}: ${done} articles, ${((done - generated) / ((reported - began) / 1000)).toFixed(0)} a second`)
        }
      })
      await settle(database)
      const generateSeconds = (performance.now() - began) / 1000
      generated = size
      log(`${engine}: ${size} articles in the database, ${generateSeconds.toFixed(0)} s for this step`)
      const rareMatches = await matchCount(database, rareWord)
      const commonMatches = await matchCount(database, commonWord)
      await database.close()

      const measured: Measured[] = []
      for (const uncached of [false, true]) {
        const server: Target = await start(folder, `${engine}-${size}${uncached ? '-none-kept' : ''}`, here('../server.js'), { DATABASE_URL: url, ...(uncached && { SEARCH_CACHE_PAGES: '0' }) }, '/health')
        try {
          for (const endpoint of endpoints.filter((endpoint) => (endpoint.uncached ?? false) === uncached)) {
            measured.push(await measure(server.origin + endpoint.path))
            const last = measured.at(-1) as Measured
            log(`${engine} ${size} ${endpoint.name}: p50 ${last.p50.toFixed(1)} ms, p95 ${last.p95.toFixed(1)} ms, p99 ${last.p99.toFixed(1)} ms, ${last.rps.toFixed(0)} req/s, ${last.answered} answers${last.failed > 0 ? `, ${last.failed} failed` : ''}`)
          }
        } finally {
          await stop(server)
        }
      }
      const reopened = await openDatabase(url)
      const { index, total } = await sizesOf(reopened, file)
      await reopened.close()
      results.push({ engine, size, generateSeconds, rareMatches, commonMatches, index, total, measured })
      log(`${engine} ${size}: index ${megabytes(index)}, database ${megabytes(total)}; ${rareWord} in ${rareMatches} articles, ${commonWord} in ${commonMatches}`)
    }
  } finally {
    await remove()
  }
}
if (!process.env.BENCH_SCALE_DIR) rmSync(folder, { recursive: true, force: true })

const ms = (value: number) => value.toFixed(1)
console.log(`\nLatency in ms (p50 / p95 / p99) and req/s, ${connections} connections; the rare word is in one article in ${rareEvery}, the common one as counted.\n`)
console.log(`| engine | articles | ${endpoints.map((endpoint) => endpoint.name).join(' | ')} | index on disk | database | generated in |`)
console.log(`|---|---:|${endpoints.map(() => '---:|').join('')}---:|---:|---:|`)
for (const row of results) {
  const cells = row.measured.map((m) => `${ms(m.p50)} / ${ms(m.p95)} / ${ms(m.p99)} (${m.rps.toFixed(0)}/s)${m.failed > 0 ? `, ${m.failed} failed` : ''}`)
  console.log(`| ${row.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'} | ${row.size.toLocaleString('en')} | ${cells.join(' | ')} | ${megabytes(row.index)} | ${megabytes(row.total)} | ${row.generateSeconds.toFixed(0)} s |`)
}
console.log('\nMatches: ' + results.map((row) => `${row.engine} ${row.size}: ${rareWord} ${row.rareMatches}, ${commonWord} ${row.commonMatches} (${(100 * row.commonMatches / row.size).toFixed(0)} %)`).join('; '))
