// One engine-neutral description of a real database's tables, read from SQLite's pragmas or PostgreSQL's catalog, for the schema parity test.
import type Database from 'better-sqlite3'
import { getTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core'
import type pg from 'pg'
import * as sqliteSchema from '../src/db/sqlite-schema.js'

export interface ColumnDescription {
  name: string
  notNull: boolean
  /** text, integer, boolean, real, binary or json; any other type is named with its engine, so it never matches. */
  type: string
  /** The default's SQL, casts left out; null when there is none. */
  default: string | null
  /** Whether the database assigns the value when an insert leaves it out (SQLite's rowid, an identity). */
  generated: boolean
}

export interface IndexDescription {
  name: string
  unique: boolean
  /** Column names, or an expression's normalised SQL. */
  terms: string[]
  /** The partial index's WHERE, normalised; null for a whole-table index. */
  where: string | null
}

export interface ForeignKeyDescription {
  columns: string[]
  references: string
  referencedColumns: string[]
  onDelete: string
  onUpdate: string
}

export interface TableDescription {
  columns: ColumnDescription[]
  primaryKey: string[]
  indexes: IndexDescription[]
  foreignKeys: ForeignKeyDescription[]
  checks: string[]
}

export type SchemaDescription = Record<string, TableDescription>

/** Drizzle's own bookkeeping, which each engine keeps in its own way. */
const migrationsTable = '__drizzle_migrations'

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name)

/** Words after which a parenthesis groups rather than opens a call's arguments. */
const operatorWords = new Set(['and', 'or', 'not', 'is', 'between', 'case', 'when', 'then', 'else', 'where'])

/**
 * Normalises an expression as either engine prints it: identifiers unquoted and unqualified,
 * keywords in lower case, casts (PostgreSQL's `''::text`) and grouping parentheses (it wraps
 * every comparison) dropped, and a boolean column compared with 0 or 1 (SQLite has no
 * boolean) written with false or true. Enough for this schema's flat predicates, not a parser.
 */
export function normaliseSql (expression: string, booleanColumns: ReadonlySet<string>): string {
  const tokens = expression.match(/'(?:[^']|'')*'|"[^"]*"|`[^`]*`|::|[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?|<>|[<>!]=|\S/g) ?? []
  const words = tokens.map((token) => /^["`]/.test(token) ? token.slice(1, -1) : /^[A-Za-z_]/.test(token) ? token.toLowerCase() : token)
  const kept: string[] = []
  const groups: boolean[] = []
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string
    if (words[i + 1] === '.') { i++; continue }
    if (word === '::') { i++; continue }
    if (word === '(') {
      // After a function's name (or IN) it opens arguments; otherwise it only groups.
      const before = kept.at(-1) ?? ''
      const call = /^[a-z_]/.test(before) && !operatorWords.has(before)
      groups.push(!call)
      if (call) kept.push(`${kept.pop() as string}(`)
      continue
    }
    if (word === ')') {
      if (groups.pop() === false) kept.push(word)
      continue
    }
    if ((word === '0' || word === '1') && kept.at(-1) === '=' && booleanColumns.has(kept.at(-2) ?? '')) {
      kept.push(word === '1' ? 'true' : 'false')
      continue
    }
    kept.push(word)
  }
  return kept.join(' ').replaceAll('( ', '(').replaceAll(' )', ')').replaceAll(' ,', ',')
}

/** The SQL of a default without its cast: `'pending'::text` is `'pending'`. */
function normaliseDefault (value: string | null): string | null {
  return value === null ? null : value.replace(/::[a-z ]+$/, '')
}

/** Splits SQL at the commas outside parentheses and quotes. */
function splitTopLevel (list: string): string[] {
  const parts: string[] = []
  let depth = 0
  let quote: string | null = null
  let start = 0
  for (let i = 0; i < list.length; i++) {
    const char = list[i] as string
    if (quote) { if (char === quote) quote = null; continue }
    if (char === '\'' || char === '"' || char === '`') quote = char
    else if (char === '(') depth++
    else if (char === ')') depth--
    else if (char === ',' && depth === 0) { parts.push(list.slice(start, i).trim()); start = i + 1 }
  }
  parts.push(list.slice(start).trim())
  return parts
}

/** The parenthesised term list of `CREATE INDEX … ON t (…)` and what follows WHERE, if anything. */
function parseSqliteIndex (sql: string): { terms: string[], where: string | null } {
  const open = sql.indexOf('(')
  let depth = 0
  let close = open
  for (; close < sql.length; close++) {
    if (sql[close] === '(') depth++
    else if (sql[close] === ')' && --depth === 0) break
  }
  const rest = sql.slice(close + 1).trim()
  return { terms: splitTopLevel(sql.slice(open + 1, close)), where: /^where\s/i.test(rest) ? rest.slice(5).trim() : null }
}

