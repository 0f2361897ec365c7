// `npm run bench`: each row of issue 14 (the article as asked plainly, by a browser and again with its ETag; the list with and without filters; the feeds, ninjs, JSON-LD; a comment posted) on the production server on SQLite and on PostgreSQL, against a bare Fastify server replaying the very same answers; exits 1 when any row misses its goal.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { seedArticle } from '../seed-article.js'
import { answerKey, capture, type BenchRequest } from './bench-capture.js'
import { createBareTable } from './bench-comment.js'
import { filteredList, publishArticles } from './bench-content.js'
import { alternate, connections, rounds, runSeconds, seconds, type Load, type Measured } from './bench-load.js'
import { postgresDatabase, start as startIn, stop, type Target } from './bench-servers.js'

/** The issue's goals: a read at 0.85 of its replay or better with p99 at most 10 ms; a comment at half the bare insert. */
const readGoal = 0.85
const p99Goal = 10
const commentGoal = 0.5

const seedPath = `/v1/articles/${encodeURIComponent(seedArticle.slug)}`
const browser = { 'accept-encoding': 'gzip, deflate, br' }
const reads: Array<{ name: string } & BenchRequest> = [
  { name: 'article', method: 'GET', path: seedPath, headers: {} },
  { name: 'article, browser (br)', method: 'GET', path: seedPath, headers: browser },
  { name: 'list of 20', method: 'GET', path: '/v1/articles?limit=20', headers: {} },
  { name: 'list of 20, filtered', method: 'GET', path: filteredList, headers: {} },
  { name: 'RSS feed', method: 'GET', path: '/v1/feeds/rss.xml', headers: {} },
  { name: 'Atom feed', method: 'GET', path: '/v1/feeds/atom.xml', headers: {} },
  { name: 'JSON Feed', method: 'GET', path: '/v1/feeds/feed.json', headers: {} },
  { name: 'ninjs', method: 'GET', path: `${seedPath}/ninjs`, headers: {} },
  { name: 'JSON-LD', method: 'GET', path: `${seedPath}/jsonld`, headers: {} }
]

// A part of the table, for working on one row: BENCH_ENGINES=sqlite,postgres and BENCH_ROWS, words
// a row's name contains (comma-separated; every row when unset). A partial run says so at its end.
const engines = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',').map((name) => name.trim().toLowerCase())
const rowWords = process.env.BENCH_ROWS?.split(',').map((word) => word.trim()).filter((word) => word !== '')
const measures = (name: string) => rowWords === undefined || rowWords.some((word) => name.toLowerCase().includes(word.toLowerCase()))
const partial = rowWords !== undefined || !['sqlite', 'postgres'].every((engine) => engines.includes(engine))

interface Row { name: string, ours: Measured, replay: Measured, goal: number, p99Goal?: number }

const passes = (row: Row) => row.ours.rps / row.replay.rps >= row.goal && (row.p99Goal === undefined || row.ours.p99 <= row.p99Goal)

