// The server over real HTTP: it serves the seed article, logs with request ids, allows CORS reads, and stops gracefully.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import t, { type Test } from 'tap'
import { readShared, seedSlug, sharedMissing } from './helper.js'

// Each test starts real servers, each one compiling the sources as it loads them.
t.setTimeout(300_000)

interface LogLine { msg: string, reqId?: string, level: number, [key: string]: unknown }

const freshDatabase = () => join(mkdtempSync(join(tmpdir(), 'cms-server-')), 'cms.db')

/** Starts `src/server.ts` on a free port (with a fresh database unless given one), and collects its JSON log lines. */
async function startServer (t: Test, env: Record<string, string> = {}, databasePath = freshDatabase()) {
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
  // fetch asks for gzip and decompresses it: the tag names the gzip representation.
  t.equal(response.headers.get('content-encoding'), 'gzip')
  t.equal(response.headers.get('etag'), '"v1-c0-gzip"')
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

/** Every SQLite migration in `migrations/sqlite/`, oldest first, as drizzle-kit's journal lists them. */
const migrationTags = (JSON.parse(readFileSync('migrations/sqlite/meta/_journal.json', 'utf8')) as { entries: { tag: string }[] }).entries.map((entry) => entry.tag)

/** Waits until a log line says the request to `/health` is complete: lines logged before it are in by then. */
async function logsSettled (server: Awaited<ReturnType<typeof startServer>>) {
  await fetch(`${server.origin}/health`)
  const answered = () => server.logs.some((line) => line.msg === 'request completed')
  for (let wait = 0; wait < 100 && !answered(); wait++) await new Promise((resolve) => setTimeout(resolve, 20))
  return server.logs
}

t.test('the start log says which migrations were applied, whether the seed article was loaded, and whether PUBLIC_BASE_URL follows PORT', async (t) => {
  const first = await startServer(t, { PUBLIC_BASE_URL: 'http://127.0.0.1:1' })
  const logs = await logsSettled(first)
  t.match(logs.find((line) => Array.isArray(line.migrations)), {
    migrations: migrationTags,
    msg: `applied ${migrationTags.length} migrations: ${migrationTags.join(', ')}`
  }, 'a fresh database gets every migration, named')
  t.match(logs.find((line) => typeof line.seeded === 'boolean'), { seeded: true, msg: 'loaded the seed article' })
  t.match(logs.filter((line) => /PUBLIC_BASE_URL/.test(line.msg)), [{
    level: 40,
    msg: `PUBLIC_BASE_URL http://127.0.0.1:1 names port 1 of this machine, but the server listens on port ${new URL(first.origin).port}: links in feeds, ninjs and JSON-LD will not reach it unless something forwards that port`
  }])
  first.child.kill('SIGTERM')
  t.equal(await first.exited, 0)

  const again = await startServer(t, await sameMachineSamePort(), first.databasePath)
  const logsAgain = await logsSettled(again)
  t.match(logsAgain.find((line) => Array.isArray(line.migrations)), {
    migrations: [],
    msg: `no migration to apply: the database is up to date (${migrationTags.at(-1)})`
  })
  t.match(logsAgain.find((line) => typeof line.seeded === 'boolean'), { seeded: false, msg: /^seed article not loaded: / })
  t.notOk(logsAgain.some((line) => /PUBLIC_BASE_URL/.test(line.msg)), 'no warning when PUBLIC_BASE_URL follows PORT')
})

/** PORT and a PUBLIC_BASE_URL on this machine that follows it: a port free a moment ago. */
async function sameMachineSamePort () {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as AddressInfo
  await new Promise((resolve) => probe.close(resolve))
  return { PORT: String(port), PUBLIC_BASE_URL: `http://localhost:${port}` }
}

/** Runs `src/server.ts` with a DATABASE_URL that must stop it, until it exits. */
async function failedStart (databaseUrl: string) {
  const child = spawn(process.execPath, [...process.execArgv, 'src/server.ts'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => { stdout += chunk })
  child.stderr.on('data', (chunk) => { stderr += chunk })
  const code = await new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { code, stdout, stderr }
}

t.test('a bad variable stops the server at once with one line naming it, no stack trace', async (t) => {
  // Refused by our own parsing here; test/runtime.test.ts has one refused by the schema (PORT), on the built server.
  const { code, stdout, stderr } = await failedStart('mysql://cms:secret@db/cms')
  t.equal(code, 1, 'exit code 1')
  t.equal(stderr, 'Configuration error: DATABASE_URL must be "file:<path>", ":memory:" or "postgres://…", got "mysql://***@db/cms"\n', 'one line naming it, not its password')
  t.equal(stdout, '', 'nothing started')
})

t.test('a PostgreSQL server that cannot be reached stops the start with one line naming the host', async (t) => {
  // A port nothing listens on: taken, then let go.
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo
      probe.close(() => resolve(port))
    })
  })
  const { code, stdout, stderr } = await failedStart(`postgres://cms:secret@127.0.0.1:${port}/news`)
  t.equal(code, 1, 'exit code 1')
  t.equal(stderr, `Database error: cannot reach PostgreSQL at 127.0.0.1:${port}/news: connect ECONNREFUSED 127.0.0.1:${port}\n`, 'one line naming the host, not the password')
  t.equal(stdout, '', 'nothing started')
})
