// `npm run bench`: req/s and p99 of the production server on SQLite and on PostgreSQL, side by side, against a bare Fastify server sending the same bytes from memory, then what revisions cost to store.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, openSync, writeFileSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import pg from 'pg'
import { oldestPostgres, serverBinaries, startThrowawayServer } from '../../scripts/throwaway-postgres.mjs'
import { printRevisionStorage, revisionStorage } from './bench-revisions.js'

const seconds = Number(process.env.BENCH_SECONDS ?? 5)
const rounds = Number(process.env.BENCH_ROUNDS ?? 3)
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10)
const seedSlug = encodeURIComponent('بوتين-وترامب-اجتماع-لوقف-إطلاق-النار-الأمل-في-أوكرانيا')
const endpoints = [`/v1/articles/${seedSlug}`, '/v1/articles']

function freePort (): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo
      probe.close(() => resolve(port))
    })
  })
}

/** A URL as it may be printed: without its password. */
function redacted (url: string): string {
  const parsed = new URL(url)
  if (parsed.password) parsed.password = '***'
  return parsed.href
}

interface Target { name: string, child: ChildProcess, origin: string }

/** Starts a Node script on a free loopback port and resolves once it answers; `name` names it in the table and its log file. */
async function start (name: string, script: string, env: Record<string, string>, readyPath: string): Promise<Target> {
  const origin = `http://127.0.0.1:${await freePort()}`
  // Logs go to a file, as a deployment's would: a pipe into this busy process would throttle the server.
  const log = openSync(join(folder, `${name}.log`), 'w')
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: new URL(origin).port, ...env },
    stdio: ['ignore', log, 'inherit']
  })
  // Up to half a minute: on a busy machine, migrating and seeding a fresh database can take a while.
  for (let attempt = 0; attempt < 300; attempt++) {
    if (child.exitCode !== null) break
    const ready = await fetch(origin + readyPath).then((response) => response.ok, () => false)
    if (ready) return { name, child, origin }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  child.kill()
  throw new Error(`${name} (${script}) did not start: see ${join(folder, `${name}.log`)}`)
}

/** Stops a started script and resolves once it has exited (its database connections with it). */
function stop ({ child }: Target): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}

/** Runs one statement on a connection of its own, closed whatever happens. */
async function onServer (url: string, statement: string) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 })
  client.on('error', () => {})
  try {
    await client.connect()
    await client.query(statement)
  } finally {
    await client.end()
  }
}

/**
 * A PostgreSQL database of the benchmark's own, created on BENCH_DATABASE_URL's server or, when
 * that is unset, on a throwaway server started here as the tests start theirs; or why there is none.
 * `remove` drops the database and stops a throwaway server.
 */
