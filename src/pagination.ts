// Cursor pagination: the query parameters, the opaque cursor format, and cutting a page from its rows.
import { Type } from 'typebox'
import { InvalidCursor } from './errors.js'
import { Defaulted, Nullable, closed } from './schema-helpers.js'

const MAX_PAGE_SIZE = 100
const DEFAULT_PAGE_SIZE = 20

export const PageQuery = Type.Object({
  limit: Defaulted(Type.Integer({
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
    default: DEFAULT_PAGE_SIZE,
    description: `Items per page, 1 to ${MAX_PAGE_SIZE}.`
  })),
  cursor: Type.Optional(Type.String({
    minLength: 1,
    maxLength: 500,
    description: 'Where to continue: the `nextCursor` of the previous page. Opaque; omit it for the first page.'
  }))
}, closed)

export const NextCursor = Nullable(Type.String({
  description: 'Pass as `cursor` to get the next page; `null` on the last page.'
}))

/**
 * A cursor is base64url JSON: the list it belongs to, then the sort key of the last item served.
 * Naming the list keeps a cursor from one list from being replayed, meaningless, on another.
 */
export function encodeCursor (list: string, key: readonly string[]): string {
  return Buffer.from(JSON.stringify([list, ...key])).toString('base64url')
}

export function decodeCursor (list: string, cursor: string, keyLength: number): string[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw new InvalidCursor('it is not a cursor this API issued')
  }
  if (!Array.isArray(parsed) || parsed.length !== keyLength + 1 || !parsed.every((part) => typeof part === 'string')) {
    throw new InvalidCursor('it is not a cursor this API issued')
  }
  const [owner, ...key] = parsed as string[]
  if (owner !== list) throw new InvalidCursor('it belongs to another list')
  // Keys are times, ids and numbers: a control character or a lone surrogate was never issued.
  if (key.some((part) => /[\u0000-\u001F\u007F]|\p{Cs}/u.test(part))) throw new InvalidCursor('it is not a cursor this API issued')
  return key
}

/** Rows are fetched one beyond the page size, so a full page knows whether another follows. */
export function cutPage<Row> (rows: Row[], limit: number, list: string, keyOf: (row: Row) => readonly string[]) {
  const page = rows.slice(0, limit)
  const last = page[page.length - 1]
  return {
    page,
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(list, keyOf(last)) : null
  }
}
