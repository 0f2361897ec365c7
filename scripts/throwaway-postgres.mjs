// A PostgreSQL server for one test run: found among the installed server programs, started in a temporary folder, removed after.
// Plain JavaScript, for scripts/test.mjs; test/throwaway-postgres.test.ts tests it.
import { spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'

/** The oldest PostgreSQL the app supports, and so the oldest server started for its tests. */
export const oldestPostgres = 15

/**
 * The PostgreSQL server programs to start a throwaway server with, or why there are none:
 * POSTGRES_BIN if set (a folder, e.g. /nonexistent to try the skipped pass), else the newest
 * Debian /usr/lib/postgresql/<n>/bin, else `pg_config --bindir`, else the PATH.
 */
export function serverBinaries () {
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
 * Returns its URL (undefined when it did not start), its folder, and remove(), which stops it and deletes the folder.
 */
export async function startThrowawayServer ({ folder }) {
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
    return { url: undefined, directory: dir, remove }
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
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, directory: dir, remove }
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
