// npm test's PostgreSQL server: found among the installed programs, started for tests only, and gone after; the pass says why when it cannot run.
import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { oldestPostgres, serverBinaries, startThrowawayServer } from '../scripts/throwaway-postgres.mjs'
import { onServer } from './databases.js'

/** Runs serverBinaries() with POSTGRES_BIN set to `folder`. */
function binariesIn (folder: string): ReturnType<typeof serverBinaries> {
  const before = process.env.POSTGRES_BIN
  process.env.POSTGRES_BIN = folder
  try {
    return serverBinaries()
  } finally {
    if (before === undefined) delete process.env.POSTGRES_BIN
    else process.env.POSTGRES_BIN = before
  }
}

t.test('a folder without the server programs is a reason, not a server', async (t) => {
  t.equal(binariesIn('/nonexistent'), 'POSTGRES_BIN=/nonexistent holds no postgres, initdb and pg_ctl')
})

t.test('a server older than the oldest the app supports is refused, naming its version', async (t) => {
  const folder = t.testdir({})
  for (const program of ['postgres', 'initdb', 'pg_ctl']) {
    writeFileSync(join(folder, program), '#!/bin/sh\necho "postgres (PostgreSQL) 14.9"\n')
    chmodSync(join(folder, program), 0o755)
  }
  t.equal(binariesIn(folder), `only PostgreSQL older than ${oldestPostgres} found: ${folder} (postgres (PostgreSQL) 14.9)`)
})

const testScript = fileURLToPath(new URL('../scripts/test.mjs', import.meta.url))
const found = serverBinaries()

t.test('the throwaway server listens on 127.0.0.1 only, without durability, and is gone after remove()', {
  skip: typeof found === 'string' ? found : false
}, async (t) => {
  if (typeof found === 'string') return
  t.ok(found.major >= oldestPostgres, `PostgreSQL ${found.major}`)
  const server = await startThrowawayServer(found)
  t.teardown(server.remove)
  if (server.url === undefined) return t.fail('the server did not start')
  t.match(server.url, /^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/)
  const settings = await onServer(server.url, "SELECT name, setting FROM pg_settings WHERE name IN ('listen_addresses', 'fsync', 'synchronous_commit', 'full_page_writes', 'max_connections', 'unix_socket_directories', 'server_encoding') ORDER BY name")
  t.same(Object.fromEntries(settings.rows.map(({ name, setting }) => [name, setting])), {
    fsync: 'off',
    full_page_writes: 'off',
    listen_addresses: '127.0.0.1',
    max_connections: '300',
    server_encoding: 'UTF8',
    synchronous_commit: 'off',
    unix_socket_directories: server.directory
  })
  if (process.getuid?.() === 0) {
    const postgresUser = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout)
    t.equal(statSync(server.directory).uid, postgresUser, 'as root, its folder belongs to the postgres user')
  }

  server.remove()
  t.notOk(existsSync(server.directory), 'its folder is removed')
  await t.rejects(onServer(server.url, 'SELECT 1'), { code: 'ECONNREFUSED' }, 'nothing listens on its port any more')
})

t.test('npm test says plainly why a PostgreSQL pass cannot run, and fails when that pass alone was asked for', async (t) => {
  const env: NodeJS.ProcessEnv = { ...process.env, TEST_ENGINES: 'postgres', POSTGRES_BIN: '/nonexistent' }
  delete env.TEST_DATABASE_URL
  const run = spawnSync(process.execPath, [testScript], { env, encoding: 'utf8' })
  t.equal(run.status, 1)
  t.match(run.stderr, 'PostgreSQL pass failed, it cannot run: POSTGRES_BIN=/nonexistent holds no postgres, initdb and pg_ctl.')
  t.match(run.stderr, 'or set TEST_DATABASE_URL')
  t.match(run.stdout, 'PostgreSQL pass: failed (not run)')
})

t.test('npm test refuses an engine it does not know', async (t) => {
  const run = spawnSync(process.execPath, [testScript], { env: { ...process.env, TEST_ENGINES: 'mysql' }, encoding: 'utf8' })
  t.equal(run.status, 2)
  t.match(run.stderr, 'TEST_ENGINES must be sqlite, postgres or both (sqlite,postgres), not "mysql".')
})
