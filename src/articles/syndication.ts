// What the partner formats (feeds, ninjs, JSON-LD) read alike of an article: its pictures in order, their renditions, its byline and its topics' names.
import { textFor } from '../language.js'
import type { PictureBody } from '../media/schemas.js'
import type { ArticleTopicBody } from '../topics/schemas.js'
import type { ArticleBody } from './schemas.js'

/** A picture as an article shows it: the picture whole, the caption this article gives it, and whether it leads. */
export interface ShownPicture {
  picture: PictureBody
  caption: string | null
  lead: boolean
}

/**
 * The article's pictures: its lead image first, then the others in reading order, each with
 * the caption the article first gives it (its own for this article, else the picture's).
 */
export function shownPictures (article: Pick<ArticleBody, 'image' | 'pictures' | 'sections'>): ShownPicture[] {
  const leadId = article.image?.id
  const lead = article.pictures.find((picture) => picture.id === leadId)
  const blockCaptions = new Map<string, string>()
  for (const block of article.sections.flatMap((section) => section.blocks)) {
    if (block.type === 'image' && block.caption !== undefined && !blockCaptions.has(block.id)) blockCaptions.set(block.id, block.caption)
  }
  return [
    ...(lead === undefined ? [] : [{ picture: lead, caption: article.image?.caption ?? lead.caption, lead: true }]),
    ...article.pictures.filter((picture) => picture !== lead).map((picture) => ({ picture, caption: blockCaptions.get(picture.id) ?? picture.caption, lead: false }))
  ]
}

/** A rendition's height: the picture's, scaled as its width is (renditions keep the aspect ratio). */
export function renditionHeight (picture: Pick<PictureBody, 'width' | 'height'>, width: number): number {
  return Math.max(1, Math.round(picture.height * width / picture.width))
}

export interface SizedImage {
  url: string
  width: number
  height: number
}

function jpegs (picture: PictureBody): SizedImage[] {
  return picture.renditions
    .filter((rendition) => rendition.format === 'jpeg')
    .map((rendition) => ({ url: rendition.url, width: rendition.width, height: renditionHeight(picture, rendition.width) }))
    .sort((a, b) => a.width - b.width)
}

/** The largest JPEG rendition: the one every reader of every format can show. */
export function largestJpeg (picture: PictureBody): SizedImage | undefined {
  return jpegs(picture).at(-1)
}

/** An author's picture as an avatar: the smallest JPEG at least 512 pixels wide (JSON Feed's advice), else the largest. */
export function avatarJpeg (picture: PictureBody): SizedImage | undefined {
  const all = jpegs(picture)
  return all.find((image) => image.width >= 512) ?? all.at(-1)
}

/** A topic's name in the article's language, falling back along its tag, then English, then its first name by tag. */
export function topicName (topic: Pick<ArticleTopicBody, 'names' | 'slug'>, language: string): string {
  const fallback = Object.keys(topic.names).sort()[0]
  return textFor(topic.names, language) ?? textFor(topic.names, 'en') ?? (fallback === undefined ? topic.slug : topic.names[fallback] ?? topic.slug)
}

/** The IPTC Media Topic URI of a `medtop:` code, or undefined for a topic with none. */
export function mediaTopicUri (topic: Pick<ArticleTopicBody, 'mediaTopic'>): string | undefined {
  return topic.mediaTopic === null ? undefined : `http://cv.iptc.org/newscodes/mediatopic/${topic.mediaTopic.slice('medtop:'.length)}`
}

/**
 * The byline as a sentence: the authors' names joined as the article's language joins a
 * list ("A and B", "A و B"), then the credit after a slash ("A and B / dpa"); the credit
 * alone without authors; undefined for neither.
 */
export function bylineText (article: Pick<ArticleBody, 'authors' | 'credit' | 'language'>): string | undefined {
  const names = article.authors.length === 0
    ? undefined
    : new Intl.ListFormat(listLocale(article.language), { type: 'conjunction' }).format(article.authors.map((author) => author.name))
  if (names === undefined) return article.credit ?? undefined
  return article.credit === null ? names : `${names} / ${article.credit}`
}

/** The language for joining names, or the default rules for a tag ICU does not take. */
function listLocale (language: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(language)[0]
  } catch {
    return undefined
  }
}