const here = (name: string) => fileURLToPath(new URL(name, import.meta.url))
const folder = mkdtempSync(join(tmpdir(), 'cms-bench-'))
const token = randomBytes(24).toString('hex')
const log = (line: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${line}`)

/** The production server on `url`: the admin token to write the content with, and a comment limit no run reaches, so that the check runs but never refuses. */
function startServer (name: string, url: string, env: Record<string, string> = {}): Promise<Target> {
  return startIn(folder, name, here('../server.js'), { DATABASE_URL: url, CMS_ADMIN_TOKEN: token, COMMENT_RATE_LIMIT: '1000000000', ...env }, '/health')
}

/** Every row on one engine's server; on SQLite also the seed article and the list with WORKERS=2, against the server with one. */
async function benchEngine (engine: string, url: string): Promise<{ rows: Row[], workers?: Array<{ name: string, one: Measured, two: Measured }> }> {
  const servers: Target[] = []
  try {
    const server = await startServer(engine, url)
    servers.push(server)
    const page = await (await fetch(`${server.origin}/v1/articles?limit=20`)).json() as { data: unknown[] }
    if (page.data.length < 20) await publishArticles(server.origin, token)
    await createBareTable(url)

    // The ETag of the plain answer: with compression each encoding has its own.
    const answers = await Promise.all(reads.map(async (request) => ({ request, answer: await capture(server.origin, request) })))
    const etag = String(answers[0]?.answer.headers.etag)
    const revalidation = { name: 'article, revalidated (304)', method: 'GET' as const, path: seedPath, headers: { 'if-none-match': etag } }
    answers.splice(2, 0, { request: revalidation, answer: await capture(server.origin, revalidation) })
    // A row measured on an error page, or a revalidation answered in full, would measure the wrong thing.
    for (const { request, answer } of answers) {
      const expected = request === revalidation ? 304 : 200
      if (answer.status !== expected) throw new Error(`${engine}: ${request.method} ${request.path} answered ${answer.status}, not ${expected}: ${Buffer.from(answer.body, 'base64').toString().slice(0, 300)}`)
    }
    writeFileSync(join(folder, `${engine}-answers.json`), JSON.stringify(answers.map(({ request, answer }) => ({ key: answerKey(request.method, request.path, request.headers), answer }))))
    const replay = await startIn(folder, `${engine}-replay`, here('bench-replay.js'), { BENCH_ANSWERS: join(folder, `${engine}-answers.json`), DATABASE_URL: url }, '/ready')
    servers.push(replay)

    const rows: Row[] = []
    for (const { request, answer } of answers.filter(({ request }) => measures(request.name))) {
      log(`${engine}: ${request.name}`)
      const [ours, bare] = await alternate([server.origin, replay.origin], { ...request, status: answer.status })
      rows.push({ name: `${request.name}: ${request.method} ${decodeURIComponent(request.path).replace(seedArticle.slug, '{slug}')}`, ours: ours!, replay: bare!, goal: readGoal, p99Goal })
    }
    // Last: a comment is a write, and a write may change the article's answers (its ETag and all), which the replay would not follow.
    if (!measures('comment')) return { rows }
    log(`${engine}: comment`)
    const comment: Load = {
      method: 'POST',
      path: `/v1/articles/${seedArticle.id}/comments`,
      headers: { 'content-type': 'application/json' },
      status: 201,
      bodyOf: (count) => JSON.stringify({ authorName: 'Leila', authorEmail: 'leila@example.org', body: `شكرًا على هذا التقرير. Comment ${count}.` })
    }
    const [ours, bare] = await alternate([server.origin, replay.origin], comment)
    rows.push({ name: 'comment, every check: POST /v1/articles/{id}/comments', ours: ours!, replay: bare!, goal: commentGoal })
    if (engine !== 'SQLite' || partial) return { rows }

    const two = await startServer(`${engine}-2-workers`, url, { WORKERS: '2' })
    servers.push(two)
    const workers = []
    for (const request of reads.filter(({ name }) => name === 'article' || name === 'list of 20')) {
      log(`${engine}: ${request.name}, 1 and 2 workers`)
      const [one, both] = await alternate([server.origin, two.origin], { ...request, status: 200 })
      workers.push({ name: request.name, one: one!, two: both! })
    }
    return { rows, workers }
  } finally {
    await Promise.all(servers.map(stop))
  }
}

const ms = (value: number) => `${value.toFixed(0)} ms`

function printRows (engine: string, rows: Row[]) {
  console.log(`\n${engine}:\n`)
  console.log('| row | ours req/s | ours p99 | replay req/s | replay p99 | ratio | goal | pass |')
  console.log('|---|---:|---:|---:|---:|---:|---|---|')
  for (const row of rows) {
    const goal = `≥ ${row.goal}${row.p99Goal === undefined ? '' : `, p99 ≤ ${row.p99Goal} ms`}`
    console.log(`| ${row.name} | ${row.ours.rps.toFixed(0)} | ${ms(row.ours.p99)} | ${row.replay.rps.toFixed(0)} | ${ms(row.replay.p99)} | ${(row.ours.rps / row.replay.rps).toFixed(2)} | ${goal} | ${passes(row) ? 'yes' : 'no'} |`)
  }
}

const began = performance.now()
const postgres = engines.includes('postgres') ? await postgresDatabase() : 'not in BENCH_ENGINES'
const results: Array<{ engine: string, rows: Row[] }> = []
let workers: Awaited<ReturnType<typeof benchEngine>>['workers']
try {
  if (engines.includes('sqlite')) {
    const sqlite = await benchEngine('SQLite', `file:${join(folder, 'cms.db')}`)
    results.push({ engine: 'SQLite', rows: sqlite.rows })
    workers = sqlite.workers
  }
  if (typeof postgres !== 'string') results.push({ engine: 'PostgreSQL', rows: (await benchEngine('PostgreSQL', postgres.url)).rows })
} finally {
  if (typeof postgres !== 'string') await postgres.remove()
  rmSync(folder, { recursive: true, force: true })
}

console.log(`Medians of ${rounds} alternating runs of ${seconds} s (a comment's post: ${runSeconds({ method: 'POST' })} s), ours and the replay in turn, ${connections} connections, on ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; load generator on the same machine.`)
console.log(`The replay is a bare Fastify server sending the status, headers and bytes ours sent for the same request; for the comment, a bare Fastify endpoint inserting the same row with a prepared statement.`)
console.log(typeof postgres === 'string' ? `PostgreSQL not measured: ${postgres}.` : `PostgreSQL: ${postgres.where}.`)
for (const { engine, rows } of results) printRows(engine, rows)
if (workers) {
  console.log('\nSQLite on several cores (WORKERS, no goal; the same database, medians of alternating runs):\n')
  console.log('| row | 1 worker req/s | 1 worker p99 | 2 workers req/s | 2 workers p99 |')
  console.log('|---|---:|---:|---:|---:|')
  for (const { name, one, two } of workers) console.log(`| ${name} | ${one.rps.toFixed(0)} | ${ms(one.p99)} | ${two.rps.toFixed(0)} | ${ms(two.p99)} |`)
}
const failed = results.flatMap(({ engine, rows }) => rows.filter((row) => !passes(row)).map((row) => `${engine} ${row.name.replace(/:.*/, '')}`))
console.log(`\n${failed.length === 0 ? 'Every row meets its goal' : `${failed.length} of ${results.flatMap(({ rows }) => rows).length} rows miss their goal: ${failed.join('; ')}`} (${((performance.now() - began) / 1000).toFixed(0)} s)${partial ? '; a partial run (BENCH_ENGINES, BENCH_ROWS), not the whole table' : ''}.`)
if (failed.length > 0) process.exitCode = 1
