// The few statements where SQLite and PostgreSQL truly differ, side by side; every other query is shared.
import { is, sql, type SQL, type Table } from 'drizzle-orm'
import { PgDatabase } from 'drizzle-orm/pg-core'
import type BetterSqlite3 from 'better-sqlite3'
import type pg from 'pg'
import type { Db } from './database.js'

function isPostgres (q: Db): boolean {
  return is(q, PgDatabase)
}

/**
 * Locks the rows a read inside a write returns until the write commits (PostgreSQL's
 * `FOR UPDATE`): another instance's write to them waits, then sees this one's result. On
 * SQLite a write already holds the whole database. With `skipLocked`, rows another write
 * holds are left out instead of waited for (a worker claiming jobs); with `of`, only that
 * table's rows of a join are locked.
 */
export function forUpdate<T extends object> (query: T, options: { skipLocked?: boolean, of?: Table } = {}): T {
  return 'for' in query && typeof query.for === 'function' ? query.for('update', options) as T : query
}

/**
 * Takes the change feed's turn, held until the write commits. Positions come from a sequence,
 * taken when a row is inserted, not when it commits: without the turn, a reader could see 11
 * committed before 10 and move its cursor past 10 for ever. With it, changes commit in the
 * order of their positions. On SQLite a write already holds the whole database.
 */
export async function lockChangeFeed (tx: Db): Promise<void> {
  if (isPostgres(tx)) await rows(tx, sql`select pg_advisory_xact_lock(hashtext('news-cms changes'))`)
}

/**
 * Prepares a query, on PostgreSQL as a statement named `name`: parsed and planned once per
 * connection instead of with every run, which for a statement of several checks was most of
 * what the server spent on it (a comment's post: 0.47 ms of CPU unnamed, 0.17 ms named).
 * SQLite's statements are prepared once per connection anyway.
 */
export function prepareNamed<Query extends { prepare: () => unknown }> (q: Db, query: Query, name: string): ReturnType<Query['prepare']> {
  const prepare = query.prepare.bind(query) as (name?: string) => ReturnType<Query['prepare']>
  return isPostgres(q) ? prepare(name) : prepare()
}

/** `INDEXED BY` for SQLite, whose planner would otherwise pick a worse index; PostgreSQL plans by statistics. */
export function indexHint (q: Db, index: string): SQL {
  return isPostgres(q) ? sql`` : sql`indexed by ${sql.identifier(index)}`
}

/**
 * A boolean written into SQL: PostgreSQL's own, SQLite's 0 or 1. A partial index's WHERE
 * is matched as written, so a query meant to use one must say `listed = 0` on SQLite.
 */
export function literal (q: Db, value: boolean): SQL {
  return sql.raw(isPostgres(q) ? String(value) : value ? '1' : '0')
}

/**
 * A value that changes whenever a write commits, on any instance: what is worked out from
 * committed data may be kept while it stays the same. SQLite's `data_version` on the reader
 * connection moves with every commit of another connection (the writer, another process);
 * PostgreSQL's current snapshot (oldest running, next and running transactions) moves with
 * every transaction that starts writing or ends, so two equal snapshots see the same data.
 * Read it before the data: a commit in between then leaves what was read under a value no
 * later read will ask for.
 */
export function dataVersion (q: Db): number | Promise<string> {
  if (isPostgres(q)) {
    let read = snapshotReads.get(q)
    if (read === undefined) {
      // A named statement: parsed once per connection, not with every read.
      const pool = (q as unknown as { $client: Pick<pg.Pool, 'query'> }).$client
      read = sharedRead(async () => (await pool.query<{ version: string }>({ name: 'news-cms-data-version', text: 'select pg_current_snapshot()::text as version' })).rows[0]?.version ?? '')
      snapshotReads.set(q, read)
    }
    return read()
  }
  // Read with every kept answer: prepared once per connection, and answered at once (SQLite's calls are synchronous).
  const connection = (q as unknown as { $client: BetterSqlite3.Database }).$client
  let statement = dataVersionStatements.get(connection)
  if (statement === undefined) {
    statement = connection.prepare('pragma data_version').pluck()
    dataVersionStatements.set(connection, statement)
  }
  return statement.get() as number
}
const dataVersionStatements = new WeakMap<BetterSqlite3.Database, BetterSqlite3.Statement>()
const snapshotReads = new WeakMap<Db, () => Promise<string>>()

