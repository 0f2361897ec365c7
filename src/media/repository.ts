// All SQL about pictures, and their bytes in the media store: uploads, texts, renditions made once, and deletion of unused ones.
import { createHash } from 'node:crypto'
import { and, desc, eq, sql } from 'drizzle-orm'
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { v7 as uuidv7 } from 'uuid'
import { first, type Database, type Db } from '../db/database.js'
import { forUpdate } from '../db/dialect.js'
import { articleAuthors, articleMedia, articles, authors, media, mediaRenditions } from '../db/sqlite-schema.js'
import { AltTextNeeded, MediaChanged, MediaInUse, MediaNotFound, PreconditionRequired, UnsupportedImage, invalidField } from '../errors.js'
import { editorialETag, versionsIn } from '../etags.js'
import { textFor } from '../language.js'
import { cutPage, decodeCursor } from '../pagination.js'
import type { ArticlesRepository } from '../articles/repository.js'
import { inspect, render, sniff, UndecodableImage } from './images.js'
import type { RenditionFormat } from './pictures.js'
import { directoryStore, storeKey, type MediaStore } from './store.js'

declare module 'fastify' {
  interface FastifyInstance {
    media: MediaRepository
  }
}

export type MediaRow = typeof media.$inferSelect

export interface MediaOptions {
  /** The directory the store keeps bytes in (MEDIA_DIR). */
  dir: string
  /** The largest upload accepted, in bytes (MEDIA_MAX_BYTES). */
  maxBytes: number
}

/** The texts of a picture as a merge patch changes them: `null` clears a text, or removes the alt text of a language. */
export interface MediaPatch {
  alt?: Record<string, string | null> | undefined
  caption?: string | null | undefined
  credit?: string | null | undefined
  copyrightNotice?: string | null | undefined
}

const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

/** The ids of the articles that show a picture (as lead image or in an image block), in id order. */
export async function articlesUsing (q: Db, mediaId: string): Promise<string[]> {
  const shown = await q.select({ id: articleMedia.articleId }).from(articleMedia).where(eq(articleMedia.mediaId, mediaId))
  const lead = await q.select({ id: articles.id }).from(articles).where(eq(articles.imageId, mediaId))
  return [...new Set([...shown, ...lead].map((row) => row.id))].sort()
}

/** The ids of the authors whose picture it is, in id order. */
export async function authorsUsing (q: Db, mediaId: string): Promise<string[]> {
  const rows = await q.select({ id: authors.id }).from(authors).where(eq(authors.imageId, mediaId))
  return rows.map((row) => row.id).sort()
}

/**
 * The articles whose JSON shows a picture: those that show it themselves, and those whose
 * byline shows it as an author's picture.
 */
async function articlesShowing (q: Db, mediaId: string): Promise<string[]> {
  const byAuthors = await q.selectDistinct({ id: articleAuthors.articleId }).from(articleAuthors)
    .innerJoin(authors, eq(authors.id, articleAuthors.authorId))
    .where(eq(authors.imageId, mediaId))
  return [...new Set([...await articlesUsing(q, mediaId), ...byAuthors.map((row) => row.id)])].sort()
}

/** Refuses alt texts that leave a published (or scheduled) article showing the picture without one in its language. */
async function checkAltKept (q: Db, picture: MediaRow) {
  const shownIn = await q.select({ id: articles.id, language: articles.language }).from(articleMedia)
    .innerJoin(articles, eq(articles.id, articleMedia.articleId))
    .where(and(eq(articleMedia.mediaId, picture.id), eq(articles.status, 'published')))
  for (const article of shownIn) {
    if (textFor(picture.alt, article.language) === undefined) throw new AltTextNeeded(picture.id, article.id, article.language)
  }
}

/** The ETag of a picture's JSON, and what its writes are held to. */
export const mediaETag = editorialETag

function holdTo (ifMatch: string | undefined, current: MediaRow) {
  if (ifMatch === undefined || ifMatch.trim() === '*') throw new PreconditionRequired()
  if (!versionsIn(ifMatch).includes(current.version)) {
    const etag = mediaETag(current)
    throw Object.assign(new MediaChanged(ifMatch, etag), { headers: { etag } })
  }
}

/** Alt texts with a merge patch applied: a language is matched whatever its case, and `null` removes it. */
function mergedAlt (alt: Record<string, string>, patch: Record<string, string | null>): Record<string, string> {
  const merged = { ...alt }
  for (const [tag, text] of Object.entries(patch)) {
    for (const key of Object.keys(merged)) if (key.toLowerCase() === tag.toLowerCase()) delete merged[key]
    if (text !== null) merged[tag] = text
  }
  return merged
}

