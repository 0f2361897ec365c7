// What the benchmarks share: the production server started on a free port with its log in a file, stopped again, and a PostgreSQL database of their own.
import { spawn, type ChildProcess } from 'node:child_process'
import { openSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { join } from 'node:path'
import pg from 'pg'
import { oldestPostgres, serverBinaries, startThrowawayServer } from '../../scripts/throwaway-postgres.mjs'

export function freePort (): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo
      probe.close(() => resolve(port))
    })
  })
}

/** A URL as it may be printed: without its password. */
export function redacted (url: string): string {
  const parsed = new URL(url)
  if (parsed.password) parsed.password = '***'
  return parsed.href
}

export interface Target { name: string, child: ChildProcess, origin: string }

/** Starts a Node script on a free loopback port and resolves once it answers; `name` names it in the table and its log file (in `folder`). */
export async function start (folder: string, name: string, script: string, env: Record<string, string>, readyPath: string): Promise<Target> {
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
export function stop ({ child }: Target): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}

/** Runs one statement on a connection of its own, closed whatever happens. */
export async function onServer (url: string, statement: string) {
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
export async function postgresDatabase (): Promise<{ url: string, where: string, remove: () => Promise<void> } | string> {
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
