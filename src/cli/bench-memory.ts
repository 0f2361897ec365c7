// `npm run bench:memory`: the production server's resident memory while it answers a million distinct article reads, to show that what it keeps in memory (kept answers, compressed variants, formats) stays bounded.
import { readFileSync, mkdtempSync, rmSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { sql } from 'drizzle-orm'
import { openDatabase } from '../db/database.js'
import { rows } from '../db/dialect.js'
import { seedArticle } from '../seed-article.js'
import { generateArticles } from './bench-scale-data.js'
import { start, stop } from './bench-servers.js'

const articles = Number(process.env.BENCH_MEMORY_ARTICLES ?? 200_000)
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50)
const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`)

/**
 * The addresses each article is read at, one pass over all articles for each: five distinct
 * answers per article (plain, by slug, as a browser asks, ninjs, JSON-LD), so that 200,000
 * articles make a million distinct requests and every kind of kept answer is filled many times over.
 */
const passes: Array<{ name: string, path: (article: { id: string, slug: string }) => string, headers: Record<string, string> }> = [
  { name: 'article by id', path: ({ id }) => `/v1/articles/${id}`, headers: {} },
  { name: 'article by slug', path: ({ slug }) => `/v1/articles/${encodeURIComponent(slug)}`, headers: {} },
  { name: 'article by id, br', path: ({ id }) => `/v1/articles/${id}`, headers: { 'accept-encoding': 'gzip, deflate, br' } },
  { name: 'ninjs', path: ({ id }) => `/v1/articles/${id}/ninjs`, headers: {} },
  { name: 'JSON-LD', path: ({ id }) => `/v1/articles/${id}/jsonld`, headers: {} }
]

/** The server's resident set and its peak, as the kernel counts them, in MiB. */
function memoryOf (pid: number): { rss: number, peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0)
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 }
}

const folder = process.env.BENCH_MEMORY_DIR ?? mkdtempSync(join(tmpdir(), 'cms-bench-memory-'))
const url = `file:${join(folder, 'memory.db')}`
console.log(`Memory benchmark: ${articles} generated articles on SQLite, ${passes.length * articles} distinct reads (${passes.map(({ name }) => name).join(', ')}), ${connections} connections, on ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; files in ${folder}`)

// A database kept in BENCH_MEMORY_DIR by an earlier run is grown on, not made again.
const database = await openDatabase(url)
const [generated] = await rows<{ count: number }>(database.db, sql`select count(*) as count from articles where id <> ${seedArticle.id}`)
const held = Number(generated?.count ?? 0)
if (held < articles) {
  log(`generating articles ${held} to ${articles}`)
  await generateArticles(database, held, articles, { progress: (done) => { if (done % 50_000 === 0) log(`${done} articles`) } })
  await rows(database.db, sql`pragma wal_checkpoint(truncate)`)
}
const addresses = await rows<{ id: string, slug: string }>(database.db, sql`select id, slug from articles where status = 'published' order by id`)
await database.close()
log(`${addresses.length} published articles`)

// Warnings only: a million lines of request log would fill the disk, and they are not what is measured.
const server = await start(folder, 'memory', fileURLToPath(new URL('../server.js', import.meta.url)), { DATABASE_URL: url, LOG_LEVEL: 'warn' }, '/health')
const pid = server.child.pid as number
const figures = [{ after: 'start', reads: 0, ...memoryOf(pid) }]
try {
  let sent = 0
  let answered = 0
  const total = passes.length * addresses.length
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({
      url: server.origin,
      connections,
      amount: total,
      timeout: 60,
      requests: [{
        setupRequest: (request) => {
          const pass = passes[Math.floor(sent / addresses.length)] ?? passes[0]!
          const article = addresses[sent++ % addresses.length]!
          return { ...request, path: pass.path(article), headers: pass.headers }
        }
      }]
    }, (error, done) => error ? reject(error) : resolve(done))
    instance.on('response', () => {
      if (++answered % addresses.length !== 0) return
      const pass = passes[answered / addresses.length - 1]
      figures.push({ after: pass?.name ?? '', reads: answered, ...memoryOf(pid) })
      log(`${answered} reads (${pass?.name} done): RSS ${figures.at(-1)?.rss.toFixed(0)} MiB`)
    })
  })
  const failed = result.non2xx + result.errors + result.timeouts
  console.log(`\n${result.requests.total} reads in ${result.duration.toFixed(0)} s (${(result.requests.total / result.duration).toFixed(0)} a second)${failed > 0 ? `, ${failed} failed` : ''}; the server's memory (MiB) after each pass over the ${addresses.length} articles:\n`)
  console.log('| after | reads | RSS | peak RSS |')
  console.log('|---|---:|---:|---:|')
  for (const { after, reads, rss, peak } of figures) console.log(`| ${after} | ${reads.toLocaleString('en')} | ${rss.toFixed(0)} | ${peak.toFixed(0)} |`)
  if (failed > 0) process.exitCode = 1
} finally {
  await stop(server)
  if (!process.env.BENCH_MEMORY_DIR) rmSync(folder, { recursive: true, force: true })
}
