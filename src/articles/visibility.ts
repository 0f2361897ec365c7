// Which articles the public sees, and how a path's `{ref}` finds one: the articles' own queries
// share these with posting a comment, which finds its article in the statement that inserts it.
import { and, eq, or, sql, type Placeholder } from 'drizzle-orm'
import { onFoundRows } from '../db/database.js'
import { articles } from '../db/sqlite-schema.js'

/** A value a query is written with: given, or a placeholder of a prepared statement. */
type Value = string | Placeholder

// The time to judge scheduled publications by, given with every query that does: the
// engines' clocks read differently, and a parameter reads the same on both.
export const now = sql.placeholder('now')
export const clock = () => new Date().toISOString()

/** The article `ref` names, by its id or its slug. */
export const named = (ref: Value) => or(eq(articles.id, ref), eq(articles.slug, ref))

// A published article whose time has not come yet is scheduled: hidden from the public, and
// shown to editors as `scheduled` until then. No job flips it: the clock does.
export const publicAt = (at: Value) => and(eq(articles.status, 'published'), sql`${articles.publishedAt} <= ${at}`)

/**
 * The same, judged on the row another condition found (`named`): SQLite would rather read
 * every published article by the status index than look up the one article a ref names.
 */
export const publicRowAt = (at: Value) => onFoundRows(publicAt(at))
