// Pictures as the API shows them: their stored fields and the addresses of their renditions.
import { inArray } from 'drizzle-orm'
import type { Db } from '../db/database.js'
import { media } from '../db/sqlite-schema.js'
import type { PictureBody } from './schemas.js'

/** The widths renditions are made at: a fixed set, so that caches are not flooded with sizes. */
export const renditionWidths = [320, 640, 960, 1280, 1920] as const

/** The formats renditions are made in, best first. */
export const renditionFormats = ['avif', 'webp', 'jpeg'] as const

export type RenditionFormat = typeof renditionFormats[number]

/** Where a picture's JSON lives. */
export function pictureUrl (baseUrl: string, id: string): string {
  return `${baseUrl}/v1/media/${encodeURIComponent(id)}`
}

/** Where a rendition lives. */
export function renditionUrl (baseUrl: string, id: string, width: number, format: RenditionFormat): string {
  return `${pictureUrl(baseUrl, id)}?w=${width}&format=${format}`
}

/**
 * The widths offered for a picture: those of the set it can fill, or the smallest one for a
 * picture narrower than all (made at its own width: pictures are never enlarged).
 */
export function offeredWidths (width: number): number[] {
  const fitting = renditionWidths.filter((offered) => offered <= width)
  return fitting.length > 0 ? fitting : [renditionWidths[0]]
}

type MediaRow = typeof media.$inferSelect

/** A stored picture as the API shows it. */
export function pictureOf (row: MediaRow, baseUrl: string): PictureBody {
  return {
    id: row.id,
    type: row.type as PictureBody['type'],
    width: row.width,
    height: row.height,
    alt: row.alt,
    caption: row.caption,
    credit: row.credit,
    copyrightNotice: row.copyrightNotice,
    placeholder: row.placeholder,
    renditions: renditionFormats.flatMap((format) => offeredWidths(row.width).map((width) => ({
      width: Math.min(width, row.width),
      format,
      url: renditionUrl(baseUrl, row.id, width, format)
    }))),
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt
  }
}

/** Pictures by id, whole, in one query; ids with no picture are left out. */
export async function picturesFor (q: Db, ids: readonly string[], baseUrl: string): Promise<Map<string, PictureBody>> {
  if (ids.length === 0) return new Map()
  const rows = await q.select().from(media).where(inArray(media.id, [...new Set(ids)]))
  return new Map(rows.map((row) => [row.id, pictureOf(row, baseUrl)]))
}