/**
 * SQLite stores booleans as integers and JSON as text: which columns are which only the Drizzle
 * definitions say, so they refine the storage class the database reports.
 */
function sqliteModes (): Map<string, Map<string, string>> {
  const modes = new Map<string, Map<string, string>>()
  for (const table of Object.values(sqliteSchema) as SQLiteTable[]) {
    const config = getTableConfig(table)
    modes.set(config.name, new Map(config.columns.map((column) => [column.name, column.columnType])))
  }
  return modes
}

const sqliteTypes: Record<string, string> = { TEXT: 'text', INTEGER: 'integer', REAL: 'real', BLOB: 'binary' }
const sqliteModeTypes: Record<string, string> = { SQLiteBoolean: 'boolean', SQLiteTextJson: 'json' }

/**
 * The full-text index is each engine's own by design (FTS5 and its shadow tables on SQLite, a
 * tsvector table on PostgreSQL: the search_index migration of each); the search tests prove both.
 */
const engineOwn = 'article_search%'

export function describeSqlite (sqlite: Database.Database): SchemaDescription {
  const modes = sqliteModes()
  const tables = sqlite.prepare("select name, sql from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like ? and name <> ? order by name").all(engineOwn, migrationsTable) as { name: string, sql: string }[]
  const description: SchemaDescription = {}
  for (const table of tables) {
    const info = sqlite.prepare('select * from pragma_table_info(?)').all(table.name) as { name: string, type: string, notnull: number, dflt_value: string | null, pk: number }[]
    const primaryKey = info.filter((column) => column.pk > 0).sort((a, b) => a.pk - b.pk).map((column) => column.name)
    const columns = info.map((column): ColumnDescription => {
      const storage = sqliteTypes[column.type.toUpperCase()] ?? `SQLite's ${column.type}`
      const mode = modes.get(table.name)?.get(column.name)
      return {
        name: column.name,
        notNull: column.notnull === 1,
        type: (mode && sqliteModeTypes[mode]) ?? storage,
        default: normaliseDefault(column.dflt_value),
        // The one INTEGER PRIMARY KEY column is the rowid, which SQLite assigns when left out.
        generated: primaryKey.length === 1 && primaryKey[0] === column.name && column.type.toUpperCase() === 'INTEGER'
      }
    }).sort(byName)
    const booleans = new Set(columns.filter((column) => column.type === 'boolean').map((column) => column.name))

    const indexList = sqlite.prepare('select * from pragma_index_list(?)').all(table.name) as { name: string, unique: number, origin: string }[]
    const indexes = indexList.filter((index) => index.origin !== 'pk').map((index): IndexDescription => {
      const keys = sqlite.prepare('select * from pragma_index_xinfo(?) where key = 1 order by seqno').all(index.name) as { seqno: number, cid: number, name: string | null }[]
      const created = sqlite.prepare("select sql from sqlite_master where type = 'index' and name = ?").get(index.name) as { sql: string | null } | undefined
      const parsed = created?.sql ? parseSqliteIndex(created.sql) : { terms: [], where: null }
      return {
        name: index.name,
        unique: index.unique === 1,
        // cid -2 is an expression, which only the CREATE INDEX statement spells out.
        terms: keys.map((key) => key.cid === -2 ? normaliseSql(parsed.terms[key.seqno] ?? '', booleans) : key.name as string),
        where: parsed.where === null ? null : normaliseSql(parsed.where, booleans)
      }
    }).sort(byName)

    const keyRows = sqlite.prepare('select * from pragma_foreign_key_list(?) order by id, seq').all(table.name) as { id: number, table: string, from: string, to: string, on_update: string, on_delete: string }[]
    const keysById = new Map<number, typeof keyRows>()
    for (const row of keyRows) keysById.set(row.id, [...keysById.get(row.id) ?? [], row])
    const foreignKeys = [...keysById.values()].map((rows): ForeignKeyDescription => ({
      columns: rows.map((row) => row.from),
      references: rows[0]!.table,
      referencedColumns: rows.map((row) => row.to),
      onDelete: rows[0]!.on_delete.toLowerCase(),
      onUpdate: rows[0]!.on_update.toLowerCase()
    })).sort((a, b) => a.columns.join().localeCompare(b.columns.join()))

    // SQLite keeps no catalog of checks: their names are in the CREATE TABLE statement.
    const checks = [...table.sql.matchAll(/constraint\s+["`]?(\w+)["`]?\s+check\b/gi)].map((match) => match[1] as string).sort()

    description[table.name] = { columns, primaryKey, indexes, foreignKeys, checks }
  }
  return description
}

const postgresTypes: Record<string, string> = { text: 'text', integer: 'integer', bigint: 'integer', boolean: 'boolean', 'double precision': 'real', bytea: 'binary', json: 'json' }
const postgresActions: Record<string, string> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' }

export async function describePostgres (client: pg.Client): Promise<SchemaDescription> {
  const tables = await client.query<{ name: string }>("select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like $2 and table_name <> $1 order by table_name", [migrationsTable, engineOwn])
  const columnRows = await client.query<{ table: string, name: string, nullable: string, type: string, default: string | null, identity: string }>(`
    select table_name as table, column_name as name, is_nullable as nullable, data_type as type, column_default as default, is_identity as identity
    from information_schema.columns where table_schema = current_schema()`)
  const indexRows = await client.query<{ table: string, name: string, unique: boolean, primary: boolean, terms: string[], where: string | null }>(`
    select t.relname as table, i.relname as name, x.indisunique as unique, x.indisprimary as primary,
      array(select pg_get_indexdef(x.indexrelid, k, true) from generate_series(1, x.indnkeyatts) as k order by k) as terms,
      pg_get_expr(x.indpred, x.indrelid, true) as where
    from pg_index x
    join pg_class i on i.oid = x.indexrelid
    join pg_class t on t.oid = x.indrelid
    join pg_namespace n on n.oid = t.relnamespace
    where n.nspname = current_schema()`)
  const constraintRows = await client.query<{ table: string, name: string, kind: string, references: string | null, columns: string[], referencedColumns: string[], onDelete: string, onUpdate: string }>(`
    select t.relname as table, c.conname as name, c.contype as kind, r.relname as references,
      array(select a.attname::text from unnest(c.conkey) with ordinality as k(attnum, i) join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum order by k.i) as columns,
      array(select a.attname::text from unnest(c.confkey) with ordinality as k(attnum, i) join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.attnum order by k.i) as "referencedColumns",
      c.confdeltype as "onDelete", c.confupdtype as "onUpdate"
    from pg_constraint c
    join pg_class t on t.oid = c.conrelid
    join pg_namespace n on n.oid = t.relnamespace
    left join pg_class r on r.oid = c.confrelid
    where n.nspname = current_schema()`)

  const description: SchemaDescription = {}
  for (const { name: table } of tables.rows) {
    const columns = columnRows.rows.filter((row) => row.table === table).map((row): ColumnDescription => ({
      name: row.name,
      notNull: row.nullable === 'NO',
      // PostgreSQL's 4-byte `real` is not SQLite's 8-byte REAL: only double precision is.
      type: postgresTypes[row.type] ?? `PostgreSQL's ${row.type}`,
      default: normaliseDefault(row.default),
      generated: row.identity === 'YES' || (row.default?.startsWith('nextval(') ?? false)
    })).sort(byName)
    const booleans = new Set(columns.filter((column) => column.type === 'boolean').map((column) => column.name))
    const constraints = constraintRows.rows.filter((row) => row.table === table)
    const tableIndexes = indexRows.rows.filter((row) => row.table === table)
    description[table] = {
      columns,
      // A key column named by a keyword (`position`) comes back quoted.
      primaryKey: (tableIndexes.find((row) => row.primary)?.terms ?? []).map((term) => term.replace(/^"(.*)"$/, '$1')),
      indexes: tableIndexes.filter((row) => !row.primary).map((row): IndexDescription => ({
        name: row.name,
        unique: row.unique,
        terms: row.terms.map((term) => normaliseSql(term, booleans)),
        where: row.where === null ? null : normaliseSql(row.where, booleans)
      })).sort(byName),
      foreignKeys: constraints.filter((row) => row.kind === 'f').map((row): ForeignKeyDescription => ({
        columns: row.columns,
        references: row.references as string,
        referencedColumns: row.referencedColumns,
        onDelete: postgresActions[row.onDelete] ?? row.onDelete,
        onUpdate: postgresActions[row.onUpdate] ?? row.onUpdate
      })).sort((a, b) => a.columns.join().localeCompare(b.columns.join())),
      checks: constraints.filter((row) => row.kind === 'c').map((row) => row.name).sort()
    }
  }
  return description
}
