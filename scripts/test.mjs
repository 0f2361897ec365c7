// npm test: the whole suite on SQLite, then again on PostgreSQL (a throwaway local server unless TEST_DATABASE_URL names one).
// Plain JavaScript: it starts tap, which compiles the TypeScript tests itself.
import { spawn, spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

/**
 * Test files that touch no database, left out of the PostgreSQL pass because a second run would
 * prove nothing new: pure functions (configuration, HTML, XML, webhook addresses and signatures),
 * the OpenAPI lint (of the committed document, which openapi.test.ts proves is the served one),
 * and the container image's Node and SQLite (runtime.test.ts, which compiles better-sqlite3 for
 * that Node: minutes on a first run). Measured here (tap's time per file, 4 jobs on 2 busy cores):
 * runtime 293 s, openapi-lint 29 s, config 1.4 s, the others under 0.4 s each, plus a few seconds
 * each to start a test process. Every file that builds an app or opens a database runs in both
 * passes, even where the behaviour it checks comes before the database (duplicate-keys).
 */
const databaseFreeTests = [
  'test/config.test.ts',
  'test/html.test.ts',
  'test/openapi-lint.test.ts',
  'test/runtime.test.ts',
  'test/webhooks-addresses.test.ts',
  'test/xml.test.ts'
]

/** The oldest PostgreSQL the app supports, and so the oldest server the second pass starts. */
const oldestPostgres = 15

const tapArgs = process.argv.slice(2)
const engines = chosenEngines(process.env.TEST_ENGINES)

/** The children running now, told about ^C or a termination so that they stop first. */
const children = new Set()
let interruption
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    interruption = signal
    for (const child of children) child.kill(signal)
  })
}

const results = []
if (engines.includes('sqlite')) {
  results.push(['SQLite', await tap({ TEST_ENGINE: undefined }, tapArgs)])
}
if (engines.includes('postgres') && !interruption) {
  results.push(['PostgreSQL', await postgresPass()])
}

console.log(`\n${results.map(([engine, result]) => `${engine} pass: ${result}`).join('; ')}`)
if (interruption) process.exit(128 + ({ SIGINT: 2, SIGTERM: 15, SIGHUP: 1 })[interruption])
process.exit(results.every(([, result]) => result === 'passed' || result.startsWith('skipped')) ? 0 : 1)

/** TEST_ENGINES=sqlite or =postgres runs one pass; unset, both. */
function chosenEngines (value) {
  const names = (value ?? 'sqlite,postgres').split(',').map((name) => name.trim()).filter(Boolean)
  const unknown = names.filter((name) => name !== 'sqlite' && name !== 'postgres')
  if (names.length === 0 || unknown.length > 0) {
    console.error(`TEST_ENGINES must be sqlite, postgres or both (sqlite,postgres), not ${JSON.stringify(value)}.`)
    process.exit(2)
  }
  return names
}

/** The second pass: on TEST_DATABASE_URL's server if set, else on a server started here and removed after. */
async function postgresPass () {
  const exclusions = databaseFreeTests.flatMap((file) => ['--exclude', file])
  if (process.env.TEST_DATABASE_URL) {
    console.log(`\nPostgreSQL pass on TEST_DATABASE_URL's server (${redacted(process.env.TEST_DATABASE_URL)})`)
    return tap({ TEST_ENGINE: 'postgres' }, [...exclusions, ...tapArgs])
  }
  const found = serverBinaries()
  if (typeof found === 'string') {
    const reason = `PostgreSQL pass ${engines.length === 1 ? 'failed, it cannot run' : 'skipped'}: ${found}. Install PostgreSQL ${oldestPostgres} or later ` +
      '(Debian: apt-get install postgresql), or set TEST_DATABASE_URL to a server where the tests may CREATE DATABASE.'
    // Asked for on its own, a pass that cannot run is a failure rather than a silent success.
    if (engines.length === 1) {
      console.error(reason)
      return 'failed (not run)'
    }
    console.log(`\n${reason}`)
    return 'skipped (no PostgreSQL server binaries)'
  }
  const server = await startThrowawayServer(found)
  try {
    if (!server.url) return 'failed (the throwaway PostgreSQL server did not start)'
    if (interruption) return `interrupted (${interruption})`
    console.log(`\nPostgreSQL pass on a throwaway PostgreSQL ${found.major} server (${server.url})`)
    return await tap({ TEST_ENGINE: 'postgres', TEST_DATABASE_URL: server.url }, [...exclusions, ...tapArgs])
  } finally {
    server.remove()
  }
}

/** Runs tap with the package.json configuration, this environment changed by `env`, and `args`. */
async function tap (env, args) {
  const bin = JSON.parse(readFileSync(join(root, 'node_modules/tap/package.json'), 'utf8')).bin.tap
  const childEnv = { ...process.env, ...env }
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete childEnv[name]
  const child = spawn(process.execPath, [join(root, 'node_modules/tap', bin), ...args], { cwd: root, env: childEnv, stdio: 'inherit' })
  children.add(child)
  const code = await new Promise((resolve) => child.on('close', (status, signal) => resolve(signal ?? status)))
  children.delete(child)
  return code === 0 ? 'passed' : `failed (${code})`
}

