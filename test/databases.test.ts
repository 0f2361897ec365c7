// A test's own PostgreSQL database: fresh and usable, and gone when the test ends, whether or not its user closed.
import t from 'tap'
import pg from 'pg'
import { onServer, serverUrl, testDatabaseUrl, testEngine } from './databases.js'

const skip = testEngine === 'sqlite' ? 'a PostgreSQL helper: runs in the PostgreSQL pass (TEST_ENGINE=postgres)' : false

/** Whether the server still has a database of that name. */
async function exists (name: string): Promise<boolean> {
  const { rowCount } = await onServer(serverUrl(), `SELECT 1 FROM pg_database WHERE datname = '${name}'`)
  return rowCount === 1
}

const databaseName = (url: string): string => new URL(url).pathname.slice(1)

t.test('each call gives an empty database of its own, which a client can write to', { skip }, async (t) => {
  const first = await testDatabaseUrl(t)
  const second = await testDatabaseUrl(t)
  t.not(databaseName(first), databaseName(second))
  t.not(databaseName(first), databaseName(serverUrl()))
  t.equal((await onServer(first, "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'")).rows[0].n, 0)
  await onServer(first, 'CREATE TABLE notes (body text)')
  await onServer(first, "INSERT INTO notes VALUES ('عربي')")
  t.same((await onServer(first, 'SELECT body FROM notes')).rows, [{ body: 'عربي' }])
  await t.rejects(onServer(second, 'SELECT body FROM notes'), /relation "notes" does not exist/)
})

t.test('the database is dropped when its test ends after its user closed', { skip }, async (t) => {
  let name = ''
  await t.test('a user that closes', async (t) => {
    const url = await testDatabaseUrl(t)
    name = databaseName(url)
    const pool = new pg.Pool({ connectionString: url, max: 2 })
    t.teardown(() => pool.end())
    await pool.query('SELECT 1')
    t.ok(await exists(name), 'exists while the test runs')
  })
  t.notOk(await exists(name), 'dropped after it')
})

t.test('the database is dropped even while a connection to it is still open', { skip }, async (t) => {
  let name = ''
  await t.test('a user that never closes', async (t) => {
    const url = await testDatabaseUrl(t)
    name = databaseName(url)
    const open = new pg.Client({ connectionString: url })
    // The drop ends this connection; a pool or client without a listener would crash on it.
    open.on('error', () => {})
    await open.connect()
    await open.query('SELECT 1')
  })
  t.notOk(await exists(name), 'dropped after it')
})

t.test('a database already dropped by its test does not fail the teardown', { skip }, async (t) => {
  let name = ''
  await t.test('a test that drops it itself', async (t) => {
    const url = await testDatabaseUrl(t)
    name = databaseName(url)
    await onServer(serverUrl(), `DROP DATABASE "${name}"`)
  })
  t.notOk(await exists(name))
})

t.test('on SQLite each app gets an in-memory database', { skip: testEngine === 'postgres' ? 'the SQLite pass checks this' : false }, async (t) => {
  t.equal(await testDatabaseUrl(t), ':memory:')
})
