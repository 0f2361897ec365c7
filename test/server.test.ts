// The server over real HTTP: it serves the seed article, logs with request ids, allows CORS reads, and stops gracefully.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import t, { type Test } from 'tap'
import { readShared, seedSlug, sharedMissing } from './helper.js'

interface LogLine { msg: string, reqId?: string, level: number, [key: string]: unknown }

/** Starts `src/server.ts` on a free port with a fresh database, and collects its JSON log lines. */
async function startServer (t: Test, env: Record<string, string> = {}) {
  const databasePath = join(mkdtempSync(join(tmpdir(), 'cms-server-')), 'cms.db')
  const child = spawn(process.execPath, [...process.execArgv, 'src/server.ts'], {
    env: { ...process.env, DATABASE_URL: `file:${databasePath}`, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'inherit']
  })
  const logs: LogLine[] = []
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  t.teardown(() => { if (child.exitCode === null) child.kill('SIGKILL') })
  const origin = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const entry = JSON.parse(line) as LogLine
      logs.push(entry)
      const listening = /^Server listening at (http:\/\/127\.0\.0\.1:\d+)$/.exec(entry.msg)
      if (listening?.[1]) resolve(listening[1])
    })
    child.on('exit', (code) => reject(new Error(`server exited with ${code} before listening`)))
  })
  return { child, origin, logs, exited, databasePath }
}

t.test('serves the seed article over HTTP, byte for byte, with request ids in the logs', { skip: sharedMissing('seed-article.txt') }, async (t) => {
  const { origin, logs } = await startServer(t)
  const response = await fetch(`${origin}/v1/articles/${encodeURIComponent(seedSlug)}`)
  t.equal(response.status, 200)
  // fetch asks for compression; the tag names the encoding it was served in.
  const encoding = response.headers.get('content-encoding')
  t.equal(response.headers.get('etag'), encoding ? `"v1-c0-${encoding}"` : '"v1-c0"')
  const article = await response.json() as { title: string, sections: { blocks: { text: string }[] }[] }
  const source = readShared('seed-article.txt')
  for (const text of article.sections.flatMap((section) => section.blocks.map((block) => block.text))) {
    t.ok(source.includes(`\n${text}\n`), 'a paragraph of the source, unchanged')
  }
  t.ok(source.startsWith(`${article.title}\n\n${article.title}\n\n`))
  const requestId = response.headers.get('x-request-id')
  t.match(requestId, /^[0-9a-f-]{36}$/)
  // The log line may be written just after the response.
  const logged = () => logs.some((line) => line.reqId === requestId && line.msg === 'request completed')
  for (let wait = 0; wait < 50 && !logged(); wait++) await new Promise((resolve) => setTimeout(resolve, 20))
  t.ok(logged(), 'the request is logged under its id')
})

t.test('browsers on other origins may read', async (t) => {
  const { origin } = await startServer(t)
  const read = await fetch(`${origin}/v1/articles`, { headers: { origin: 'https://news.example.org' } })
  t.equal(read.headers.get('access-control-allow-origin'), '*')
  t.match(read.headers.get('access-control-expose-headers'), /ETag/)
  const preflight = await fetch(`${origin}/v1/articles`, {
    method: 'OPTIONS',
    headers: { origin: 'https://news.example.org', 'access-control-request-method': 'GET' }
  })
  t.equal(preflight.status, 204)
  t.match(preflight.headers.get('access-control-allow-methods'), /GET/)
})

t.test('CORS_ORIGINS limits which origins may read', async (t) => {
  const { origin } = await startServer(t, { CORS_ORIGINS: 'https://news.example.org' })
  const allowed = await fetch(`${origin}/v1/articles`, { headers: { origin: 'https://news.example.org' } })
  t.equal(allowed.headers.get('access-control-allow-origin'), 'https://news.example.org')
  const other = await fetch(`${origin}/v1/articles`, { headers: { origin: 'https://elsewhere.example.com' } })
  t.equal(other.headers.get('access-control-allow-origin'), null)
})

t.test('on SIGTERM it answers the requests in flight, then closes the database and exits 0', async (t) => {
  const { child, origin, logs, exited, databasePath } = await startServer(t)
  const inFlight = Array.from({ length: 20 }, () => fetch(`${origin}/v1/articles/${encodeURIComponent(seedSlug)}`).then((r) => r.status, () => 'refused'))
  await new Promise((resolve) => setTimeout(resolve, 5))
  child.kill('SIGTERM')
  const statuses = await Promise.all(inFlight)
  t.ok(statuses.every((status) => status === 200 || status === 503 || status === 'refused'), 'every request is answered or refused, none cut off')
  t.equal(await exited, 0)
  t.ok(logs.some((line) => line.msg === 'shutting down' && line.signal === 'SIGTERM'))
  t.notOk(existsSync(`${databasePath}-wal`), 'the database was closed cleanly (its WAL folded back)')
})
