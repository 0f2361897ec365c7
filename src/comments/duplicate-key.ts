// What makes two comments duplicates, as one value: both table definitions index it, and the duplicate check asks for it.
import { sql, type SQL } from 'drizzle-orm'

/**
 * A comment's article, its client and the first 64 characters of its text, joined into one
 * value (neither an id nor a client hash holds a space, so the joins cannot be confused).
 * One value, not three columns: no other index of `comments` can serve a condition on it,
 * so the check is planned on comments_duplicate_idx whatever the statistics say. With three
 * columns, on a new table of no statistics, PostgreSQL found (article, status, ...) as cheap,
 * took it into the plan a named statement keeps, and read every comment of the article with
 * every post. The whole text is compared on the rows the key finds.
 */
export const duplicateKey = (articleId: unknown, clientHash: unknown, body: unknown): SQL =>
  sql`(${articleId} || ' ' || ${clientHash} || ' ' || substr(${body}, 1, 64))`
