// SQLite, the embedded default: one file in WAL mode, a writer connection behind a lock, readers on their own.
//
// Repositories are asynchronous (PostgreSQL's driver is), but better-sqlite3's transactions are
// synchronous and cannot span an `await`. So writes go through one writer connection, one at a
// time: a queue serialises them in this process, those that waited are committed together, and
// `BEGIN IMMEDIATE` takes SQLite's write lock against other processes on the same file (they
// wait up to busy_timeout). Between
// the awaits of a write other requests run, so they must not read on the writer connection, or
// they would see a write that may still roll back: reads go to a second connection, which WAL
// shows the last committed state. `:memory:` is a temporary file for that reason (two
// connections to `:memory:` would be two databases), removed when the database closes.
import { AsyncLocalStorage } from 'node:async_hooks'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import BetterSqlite3 from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import type { Database, Db, Migrations } from './database.js'
import * as tables from './sqlite-schema.js'

export const sqliteMigrationsFolder = fileURLToPath(new URL('../../migrations/sqlite', import.meta.url))

function connect (path: string, durable: boolean): BetterSqlite3.Database {
  const connection = new BetterSqlite3(path)
  // First: a process starting beside another on a new file waits for the other's locks (its
  // switch to WAL, its migrations) rather than failing at once.
  connection.pragma('busy_timeout = 5000')
  connection.pragma('journal_mode = WAL')
  // FULL: a commit is on disk before it is acknowledged, even across a power cut. A
  // temporary database (`:memory:`) outlives no crash, so it skips the sync.
  connection.pragma(durable ? 'synchronous = FULL' : 'synchronous = OFF')
  connection.pragma('foreign_keys = ON')
  return connection
}

/** A write waiting for the writer connection, and how to answer its caller. */
interface Queued<T> { work: (tx: Db) => Promise<T>, resolve: (value: T) => void, reject: (error: unknown) => void }

export function openSqlite (path: string): Database & { connections: { writer: BetterSqlite3.Database, reader: BetterSqlite3.Database } } {
  const temporary = path === ':memory:' ? mkdtempSync(join(tmpdir(), 'cms-memory-')) : undefined
  const file = temporary === undefined ? path : join(temporary, 'cms.db')
  mkdirSync(dirname(file), { recursive: true })
  const writer = connect(file, temporary === undefined)
  const migrations = applyMigrations(writer)
  const reader = connect(file, temporary === undefined)
  const writeDb = drizzle(writer, { schema: tables }) as unknown as Db
  const readDb = drizzle(reader, { schema: tables }) as unknown as Db

  const inWrite = new AsyncLocalStorage<Db>()

  // Writes waiting for their turn, and whether a turn is being taken now.
  let waiting: Array<Queued<unknown>> = []
  let draining: Promise<void> | undefined

  async function drain () {
    while (waiting.length > 0) {
      const batch = waiting
      waiting = []
      await commitTogether(batch)
    }
    draining = undefined
  }

  /**
   * Runs every write that waited for the last commit one after another, each in a savepoint of
   * one transaction, and commits them together (group commit): one sync to disk for all of
   * them, not one each. A write that fails is rolled back to its savepoint alone and rejected;
   * the others are answered once the commit is on disk, never before.
   */
  async function commitTogether (batch: Array<Queued<unknown>>) {
    const succeeded: Array<{ write: Queued<unknown>, result: unknown }> = []
    let next = 0
    try {
      writer.exec('BEGIN IMMEDIATE')
      for (; next < batch.length; next++) {
        const write = batch[next]!
        writer.exec('SAVEPOINT write')
        try {
          const result = await inWrite.run(writeDb, () => write.work(writeDb))
          writer.exec('RELEASE write')
          succeeded.push({ write, result })
        } catch (error) {
          // An error SQLite rolled the whole transaction back for (a full disk) fails every write in it.
          if (!writer.inTransaction) throw error
          writer.exec('ROLLBACK TO write')
          writer.exec('RELEASE write')
          write.reject(error)
        }
      }
      writer.exec('COMMIT')
      for (const { write, result } of succeeded) write.resolve(result)
    } catch (error) {
      if (writer.inTransaction) writer.exec('ROLLBACK')
      // Nothing of the transaction is kept: the writes that had succeeded in it fail, and those not run yet.
      for (const write of [...succeeded.map(({ write }) => write), ...batch.slice(next)]) write.reject(error)
    } finally {
      // Off until the next write. On Node 20, while any AsyncLocalStorage is enabled a hook runs
      // for every promise the process creates: left on after the first write (the seed), it
      // cost every read about 11 % more CPU than before the engine work (npm run bench).
      inWrite.disable()
    }
  }

  function write<T> (work: (tx: Db) => Promise<T>): Promise<T> {
    const current = inWrite.getStore()
    if (current !== undefined) return work(current)
    return new Promise<T>((resolve, reject) => {
      waiting.push({ work, resolve, reject } as Queued<unknown>)
      // Once the requests that came in with this one have queued their writes too: SQLite
      // answers at once, so a write begun now would commit before any other could join it.
      draining ??= new Promise((resolve) => setImmediate(resolve)).then(drain)
    })
  }

  return {
    engine: 'sqlite',
    name: path,
    db: readDb,
    write,
    // Every write is on the writer connection, in its turn.
    writeStatement: write,
    async ping () {
      reader.prepare('select 1').get()
    },
    async close () {
      await draining
      reader.close()
      writer.close()
      if (temporary !== undefined) rmSync(temporary, { recursive: true, force: true })
    },
    migrations,
    connections: { writer, reader }
  }
}

/**
 * Applies the pending migrations and names them. Drizzle records a time per migration but no
 * name, and applies those newer than the last it recorded; the journal gives their names.
 */
function applyMigrations (connection: BetterSqlite3.Database): Migrations {
  const journal = JSON.parse(readFileSync(join(sqliteMigrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string, when: number }[] }
  let last = lastMigration(connection)
  try {
    migrate(drizzle(connection), { migrationsFolder: sqliteMigrationsFolder })
  } catch (error) {
    // Drizzle looks at what is applied before its transaction begins: a process starting
    // beside this one on the same file may have applied the same migrations in between, and
    // this one's transaction, let in after it, fails on the tables it made. Look again then.
    const now = lastMigration(connection)
    if (now <= last) throw error
    last = now
    migrate(drizzle(connection), { migrationsFolder: sqliteMigrationsFolder })
  }
  return { applied: journal.entries.filter((entry) => entry.when > last).map((entry) => entry.tag), latest: journal.entries.at(-1)?.tag }
}

/** When the newest applied migration was made (0 for none): Drizzle's record of it. */
function lastMigration (connection: BetterSqlite3.Database): number {
  const recorded = connection.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get()
  return recorded ? Number((connection.prepare('select max(created_at) as at from __drizzle_migrations').get() as { at: number | null }).at ?? 0) : 0
}
