// The comment row's bare side: a table of the same shape as `comments` beside it, and an insert of the same row into it with a prepared statement, on either engine.
import { createHmac, randomBytes } from 'node:crypto'
import BetterSqlite3 from 'better-sqlite3'
import pg from 'pg'
import { v7 as uuidv7 } from 'uuid'
import { engineOf } from '../db/database.js'
import { commentTerms } from '../search/repository.js'

export const bareTable = 'bench_comments'
const columns = ['id', 'article_id', 'parent_id', 'root_id', 'depth', 'author_name', 'author_email', 'body', 'status', 'created_at', 'client_hash', 'deleted_at', 'search_terms']

const sqliteFile = (url: string) => url.replace(/^file:/, '')

/**
 * Creates `bench_comments` in the server's own database as `comments` is made there, with its
 * indexes, checks and foreign keys: the bare insert then maintains what the server's does.
 */
export async function createBareTable (url: string): Promise<void> {
  if (engineOf(url) === 'postgres') {
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      await client.query(`create table ${bareTable} (like comments including all)`)
      await client.query(`alter table ${bareTable} add foreign key (article_id) references articles(id) on delete cascade, add foreign key (parent_id) references ${bareTable}(id)`)
    } finally {
      await client.end()
    }
    return
  }
  const database = new BetterSqlite3(sqliteFile(url))
  try {
    const statements = database.prepare("select sql from sqlite_master where tbl_name = 'comments' and sql is not null order by type desc").pluck().all() as string[]
    // The table first ('table' sorts after 'index' descending), then its indexes, every name of it renamed.
    for (const statement of statements) database.exec(statement.replace(/([`"])comments([`"_])/g, `$1${bareTable}$2`))
  } finally {
    database.close()
  }
}

type Input = { authorName: string, body: string, authorEmail?: string }

/** Inserts the row the server's post inserts for a top-level pending comment (src/comments/repository.ts), its search terms included, less its checks; returns the row. */
export async function bareCommentInsert (url: string): Promise<(articleId: string, input: Input, address: string) => Promise<Record<string, unknown>>> {
  const key = randomBytes(32)
  const rowOf = (articleId: string, input: Input, address: string) => {
    const id = uuidv7()
    return { id, articleId, parentId: null, rootId: id, depth: 1, authorName: input.authorName, authorEmail: input.authorEmail ?? null, body: input.body, status: 'pending', createdAt: new Date().toISOString(), clientHash: createHmac('sha256', key).update(address).digest('hex'), deletedAt: null, searchTerms: commentTerms(input.authorName, input.body) }
  }
  const text = `insert into ${bareTable} (${columns.join(', ')}) values (${columns.map((_, index) => `$${index + 1}`).join(', ')})`
  if (engineOf(url) === 'postgres') {
    // As many connections as the server's pool (DATABASE_POOL_SIZE's default).
    const pool = new pg.Pool({ connectionString: url, max: 10 })
    return async (articleId, input, address) => {
      const row = rowOf(articleId, input, address)
      await pool.query({ name: 'bench-insert-comment', text, values: Object.values(row) })
      return row
    }
  }
  // The pragmas of the server's connections (src/db/sqlite.ts).
  const database = new BetterSqlite3(sqliteFile(url))
  database.pragma('busy_timeout = 5000')
  database.pragma('journal_mode = WAL')
  database.pragma('synchronous = FULL')
  database.pragma('foreign_keys = ON')
  const insert = database.prepare(text.replace(/\$\d+/g, '?'))
  return async (articleId, input, address) => {
    const row = rowOf(articleId, input, address)
    insert.run(...Object.values(row))
    return row
  }
}