/**
 * A read shared by the callers of one turn of the event loop: it starts once the turn's I/O
 * has been handled (in setImmediate), after every one of them arrived, so none gets a value
 * read before it arrived (which could predate a write it has seen acknowledged). The reads of
 * successive turns overlap: a caller never waits for a read that started before it came, only
 * for its own.
 */
function sharedRead<T> (read: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined
  return () => {
    pending ??= new Promise<T>((resolve, reject) => {
      setImmediate(() => {
        pending = undefined
        read().then(resolve, reject)
      })
    })
    return pending
  }
}

/** The rows of a statement written in SQL. */
export async function rows<T> (q: Db, statement: SQL): Promise<T[]> {
  if (isPostgres(q)) return (await (q as unknown as { execute: (statement: SQL) => Promise<{ rows: T[] }> }).execute(statement)).rows
  return await q.all<T>(statement)
}

/** The SQLSTATE of a database error (PostgreSQL's, or SQLite's extended code), wrapped by Drizzle or not. */
export function sqlStateOf (error: unknown): string | undefined {
  for (let current = error; current instanceof Error || (typeof current === 'object' && current !== null); current = (current as { cause?: unknown }).cause) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string') return code
    if ((current as { cause?: unknown }).cause === undefined) return undefined
  }
  return undefined
}

/** Whether a write broke a unique index: another write took the slug (or key) first. */
export function isUniqueViolation (error: unknown): boolean {
  const code = sqlStateOf(error)
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
}

// Connection failures, the server shutting down or not yet accepting, too many clients.
const unavailable = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'EPIPE', '57P01', '57P02', '57P03', '53300', '08000', '08003', '08006', '08001', '08004', 'SQLITE_BUSY'])

/** Whether an error says the database cannot be reached (or is too busy) now, rather than that the request was wrong. */
export function isUnavailable (error: unknown): boolean {
  const code = sqlStateOf(error)
  if (code !== undefined) return unavailable.has(code)
  const message = error instanceof Error ? `${error.message} ${String((error.cause as Error | undefined)?.message ?? '')}` : ''
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(message)
}

// Full-text search: the index is each engine's own (the migrations make it; src/search/ owns what goes in).

/** How far apart two fields' positions are in a tsvector, so that a phrase never runs from one field into the next. */
const fieldGap = 64
// A tsvector holds positions up to 16383 and at most 256 for one lexeme, and a lexeme of at most 2047 bytes.
const lastPosition = 16383
const positionsPerLexeme = 256
const longestTerm = 100

/** A term as both indexes hold it: cut to its first 100 characters (a lexeme of any length would not fit PostgreSQL's). */
export function indexedTerm (term: string): string {
  return term.length <= longestTerm ? term : [...term].slice(0, longestTerm).join('')
}

const weights = ['A', 'B', 'C', 'D'] as const

/** A tsvector written out, positions weighted by field (A for the first field, then B, C, D). */
function tsvectorLiteral (fields: string[][]): string {
  const positions = new Map<string, string[]>()
  let position = 0
  fields.forEach((terms, index) => {
    for (const term of terms) {
      position = Math.min(position + 1, lastPosition)
      const list = positions.get(term) ?? []
      if (list.length < positionsPerLexeme) list.push(`${position}${weights[index]}`)
      positions.set(term, list)
    }
    position = Math.min(position + fieldGap, lastPosition)
  })
  return [...positions].map(([term, at]) => `'${term.replaceAll('\\', '\\\\').replaceAll('\'', '\'\'')}':${at.join(',')}`).join(' ')
}

