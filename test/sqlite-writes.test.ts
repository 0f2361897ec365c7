// SQLite's writes: one at a time on the writer connection, a write inside another joins it, readers see only what committed.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import t from 'tap'
import { openSqlite } from '../src/db/sqlite.js'
import { seeds, tokens } from '../src/db/sqlite-schema.js'

t.test('a write inside a write joins it, in every write, however many ended before', async (t) => {
  const database = openSqlite(join(mkdtempSync(join(tmpdir(), 'cms-test-')), 'cms.db'))
  t.teardown(() => database.close())
  const names = async () => (await database.db.select({ name: seeds.name }).from(seeds).orderBy(seeds.name)).map((row) => row.name)
  const loadedAt = new Date().toISOString()
  // Each write ends with its context switched off (see sqlite.ts): the next must switch it on again.
  for (const round of [1, 2, 3]) {
    await database.write(async (tx) => {
      await tx.insert(seeds).values({ name: `outer-${round}`, loadedAt })
      // Joined, it runs now and sees the outer write's row; queued behind it, it would wait for ever.
      const seen = await database.write(async (inner) => {
        await inner.insert(seeds).values({ name: `inner-${round}`, loadedAt })
        return (await inner.select({ name: seeds.name }).from(seeds)).map((row) => row.name)
      })
      t.ok(seen.includes(`outer-${round}`), `round ${round}: the inner write sees the outer one's row`)
      t.notOk((await names()).includes(`outer-${round}`), `round ${round}: readers do not see the write before it commits`)
    })
  }
  t.same(await names(), ['inner-1', 'inner-2', 'inner-3', 'outer-1', 'outer-2', 'outer-3'])
})

t.test('writes started together run one after the other, each committed', async (t) => {
  const database = openSqlite(join(mkdtempSync(join(tmpdir(), 'cms-test-')), 'cms.db'))
  t.teardown(() => database.close())
  const loadedAt = new Date().toISOString()
  let running = 0
  let most = 0
  await Promise.all([1, 2, 3, 4].map((number) => database.write(async (tx) => {
    running++
    most = Math.max(most, running)
    await tx.insert(seeds).values({ name: `write-${number}`, loadedAt })
    await new Promise((resolve) => setImmediate(resolve))
    running--
  })))
  t.equal(most, 1, 'never two writes at once')
  t.equal((await database.db.select().from(seeds)).length, 4)
})

t.test('a write in progress is invisible to readers, writes queue one after the other, and a failed one leaves nothing', async (t) => {
  const database = openSqlite(join(mkdtempSync(join(tmpdir(), 'cms-isolation-')), 'cms.db'))
  t.teardown(() => database.close())
  const token = (id: string) => ({ id, name: id, role: 'editor' as const, secretHash: id, createdAt: '2026-01-01T00:00:00.000Z' })
  const order: string[] = []
  let fail: (error: Error) => void = () => {}
  const failed = new Promise<never>((_resolve, reject) => { fail = reject })

  const first = database.write(async (tx) => {
    await tx.insert(tokens).values(token('first'))
    order.push('first wrote')
    await failed
  })
  const second = database.write(async (tx) => {
    order.push('second began')
    await tx.insert(tokens).values(token('second'))
  })
  await new Promise((resolve) => setTimeout(resolve, 50))
  t.same(await database.db.select({ id: tokens.id }).from(tokens), [], 'a reader does not see the write in progress')
  t.same(order, ['first wrote'], 'the second write waits for the first')

  fail(new Error('the first write fails'))
  await t.rejects(first, /the first write fails/)
  await second
  t.same(order, ['first wrote', 'second began'])
  t.same(await database.db.select({ id: tokens.id }).from(tokens), [{ id: 'second' }], 'the failed write left nothing; the next one committed')
})

t.test('a write takes the write lock as it begins: another process waits for it, and never has to upgrade a read lock', async (t) => {
  const file = join(mkdtempSync(join(tmpdir(), 'cms-lock-')), 'cms.db')
  const database = openSqlite(file)
  t.teardown(() => database.close())
  // Another process on the file, as a second worker is: told not to wait, so a lock it finds taken shows at once.
  const other = new BetterSqlite3(file)
  t.teardown(() => other.close())
  other.pragma('busy_timeout = 0')
  await database.write(async (tx) => {
    // Nothing read or written yet in this write, and the lock is held already (BEGIN IMMEDIATE):
    // with a deferred BEGIN, two writes that both read first could each wait for the other's
    // read lock to go, and SQLite answers one of them SQLITE_BUSY at once, whatever busy_timeout says.
    t.throws(() => other.exec('BEGIN IMMEDIATE'), { code: 'SQLITE_BUSY' }, 'the other process cannot start a write')
    t.same(other.prepare('select count(*) as n from seeds').get(), { n: 0 }, 'but it reads')
    await tx.insert(seeds).values({ name: 'locked', loadedAt: new Date().toISOString() })
  })
  other.exec('BEGIN IMMEDIATE')
  other.exec('ROLLBACK')
  t.pass('the lock is free once the write committed')
})
