// `npm run bench`: req/s and p99 of the production server on SQLite and on PostgreSQL, side by side, against a bare Fastify server sending the same bytes from memory, then what revisions cost to store.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { printRevisionStorage, revisionStorage } from './bench-revisions.js'
import { postgresDatabase, start as startIn, stop, type Target } from './bench-servers.js'

const seconds = Number(process.env.BENCH_SECONDS ?? 5)
const rounds = Number(process.env.BENCH_ROUNDS ?? 3)
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10)
const seedSlug = encodeURIComponent('بوتين-وترامب-اجتماع-لوقف-إطلاق-النار-الأمل-في-أوكرانيا')
const endpoints = [`/v1/articles/${seedSlug}`, '/v1/articles']

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
const start = (name: string, script: string, env: Record<string, string>, readyPath: string) => startIn(folder, name, script, env, readyPath)
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