/** Puts a search document's terms (by field, heaviest first) into the index, replacing what it held. */
export async function writeSearchRow (tx: Db, documentId: number, fields: string[][]): Promise<void> {
  const terms = fields.map((field) => field.map(indexedTerm))
  if (isPostgres(tx)) {
    await rows(tx, sql`insert into article_search (document_id, document) values (${documentId}, ${tsvectorLiteral(terms)}::tsvector)
      on conflict (document_id) do update set document = excluded.document`)
    return
  }
  const [title, headings, body, meta] = terms.map((field) => field.join(' '))
  await tx.run(sql`delete from article_search where rowid = ${documentId}`)
  await tx.run(sql`insert into article_search (rowid, title, headings, body, meta) values (${documentId}, ${title}, ${headings}, ${body}, ${meta})`)
}

/** What a query asks the index for: terms and phrases all present (a term perhaps as a prefix), none of those excluded. */
export interface IndexQuery {
  include: IndexClause[]
  exclude: IndexClause[]
}
export type IndexClause = { kind: 'term', term: string, prefix: boolean } | { kind: 'phrase', terms: string[] }

/** An FTS5 query: every term quoted (so nothing in it is syntax), AND by juxtaposition, then NOT what is excluded. */
function fts5Query ({ include, exclude }: IndexQuery): string {
  const quoted = (term: string) => `"${indexedTerm(term).replaceAll('"', '""')}"`
  const clause = (c: IndexClause) => c.kind === 'phrase' ? `"${c.terms.map((term) => indexedTerm(term).replaceAll('"', '""')).join(' ')}"` : `${quoted(c.term)}${c.prefix ? ' *' : ''}`
  const wanted = `(${include.map(clause).join(' AND ')})`
  return exclude.length === 0 ? wanted : `${wanted} NOT (${exclude.map(clause).join(' OR ')})`
}

/** A tsquery written out: every lexeme quoted, `:*` for a prefix, `<->` between a phrase's words, `!` for what is excluded. */
function tsquery ({ include, exclude }: IndexQuery): string {
  const quoted = (term: string) => `'${indexedTerm(term).replaceAll('\\', '\\\\').replaceAll('\'', '\'\'')}'`
  const clause = (c: IndexClause) => c.kind === 'phrase' ? `(${c.terms.map(quoted).join(' <-> ')})` : `${quoted(c.term)}${c.prefix ? ':*' : ''}`
  return [...include.map(clause), ...exclude.map((c) => `!${clause(c)}`)].join(' & ')
}

/**
 * How each engine's full-text index is asked about a query: the index's table, the document
 * number of a row (the order in which articles were first indexed, so newest last), whether it
 * matches, and its score (lower is better: FTS5's bm25, PostgreSQL's ts_rank negated), weighing
 * title above headings above the place, sources, authors and topics above the body.
 */
export interface FullText {
  table: SQL
  document: SQL
  matches: SQL
  score: SQL
}

export function fullText (q: Db, query: IndexQuery): FullText {
  const table = sql.raw('article_search')
  if (isPostgres(q)) {
    const expression = sql`${tsquery(query)}::tsquery`
    return {
      table,
      document: sql`article_search.document_id`,
      matches: sql`article_search.document @@ ${expression}`,
      score: sql`-ts_rank('{0.2, 0.1, 0.5, 1.0}', article_search.document, ${expression})::float8`
    }
  }
  return {
    table,
    document: sql`article_search.rowid`,
    matches: sql`article_search match ${fts5Query(query)}`,
    score: sql`bm25(article_search, 10.0, 5.0, 1.0, 2.0)`
  }
}

/**
 * The plan the engine makes for a statement, a line per step: SQLite's EXPLAIN QUERY PLAN, PostgreSQL's
 * EXPLAIN. With `indexesFirst`, PostgreSQL is told to avoid sequential scans for the rest of the
 * transaction (`SET LOCAL`, so call it inside one): on small tables it rightly prefers them, and what
 * the caller asks is whether an index can answer, as it must once the tables are large.
 */
export async function queryPlan (q: Db, statement: SQL, options: { indexesFirst?: boolean } = {}): Promise<string[]> {
  if (isPostgres(q)) {
    if (options.indexesFirst) await rows(q, sql`set local enable_seqscan = off`)
    return (await rows<{ 'QUERY PLAN': string }>(q, sql`explain ${statement}`)).map((row) => row['QUERY PLAN'])
  }
  return (await rows<{ detail: string }>(q, sql`explain query plan ${statement}`)).map((row) => row.detail)
}
