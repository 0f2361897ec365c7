// `npm run bench`: req/s and p99 of the production server against a bare Fastify server sending the same bytes from memory, then what revisions cost to store.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, openSync, writeFileSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { cpus, tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
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

/** Starts a Node script on a free loopback port and resolves with its origin once it answers. */
async function start (script: string, env: Record<string, string>, readyPath: string): Promise<{ child: ChildProcess, origin: string }> {
  const origin = `http://127.0.0.1:${await freePort()}`
  // Logs go to a file, as a deployment's would: a pipe into this busy process would throttle the server.
  const log = openSync(join(folder, `${basename(script, '.js')}.log`), 'w')
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: new URL(origin).port, ...env },
    stdio: ['ignore', log, 'inherit']
  })
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) break
    const ready = await fetch(origin + readyPath).then((response) => response.ok, () => false)
    if (ready) return { child, origin }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  child.kill()
  throw new Error(`${script} did not start`)
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
 * The server and the baseline take turns, round after round, and each reports its median:
 * on a small shared machine a single run of either can be off by a fifth.
 */
async function compare (path: string) {
  // Unmeasured warm-up runs, so both are measured with their code already optimized.
  await autocannon({ url: server.origin + path, connections, duration: 2 })
  await autocannon({ url: baseline.origin + path, connections, duration: 2 })
  const ours: Array<{ rps: number, p99: number }> = []
  const bare: Array<{ rps: number, p99: number }> = []
  for (let round = 0; round < rounds; round++) {
    ours.push(await load(server.origin + path))
    bare.push(await load(baseline.origin + path))
  }
  const summary = (runs: typeof ours) => ({ rps: median(runs.map((run) => run.rps)), p99: median(runs.map((run) => run.p99)) })
  return { ours: summary(ours), bare: summary(bare) }
}

const here = (name: string) => fileURLToPath(new URL(name, import.meta.url))
const folder = mkdtempSync(join(tmpdir(), 'cms-bench-'))
const server = await start(here('../server.js'), { DATABASE_URL: `file:${join(folder, 'cms.db')}` }, '/health')
const bodies: Record<string, string> = {}
for (const path of endpoints) bodies[path] = await (await fetch(server.origin + path)).text()
writeFileSync(join(folder, 'bodies.json'), JSON.stringify(bodies))
const baseline = await start(here('bench-baseline.js'), { BENCH_BODIES: join(folder, 'bodies.json') }, '/v1/articles')

try {
  console.log(`Medians of ${rounds} alternating ${seconds} s runs, ${connections} connections, on ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}\n`)
  console.log('| endpoint | server req/s | server p99 | baseline req/s | baseline p99 | ratio |')
  console.log('|---|---:|---:|---:|---:|---:|')
  for (const path of endpoints) {
    const { ours, bare } = await compare(path)
    const name = decodeURIComponent(path).replace(/articles\/.+/, 'articles/{ref}')
    console.log(`| GET ${name} | ${ours.rps.toFixed(0)} | ${ours.p99} ms | ${bare.rps.toFixed(0)} | ${bare.p99} ms | ${(ours.rps / bare.rps).toFixed(2)} |`)
  }
} finally {
  server.child.kill('SIGTERM')
  baseline.child.kill('SIGTERM')
}
printRevisionStorage(await revisionStorage())