const typeNames = 'JPEG, PNG, WebP, AVIF or GIF'

/** Which type the bytes are, held to the declared Content-Type: what is refused is refused before anything is stored. */
function judge (bytes: Buffer, declared: string) {
  const sniffed = sniff(bytes)
  if (sniffed === undefined) throw invalidField('', `is not a picture: its bytes are none of ${typeNames}`)
  if (!sniffed.accepted) throw new UnsupportedImage(`The body is a ${sniffed.name} file (${sniffed.type}), which is not taken: send ${typeNames}.`)
  if (sniffed.type !== declared) throw new UnsupportedImage(`Content-Type says ${declared}, but the body is a ${sniffed.name} image (${sniffed.type}): send it with Content-Type: ${sniffed.type}.`)
  return sniffed
}

export function mediaRepository ({ db, write }: Database, store: MediaStore, articles: ArticlesRepository) {
  async function find (id: string, q: Db = db): Promise<MediaRow> {
    const row = first(await q.select().from(media).where(eq(media.id, id)))
    if (!row) throw new MediaNotFound(id)
    return row
  }

  async function lock (tx: Db, id: string): Promise<MediaRow> {
    const row = first(await forUpdate(tx.select().from(media).where(eq(media.id, id))))
    if (!row) throw new MediaNotFound(id)
    return row
  }

  // Renditions being made in this process: a burst of first requests makes each one once.
  const making = new Map<string, Promise<{ bytes: Buffer, sha256: string }>>()

  async function make (id: string, width: number, format: RenditionFormat) {
    const picture = await find(id)
    const original = await store.get(storeKey.original(picture.sha256))
    if (original === undefined) throw new Error(`The original of picture ${id} is missing from the media store`)
    const bytes = await render(original, width, format)
    const sha256 = sha256Of(bytes)
    await store.put(storeKey.rendition(sha256), bytes)
    await write(async (tx) => {
      await lock(tx, id)
      // Another instance may have made it meanwhile: its row stays, and these bytes are as good.
      await tx.insert(mediaRenditions).values({ mediaId: id, width, format, sha256, bytes: bytes.length, createdAt: new Date().toISOString() }).onConflictDoNothing()
    })
    return { bytes, sha256 }
  }

  /** Removes bytes no row refers to any more. Run after the deletion committed, so a rollback never loses a picture. */
  async function sweep (originals: string[], renditions: string[]) {
    for (const sha256 of originals) {
      if (first(await db.select({ id: media.id }).from(media).where(eq(media.sha256, sha256)).limit(1)) === undefined) await store.remove(storeKey.original(sha256))
    }
    for (const sha256 of renditions) {
      if (first(await db.select({ id: mediaRenditions.mediaId }).from(mediaRenditions).where(eq(mediaRenditions.sha256, sha256)).limit(1)) === undefined) await store.remove(storeKey.rendition(sha256))
    }
  }

  return {
    /**
     * Stores an upload: its type judged from its bytes and held to `declared` (the
     * Content-Type), decoded whole, measured as shown and given a placeholder. A refused
     * upload leaves nothing behind; the row is written first, then the bytes, so no
     * deletion can sweep bytes a row is about to need.
     */
    async upload (bytes: Buffer, declared: string): Promise<MediaRow> {
      const { type, name } = judge(bytes, declared)
      let inspected
      try {
        inspected = await inspect(bytes)
      } catch (error) {
        if (error instanceof UndecodableImage) throw invalidField('', `is not a ${name} image that can be decoded whole: it is corrupt or cut short`)
        throw error
      }
      const at = new Date().toISOString()
      const row: MediaRow = {
        id: uuidv7(),
        sha256: sha256Of(bytes),
        type,
        ...inspected,
        bytes: bytes.length,
        alt: {},
        caption: null,
        credit: null,
        copyrightNotice: null,
        version: 1,
        createdAt: at,
        updatedAt: at
      }
      await write((tx) => tx.insert(media).values(row))
      try {
        await store.put(storeKey.original(row.sha256), bytes)
      } catch (error) {
        await write((tx) => tx.delete(media).where(eq(media.id, row.id)))
        throw error
      }
      return row
    },

    get: find,

    /** Pictures, newest first, from after the cursor. */
    async list ({ limit, cursor }: { limit: number, cursor?: string | undefined }): Promise<{ data: MediaRow[], nextCursor: string | null }> {
      const list = 'media'
      const after = cursor === undefined ? undefined : decodeCursor(list, cursor, 2)
      const rows = await db.select().from(media)
        // A row-value comparison, which both engines answer with a range scan of the index.
        .where(after && sql`(${media.createdAt}, ${media.id}) < (${after[0]}, ${after[1]})`)
        .orderBy(desc(media.createdAt), desc(media.id))
        .limit(limit + 1)
      const { page, nextCursor } = cutPage(rows, limit, list, (row) => [row.createdAt, row.id])
      return { data: page, nextCursor }
    },

    /**
     * Applies a merge patch to a picture's texts, held to If-Match; the version grows by one.
     * The articles that show the picture change with it, in the same write: each gets a new
     * version and revision, and the public ones an `article.updated`. Returns their ids too.
     */
    async update (id: string, ifMatch: string | undefined, patch: MediaPatch, writer: string): Promise<{ row: MediaRow, articleIds: string[] }> {
      return await write(async (tx) => {
        const current = await lock(tx, id)
        holdTo(ifMatch, current)
        const [row] = await tx.update(media).set({
          ...(patch.alt !== undefined && { alt: mergedAlt(current.alt, patch.alt) }),
          ...(patch.caption !== undefined && { caption: patch.caption }),
          ...(patch.credit !== undefined && { credit: patch.credit }),
          ...(patch.copyrightNotice !== undefined && { copyrightNotice: patch.copyrightNotice }),
          version: current.version + 1,
          updatedAt: new Date().toISOString()
        }).where(eq(media.id, id)).returning()
        if (row === undefined) throw new MediaNotFound(id)
        await checkAltKept(tx, row)
        const articleIds = await articlesShowing(tx, id)
        await articles.refresh(tx, articleIds, writer)
        return { row, articleIds }
      })
    },

    /**
     * Deletes a picture no article or author uses (409 naming them otherwise), with its
     * renditions; then the bytes that no other picture shares (the same file uploaded twice
     * is kept once).
     */
    async remove (id: string, ifMatch: string | undefined) {
      const { sha256, renditions } = await write(async (tx) => {
        const current = await lock(tx, id)
        holdTo(ifMatch, current)
        const [usingArticles, usingAuthors] = [await articlesUsing(tx, id), await authorsUsing(tx, id)]
        if (usingArticles.length > 0 || usingAuthors.length > 0) {
          const users = [
            ...(usingArticles.length > 0 ? [`articles ${usingArticles.join(', ')}`] : []),
            ...(usingAuthors.length > 0 ? [`authors ${usingAuthors.join(', ')}`] : [])
          ]
          throw new MediaInUse(id, users.join(' and '))
        }
        const made = await tx.delete(mediaRenditions).where(eq(mediaRenditions.mediaId, id)).returning({ sha256: mediaRenditions.sha256 })
        await tx.delete(media).where(eq(media.id, id))
        return { sha256: current.sha256, renditions: made.map((rendition) => rendition.sha256) }
      })
      await sweep([sha256], [...new Set(renditions)])
    },

    /** The original upload, as it came. */
    async original (id: string): Promise<{ row: MediaRow, bytes: Buffer }> {
      const row = await find(id)
      const bytes = await store.get(storeKey.original(row.sha256))
      if (bytes === undefined) throw new Error(`The original of picture ${id} is missing from the media store`)
      return { row, bytes }
    },

    /**
     * A rendition, made on its first request and kept: from then on it is read from the store.
     * Its `sha256` is its strong ETag.
     */
    async rendition (id: string, width: number, format: RenditionFormat): Promise<{ bytes: Buffer, sha256: string }> {
      const made = first(await db.select({ sha256: mediaRenditions.sha256 }).from(mediaRenditions)
        .where(and(eq(mediaRenditions.mediaId, id), eq(mediaRenditions.width, width), eq(mediaRenditions.format, format))))
      if (made !== undefined) {
        const bytes = await store.get(storeKey.rendition(made.sha256))
        if (bytes !== undefined) return { bytes, sha256: made.sha256 }
      }
      const key = `${id}/${width}/${format}`
      let pending = making.get(key)
      if (pending === undefined) {
        pending = make(id, width, format).finally(() => making.delete(key))
        making.set(key, pending)
      }
      return await pending
    }
  }
}

export type MediaRepository = ReturnType<typeof mediaRepository>

export default fp(async (app: FastifyInstance, options: MediaOptions) => {
  app.decorate('media', mediaRepository(app.database, directoryStore(options.dir), app.articles))
}, { name: 'media-repository', dependencies: ['database', 'articles-repository'] })