async function postgresDatabase (): Promise<{ url: string, where: string, remove: () => Promise<void> } | string> {
  let server = process.env.BENCH_DATABASE_URL
  if (server && !URL.canParse(server)) return 'BENCH_DATABASE_URL is not a URL'
  let where = `BENCH_DATABASE_URL's server (${server ? redacted(server) : ''})`
  let stopServer = () => {}
  if (!server) {
    const binaries = serverBinaries()
    if (typeof binaries === 'string') {
      return `${binaries}. Install PostgreSQL ${oldestPostgres} or later (Debian: apt-get install postgresql), or set BENCH_DATABASE_URL to a server where the benchmark may CREATE DATABASE`
    }
    const throwaway = await startThrowawayServer(binaries)
    if (!throwaway.url) return 'the throwaway PostgreSQL server did not start (its messages are above)'
    server = throwaway.url
    stopServer = throwaway.remove
    // Its settings skip fsync: these are reads, which never wait on it.
    where = `a throwaway PostgreSQL ${binaries.major} server started here on 127.0.0.1`
  }
  const name = `news_cms_bench_${process.pid}`
  const url = new URL(server)
  try {
    await onServer(server, `CREATE DATABASE "${name}"`)
  } catch (error) {
    stopServer()
    return `could not create a database on ${redacted(server)}: ${(error as Error).message}`
  }
  url.pathname = `/${name}`
  const admin = server
  return {
    url: url.href,
    where,
    async remove () {
      try {
        await onServer(admin, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
      } finally {
        stopServer()
      }
    }
  }
}

async function load (url: string) {
  const result = await autocannon({ url, connections, duration: seconds })
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`)
  return { rps: result.requests.average, p99: result.latency.p99 }
}

function median (values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}

/**
 * The servers and the baseline take turns, round after round, and each reports its median:
 * on a small shared machine a single run of any can be off by a fifth.
 */
async function compare (path: string, targets: Target[]) {
  // Unmeasured warm-up runs, so all are measured with their code already optimized.
  for (const target of targets) await autocannon({ url: target.origin + path, connections, duration: 2 })
  const runs = targets.map(() => [] as Array<{ rps: number, p99: number }>)
  for (let round = 0; round < rounds; round++) {
    for (const [index, target] of targets.entries()) runs[index]?.push(await load(target.origin + path))
  }
  return runs.map((measured) => ({ rps: median(measured.map((run) => run.rps)), p99: median(measured.map((run) => run.p99)) }))
}

const here = (name: string) => fileURLToPath(new URL(name, import.meta.url))
const folder = mkdtempSync(join(tmpdir(), 'cms-bench-'))
const postgres = await postgresDatabase()
const servers: Target[] = []
let baseline: Target | undefined
try {
  servers.push(await start('SQLite', here('../server.js'), { DATABASE_URL: `file:${join(folder, 'cms.db')}` }, '/health'))
  if (typeof postgres !== 'string') servers.push(await start('PostgreSQL', here('../server.js'), { DATABASE_URL: postgres.url }, '/health'))
  // The baseline sends SQLite's bytes, which stand for PostgreSQL's too as long as they are the same.
  const bodies: Record<string, string> = {}
  for (const path of endpoints) {
    const answers = await Promise.all(servers.map(async ({ origin }) => await (await fetch(origin + path)).text()))
    bodies[path] = answers[0] ?? ''
    if (answers.some((answer) => answer !== bodies[path])) console.log(`Note: the engines answer ${decodeURIComponent(path)} with different bytes (${answers.map((answer) => answer.length).join(' and ')} characters).`)
  }
  writeFileSync(join(folder, 'bodies.json'), JSON.stringify(bodies))
  baseline = await start('baseline', here('bench-baseline.js'), { BENCH_BODIES: join(folder, 'bodies.json') }, '/v1/articles')

  console.log(`Medians of ${rounds} alternating ${seconds} s runs, ${connections} connections, on ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`)
  console.log(typeof postgres === 'string' ? `PostgreSQL not measured: ${postgres}.\n` : `PostgreSQL: ${postgres.where}.\n`)
  const columns = servers.flatMap(({ name }) => [`${name} req/s`, `${name} p99`, `${name} ratio`])
  console.log(`| endpoint | ${columns.join(' | ')} | baseline req/s | baseline p99 |`)
  console.log(`|---|${columns.map(() => '---:|').join('')}---:|---:|`)
  for (const path of endpoints) {
    const measured = await compare(path, [...servers, baseline])
    const bare = measured[servers.length]!
    const cells = servers.flatMap((_, index) => {
      const ours = measured[index]!
      return [ours.rps.toFixed(0), `${ours.p99} ms`, (ours.rps / bare.rps).toFixed(2)]
    })
    const name = decodeURIComponent(path).replace(/articles\/.+/, 'articles/{ref}')
    console.log(`| GET ${name} | ${cells.join(' | ')} | ${bare.rps.toFixed(0)} | ${bare.p99} ms |`)
  }
} finally {
  await Promise.all([...servers, ...(baseline ? [baseline] : [])].map(stop))
  if (typeof postgres !== 'string') await postgres.remove()
}
printRevisionStorage(await revisionStorage())
