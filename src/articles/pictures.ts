// The pictures an article shows: its lead image and its image blocks. Every write checks them
// (each must exist; a public article needs alt text in its language for each) and records
// them in `article_media`, which a picture's deletion is refused by and its changes reach.
import { eq, inArray } from 'drizzle-orm'
import type { Db } from '../db/database.js'
import { articleMedia, media } from '../db/sqlite-schema.js'
import { invalidField } from '../errors.js'
import { textFor } from '../language.js'
import { picturesFor } from '../media/pictures.js'
import type { PictureBody } from '../media/schemas.js'
import type { SectionBody } from '../sections/schemas.js'

/** What finding an article's pictures needs: its lead image and sections in order. */
export interface ShowingPictures {
  image: { id: string } | null
  sections: ReadonlyArray<Pick<SectionBody, 'blocks'>>
}

/** Each place the article shows a picture, as a JSON Pointer into the article, in reading order. */
export function pictureUses (article: ShowingPictures): Array<{ id: string, pointer: string }> {
  const uses = article.image === null ? [] : [{ id: article.image.id, pointer: '/image/id' }]
  article.sections.forEach((section, sectionIndex) => {
    section.blocks.forEach((block, blockIndex) => {
      if (block.type === 'image') uses.push({ id: block.id, pointer: `/sections/${sectionIndex}/blocks/${blockIndex}/id` })
    })
  })
  return uses
}

/** The ids of the pictures an article shows, each once, in reading order. */
export function pictureIds (article: ShowingPictures): string[] {
  return [...new Set(pictureUses(article).map((use) => use.id))]
}

/** The pictures each article shows, whole, in reading order: one query for all the articles. */
export async function picturesShown (q: Db, shown: readonly ShowingPictures[], baseUrl: string): Promise<PictureBody[][]> {
  const idsOf = shown.map(pictureIds)
  const pictures = await picturesFor(q, idsOf.flat(), baseUrl)
  return idsOf.map((ids) => ids.flatMap((id) => pictures.get(id) ?? []))
}

/** Which of these pictures do not exist (any more). */
export async function missingPictures (q: Db, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return []
  const found = new Set((await q.select({ id: media.id }).from(media).where(inArray(media.id, [...ids]))).map((row) => row.id))
  return ids.filter((id) => !found.has(id))
}

/** Refuses a lead image that does not exist, before the article's row refers to it. */
export async function checkLeadImage (q: Db, imageId: string | null | undefined) {
  if (imageId === null || imageId === undefined) return
  if ((await missingPictures(q, [imageId])).length > 0) throw missingPicture({ id: imageId, pointer: '/image/id' })
}

function missingPicture (use: { id: string, pointer: string }) {
  return invalidField(use.pointer, `names the picture "${use.id}", which does not exist: upload it with POST /v1/media first`)
}

/**
 * Refuses a write that leaves the article showing a picture that does not exist, or, when
 * the article is public (or scheduled), one without alt text in its language. Then records
 * what it shows. Runs inside the write, after the change, on the article as it became.
 */
export async function checkAndRecordPictures (tx: Db, article: ShowingPictures & { id: string, status: string, language: string }) {
  const uses = pictureUses(article)
  const ids = [...new Set(uses.map((use) => use.id))]
  const stored = ids.length === 0 ? [] : await tx.select({ id: media.id, alt: media.alt }).from(media).where(inArray(media.id, ids))
  const alts = new Map(stored.map((row) => [row.id, row.alt]))
  for (const use of uses) {
    if (!alts.has(use.id)) throw missingPicture(use)
  }
  if (article.status === 'published' || article.status === 'scheduled') {
    for (const use of uses) {
      if (textFor(alts.get(use.id) ?? {}, article.language) === undefined) {
        throw invalidField(use.pointer, `names the picture "${use.id}", which has no alt text in the article's language "${article.language}": a published article needs one for every picture it shows. Set it with PATCH /v1/media/${use.id} (\`alt\`), then publish`)
      }
    }
  }
  await tx.delete(articleMedia).where(eq(articleMedia.articleId, article.id))
  if (ids.length > 0) await tx.insert(articleMedia).values(ids.map((mediaId) => ({ articleId: article.id, mediaId })))
}
