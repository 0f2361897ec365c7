// npm test: the whole suite on SQLite, then again on PostgreSQL (a throwaway local server unless TEST_DATABASE_URL names one).
// Plain JavaScript: it starts tap, which compiles the TypeScript tests itself.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { oldestPostgres, serverBinaries, startThrowawayServer } from './throwaway-postgres.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))

/**
 * Test files left out of the PostgreSQL pass because a second run would prove nothing new: those
 * that touch no database: pure functions (configuration, HTML, XML, webhook addresses and signatures),
 * the OpenAPI lint (of the committed document, which openapi.test.ts proves is the served one),
 * the throwaway server's own test (throwaway-postgres.test.ts starts a server of its own), and
 * the container image's Node and SQLite (runtime.test.ts, which compiles better-sqlite3 for that
 * Node: two minutes on a first run). Measured here (tap's time per file, 4 jobs on 2 busy cores):
 * runtime 136 s (293 s before it built without optimizing), openapi-lint 29 s, config 1.4 s,
 * the others under 0.4 s each, plus a few seconds each to start a test process. Every file that
 * builds an app or opens a database runs in both passes, even where the behaviour it checks comes
 * before the database (duplicate-keys), but two that open SQLite whatever the engine: sqlite-writes.test.ts (SQLite's write queue) and
 * server.test.ts (the server's start, logs and shutdown on SQLite files: 100 s; servers on
 * PostgreSQL are started by instances.test.ts).
 */
const sqlitePassOnly = [
  'test/config.test.ts',
  'test/html.test.ts',
  'test/openapi-lint.test.ts',
  'test/runtime.test.ts',
  'test/server.test.ts',
  'test/sqlite-writes.test.ts',
  'test/throwaway-postgres.test.ts',
  'test/webhooks-addresses.test.ts',
  'test/xml.test.ts'
]

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
/** Each failed assertion with the subtests it is in and its diagnostics, repeated at the end where a log's tail shows them. */
const failures = []
if (engines.includes('sqlite')) {
  console.log('SQLite pass')
  results.push(['SQLite', await tap({ TEST_ENGINE: undefined }, tapArgs, 'SQLite')])
}
if (engines.includes('postgres') && !interruption) {
  results.push(['PostgreSQL', await postgresPass()])
}

if (failures.length > 0) console.log(`\nWhat failed (${failures.length}):\n${failures.join('\n')}`)
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
  const exclusions = sqlitePassOnly.flatMap((file) => ['--exclude', file])
  if (process.env.TEST_DATABASE_URL) {
    console.log(`\nPostgreSQL pass on TEST_DATABASE_URL's server (${redacted(process.env.TEST_DATABASE_URL)})`)
    return tap({ TEST_ENGINE: 'postgres' }, [...exclusions, ...tapArgs], 'PostgreSQL')
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
    return 'skipped (no PostgreSQL server)'
  }
  const server = await startThrowawayServer(found)
  try {
    if (!server.url) return 'failed (the throwaway PostgreSQL server did not start)'
    if (interruption) return `interrupted (${interruption})`
    console.log(`\nPostgreSQL pass on a throwaway PostgreSQL ${found.major} server (${server.url})`)
    return await tap({ TEST_ENGINE: 'postgres', TEST_DATABASE_URL: server.url }, [...exclusions, ...tapArgs], 'PostgreSQL')
  } finally {
    server.remove()
  }
}

/** Runs tap with the package.json configuration, this environment changed by `env`, and `args`; its output passes through. */
async function tap (env, args, engine) {
  const bin = JSON.parse(readFileSync(join(root, 'node_modules/tap/package.json'), 'utf8')).bin.tap
  const childEnv = { ...process.env, ...env }
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete childEnv[name]
  const child = spawn(process.execPath, [join(root, 'node_modules/tap', bin), ...args], { cwd: root, env: childEnv, stdio: ['inherit', 'pipe', 'inherit'] })
  child.stdout.pipe(process.stdout)
  collectFailures(child.stdout, engine)
  children.add(child)
  const code = await new Promise((resolve) => child.on('close', (status, signal) => resolve(signal ?? status)))
  children.delete(child)
  return code === 0 ? 'passed' : `failed (${code})`
}

/**
 * Collects the failures in tap's TAP output: each failed assertion (not the subtests and files that failed because of
 * it, whose lines end in `# time=…`) with the names of the subtests around it and its YAML diagnostics.
 */
function collectFailures (stream, engine) {
  const subtests = []
  let failure
  createInterface({ input: stream }).on('line', (line) => {
    const indent = line.length - line.trimStart().length
    if (failure !== undefined) {
      const diagnostics = failure.lines.length > 2 || line === `${' '.repeat(failure.indent + 2)}---`
      if (diagnostics) failure.lines.push(line)
      if (diagnostics && line.trim() !== '...') return
      failures.push(failure.lines.join('\n'))
      failure = undefined
      if (diagnostics) return
    }
    const subtest = /^\s*# Subtest: (.*)$/.exec(line)
    if (subtest !== null) {
      subtests.length = indent / 4
      subtests.push(subtest[1])
    } else if (/^\s*not ok \d+/.test(line) && !/# time=[\d.]+ms$/.test(line)) {
      failure = { indent, lines: [`${engine} pass › ${subtests.slice(0, indent / 4).join(' › ')}`, line] }
    }
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
