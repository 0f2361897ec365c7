// What an upload is, judged from its bytes, and what sharp makes of it: its size, its placeholder and its renditions.
import sharp from 'sharp'
import { rgbaToThumbHash } from 'thumbhash'
import type { RenditionFormat } from './pictures.js'
import type { PictureBody } from './schemas.js'

export type ImageType = PictureBody['type']

export const imageTypes: readonly ImageType[] = ['image/jpeg', 'image/png', 'image/webp', 'image/avif', 'image/gif']

/** What the first bytes say a file is: a type we take, or the name of one we do not. */
export type Sniffed = { accepted: true, type: ImageType, name: string } | { accepted: false, type: string, name: string }

const ascii = (bytes: Buffer, start: number, end: number) => bytes.subarray(start, end).toString('latin1')

/** The ISO BMFF brands (AVIF, HEIC) in a file's `ftyp` box: the major one and the compatible ones. */
function brands (bytes: Buffer): string[] {
  if (bytes.length < 16 || ascii(bytes, 4, 8) !== 'ftyp') return []
  const size = Math.min(bytes.readUInt32BE(0), bytes.length, 256)
  const found = [ascii(bytes, 8, 12)]
  for (let offset = 16; offset + 4 <= size; offset += 4) found.push(ascii(bytes, offset, offset + 4))
  return found
}

/**
 * The format of a file by its magic bytes, never by what the client says it is: accepted
 * ones, a few well-known others (named in the 415), or undefined for bytes that are no
 * picture we know.
 */
export function sniff (bytes: Buffer): Sniffed | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xFF && bytes[1] === 0xD8 && bytes[2] === 0xFF) return { accepted: true, type: 'image/jpeg', name: 'JPEG' }
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))) return { accepted: true, type: 'image/png', name: 'PNG' }
  if (bytes.length >= 6 && (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a')) return { accepted: true, type: 'image/gif', name: 'GIF' }
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return { accepted: true, type: 'image/webp', name: 'WebP' }
  const ftyp = brands(bytes)
  if (ftyp.includes('avif') || ftyp.includes('avis')) return { accepted: true, type: 'image/avif', name: 'AVIF' }
  if (ftyp.some((brand) => ['heic', 'heix', 'mif1', 'msf1', 'heim', 'heis'].includes(brand))) return { accepted: false, type: 'image/heic', name: 'HEIC' }
  if (bytes.length >= 2 && ascii(bytes, 0, 2) === 'BM') return { accepted: false, type: 'image/bmp', name: 'BMP' }
  if (bytes.length >= 4 && (ascii(bytes, 0, 4) === 'II*\u0000' || ascii(bytes, 0, 4) === 'MM\u0000*')) return { accepted: false, type: 'image/tiff', name: 'TIFF' }
  if (bytes.length >= 4 && bytes.readUInt32BE(0) === 0x00000100) return { accepted: false, type: 'image/vnd.microsoft.icon', name: 'ICO' }
  if (bytes.length >= 5 && ascii(bytes, 0, 5) === '%PDF-') return { accepted: false, type: 'application/pdf', name: 'PDF' }
  if ((bytes.length >= 2 && bytes[0] === 0xFF && bytes[1] === 0x0A) || ascii(bytes, 4, 12) === 'JXL \r\n\u0087\n') return { accepted: false, type: 'image/jxl', name: 'JPEG XL' }
  // SVG is text (an XML prolog, comments, then `<svg`): looked for near the start.
  if (/^\s*(?:<\?xml|<!--|<svg)/.test(ascii(bytes, 0, 64).replace(/^\uFEFF|^\u00EF\u00BB\u00BF/, '')) && ascii(bytes, 0, 4096).includes('<svg')) return { accepted: false, type: 'image/svg+xml', name: 'SVG' }
  return undefined
}

/** Why sharp could not read an upload: it is corrupt, truncated, or not what its magic bytes promise. */
export class UndecodableImage extends Error {}

// Decoding stops at the first warning (a truncated JPEG is refused, not served half grey),
// and at sharp's pixel limit (about 268 megapixels), which keeps decompression bombs out.
const readOptions = { failOn: 'warning' } as const

/** The largest side of the image a placeholder is made from (ThumbHash takes at most 100). */
const placeholderSide = 100

export interface Inspected {
  /** The size as shown, EXIF orientation applied. */
  width: number
  height: number
  /** ThumbHash, base64. */
  placeholder: string
}

/**
 * Decodes the whole picture (so a corrupt one is found now, not on its first rendition) and
 * measures it as shown: a photo taken upright has its EXIF orientation applied.
 */
export async function inspect (bytes: Buffer): Promise<Inspected> {
  try {
    const metadata = await sharp(bytes, readOptions).metadata()
    const { width, height } = metadata.autoOrient
    const { data, info } = await sharp(bytes, readOptions)
      .rotate()
      .resize(placeholderSide, placeholderSide, { fit: 'inside' })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true })
    const placeholder = Buffer.from(rgbaToThumbHash(info.width, info.height, data)).toString('base64')
    return { width, height, placeholder }
  } catch (error) {
    throw new UndecodableImage('sharp could not decode the picture', { cause: error })
  }
}

export const renditionTypes: Record<RenditionFormat, string> = {
  avif: 'image/avif',
  webp: 'image/webp',
  jpeg: 'image/jpeg'
}

/**
 * A rendition: upright, at most `width` wide (never enlarged), in sRGB, and with no
 * metadata at all: sharp writes none unless asked to, so EXIF (GPS included), XMP, IPTC and
 * ICC profiles stay in the original, which only editors can fetch. GIFs give their first frame.
 */
export async function render (original: Buffer, width: number, format: RenditionFormat): Promise<Buffer> {
  const image = sharp(original, readOptions).rotate().resize({ width, withoutEnlargement: true }).toColourspace('srgb')
  switch (format) {
    case 'avif': return await image.avif({ quality: 55 }).toBuffer()
    case 'webp': return await image.webp({ quality: 80 }).toBuffer()
    // JPEG has no transparency: what was transparent becomes white, not black.
    case 'jpeg': return await image.flatten({ background: '#ffffff' }).jpeg({ quality: 80, mozjpeg: true }).toBuffer()
  }
}