/**
 * The PostgreSQL server programs to start a throwaway server with, or why there are none:
 * POSTGRES_BIN if set (a folder, e.g. /nonexistent to try the skipped pass), else the newest
 * Debian /usr/lib/postgresql/<n>/bin, else `pg_config --bindir`, else the PATH.
 */
function serverBinaries () {
  const candidates = process.env.POSTGRES_BIN
    ? [process.env.POSTGRES_BIN]
    : [...debianFolders(), pgConfigFolder(), ...(process.env.PATH ?? '').split(delimiter)].filter(Boolean)
  const tooOld = []
  for (const folder of candidates) {
    if (!['postgres', 'initdb', 'pg_ctl'].every((program) => existsSync(join(folder, program)))) continue
    const version = spawnSync(join(folder, 'postgres'), ['--version'], { encoding: 'utf8' }).stdout ?? ''
    const major = Number(/PostgreSQL\)? (\d+)/.exec(version)?.[1])
    if (major >= oldestPostgres) return { folder, major }
    tooOld.push(`${folder} (${version.trim() || 'unknown version'})`)
  }
  if (tooOld.length > 0) return `only PostgreSQL older than ${oldestPostgres} found: ${tooOld.join(', ')}`
  return process.env.POSTGRES_BIN
    ? `POSTGRES_BIN=${process.env.POSTGRES_BIN} holds no postgres, initdb and pg_ctl`
    : 'no PostgreSQL server binaries (postgres, initdb, pg_ctl) in /usr/lib/postgresql/*/bin, pg_config --bindir or the PATH'
}

function debianFolders () {
  const base = '/usr/lib/postgresql'
  if (!existsSync(base)) return []
  return readdirSync(base).filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a)).map((name) => join(base, name, 'bin'))
}

function pgConfigFolder () {
  const { stdout, status } = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' })
  return status === 0 ? stdout.trim() : undefined
}

/**
 * Starts a server for tests only, in a new temporary folder: trust authentication, 127.0.0.1 and a
 * free port, its socket in that folder, and no durability (nothing in it outlives the run). Root
 * may not run PostgreSQL, so as root the folder belongs to `postgres` and the programs run as it.
 * Returns its URL (undefined when it did not start) and remove(), which stops it and deletes the folder.
 */
async function startThrowawayServer ({ folder }) {
  const dir = mkdtempSync(join(tmpdir(), 'news-cms-postgres-'))
  const data = join(dir, 'data')
  const asRoot = process.getuid?.() === 0
  const as = (program, args) => {
    const [command, commandArgs] = asRoot ? ['runuser', ['-u', 'postgres', '--', program, ...args]] : [program, args]
    return spawnSync(command, commandArgs, { cwd: dir, encoding: 'utf8' })
  }
  let removed = false
  const remove = () => {
    if (removed) return
    removed = true
    if (existsSync(join(data, 'postmaster.pid'))) as(join(folder, 'pg_ctl'), ['stop', '--pgdata', data, '--mode', 'immediate', '--wait'])
    rmSync(dir, { recursive: true, force: true })
  }
  // Whatever ends this process from here (an exception, process.exit, a signal) removes the server.
  process.on('exit', remove)
  const fail = (step, result) => {
    console.error(`The throwaway PostgreSQL server did not start: ${step} failed (${result.error?.message ?? `exit ${result.status}`}).`)
    console.error(`${result.stdout ?? ''}${result.stderr ?? ''}`.trim())
    const log = join(dir, 'server.log')
    if (existsSync(log)) console.error(readFileSync(log, 'utf8').trim())
    return { url: undefined, remove }
  }

  if (asRoot) {
    const owner = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' })
    const group = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' })
    if (owner.status !== 0) return fail('finding the `postgres` user to run it as (root may not)', owner)
    chownSync(dir, Number(owner.stdout), Number(group.stdout))
  }
  const initdb = as(join(folder, 'initdb'), ['--pgdata', data, '--auth=trust', '--username=postgres', '--encoding=UTF8', '--locale=C', '--no-sync'])
  if (initdb.status !== 0) return fail('initdb', initdb)

  const port = await freePort()
  const settings = {
    listen_addresses: '127.0.0.1',
    port,
    unix_socket_directories: dir,
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    // Four tap jobs, each building apps with pools of their own, plus the tests' own connections.
    max_connections: 300
  }
  const options = Object.entries(settings).map(([name, value]) => `-c ${name}=${value}`).join(' ')
  const start = as(join(folder, 'pg_ctl'), ['start', '--pgdata', data, '--log', join(dir, 'server.log'), '--options', options, '--wait', '--timeout', '60'])
  if (start.status !== 0) return fail('pg_ctl start', start)
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, remove }
}

/** A TCP port on 127.0.0.1 that nothing listens on now, as the operating system picks one. */
function freePort () {
  return new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })
}

/** A URL as it may be printed: without its password. */
function redacted (url) {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.href
  } catch {
    return 'not a URL'
  }
}
