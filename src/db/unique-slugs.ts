// What articles, authors and topics share: a slug that names one row (as its slug or its id), made free by a suffix, and ids that must name rows.
import { and, eq, inArray, ne, or } from 'drizzle-orm'
import { slugify } from '../articles/slug.js'
import { invalidField } from '../errors.js'
import type { Db } from './database.js'
import { isUniqueViolation } from './dialect.js'
import { articles, authors, topics } from './sqlite-schema.js'

/** The tables whose rows are named by id or by slug. */
type SluggedTable = typeof articles | typeof authors | typeof topics

/** Of these ids, those that name no row of the table. */
export async function missingIds (q: Db, table: SluggedTable, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return []
  const found = new Set((await q.select({ id: table.id }).from(table).where(inArray(table.id, [...new Set(ids)]))).map((row) => row.id))
  return ids.filter((id) => !found.has(id))
}

/**
 * The ids an ordered link list (an article's authors, its topics) is written with: each must
 * name a row and be listed once, or the field of the first that does not is refused.
 */
export async function checkLinkedIds (q: Db, table: SluggedTable, ids: readonly string[], field: string, noun: string) {
  const seen = new Set<string>()
  ids.forEach((id, index) => {
    if (seen.has(id)) throw invalidField(`${field}/${index}`, `lists the ${noun} "${id}" a second time`)
    seen.add(id)
  })
  const [missing] = await missingIds(q, table, ids)
  if (missing !== undefined) throw invalidField(`${field}/${ids.indexOf(missing)}`, `names no ${noun}: there is no ${noun} "${missing}"`)
}

/** Slugs of one table, with the error a taken slug is answered with. */
export function uniqueSlugs (table: SluggedTable, takenError: (slug: string) => Error) {
  /** Whether another row answers to this slug, as its slug or its id: a ref must name one row. */
  async function taken (q: Db, slug: string, exceptId = ''): Promise<boolean> {
    return (await q.select({ id: table.id }).from(table).where(and(or(eq(table.slug, slug), eq(table.id, slug)), ne(table.id, exceptId)))).length > 0
  }

  return {
    /** Refuses a slug chosen by the writer that another row has. */
    async check (q: Db, slug: string | undefined, exceptId?: string) {
      if (slug !== undefined && await taken(q, slug, exceptId)) throw takenError(slug)
    },

    /** The slug made from a text, with -2, -3, ... added while another row has it. */
    async free (q: Db, text: string): Promise<string> {
      const base = slugify(text)
      let slug = base
      for (let suffix = 2; await taken(q, slug); suffix++) slug = `${base}-${suffix}`
      return slug
    },

    /**
     * Runs a write that sets `slug()`: a slug taken by a write that committed while this one ran
     * (on PostgreSQL, another instance's) breaks the unique index instead of failing the check,
     * and is answered the same.
     */
    async guard<T> (slug: () => string | undefined, write: () => Promise<T>): Promise<T> {
      try {
        return await write()
      } catch (error) {
        const chosen = slug()
        if (chosen !== undefined && isUniqueViolation(error)) throw takenError(chosen)
        throw error
      }
    }
  }
}
