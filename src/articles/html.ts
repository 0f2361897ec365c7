// An article's text rendered for partners: HTML that marks its language and direction, plain text, and counts.
import { textFor, type Direction } from '../language.js'
import type { PictureBody } from '../media/schemas.js'
import type { BlockBody, MarkBody, SectionBody } from '../sections/schemas.js'

/** What rendering needs of an article: its language, direction, sections in order, and the pictures they show. */
export interface RenderedArticle {
  language: string
  direction: Direction
  sections: ReadonlyArray<Pick<SectionBody, 'heading' | 'blocks'>>
  pictures: readonly PictureBody[]
}

const htmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;' }

/** Text as HTML text or attribute value: `& < > " '` escaped, everything else exactly as it is. */
export function escapeHtml (text: string): string {
  return text.replace(/[&<>"']/g, (character) => htmlEscapes[character] ?? character)
}

/** The element that holds an article's HTML, with its language and direction. */
function wrap (article: Pick<RenderedArticle, 'language' | 'direction'>, inner: string): string {
  return `<div lang="${escapeHtml(article.language)}" dir="${article.direction}">${inner}</div>`
}

type Paragraph = Extract<BlockBody, { type: 'paragraph' }>

/** Paragraphs of a section; other kinds of block are skipped. */
function paragraphs (section: RenderedArticle['sections'][number]): Paragraph[] {
  return section.blocks.filter((block): block is Paragraph => block.type === 'paragraph')
}

/** The tags a mark opens and closes; none for a kind this version does not know, whose text shows plain. */
function tagsOf (mark: MarkBody, insideLink: boolean): [string, string] {
  switch (mark.type) {
    case 'strong': return ['<strong>', '</strong>']
    case 'emphasis': return ['<em>', '</em>']
    // HTML cannot nest links (the writes refuse it); an inner one would only break the outer.
    case 'link': return insideLink ? ['', ''] : [`<a href="${escapeHtml(mark.href)}">`, '</a>']
    default: return ['', '']
  }
}

/**
 * Text with its marks as HTML: each mark wraps exactly its range of code points, an outer mark
 * (the longer, or the first written of the same range) around an inner one, text escaped.
 * Marks that would cross (the writes refuse them) are cut at the end of the mark around them,
 * so that the HTML is always well formed.
 */
export function markedHtml (text: string, marks: readonly MarkBody[] = []): string {
  const codePoints = [...text]
  const order = marks.map((mark, index) => ({ mark, index }))
    .sort((a, b) => a.mark.start - b.mark.start || b.mark.end - a.mark.end || a.index - b.index)
  const open: Array<{ end: number, close: string, link: boolean }> = []
  let html = ''
  let at = 0
  const textTo = (position: number) => {
    html += escapeHtml(codePoints.slice(at, position).join(''))
    at = Math.max(at, position)
  }
  const closeTo = (position: number) => {
    while (open.length > 0 && open[open.length - 1]!.end <= position) {
      const closing = open.pop()!
      textTo(closing.end)
      html += closing.close
    }
  }
  for (const { mark } of order) {
    const start = Math.max(mark.start, at)
    closeTo(start)
    const end = Math.min(mark.end, open[open.length - 1]?.end ?? codePoints.length, codePoints.length)
    if (start >= end) continue
    textTo(start)
    const insideLink = open.some((outer) => outer.link)
    const [opening, close] = tagsOf(mark, insideLink)
    html += opening
    open.push({ end, close, link: insideLink || (mark.type === 'link' && opening !== '') })
  }
  closeTo(codePoints.length)
  textTo(codePoints.length)
  return html
}

/**
 * A picture as a `<figure>`: an `<img>` of its JPEG renditions (`srcset`, the one up to 1280
 * pixels wide as `src`), its size, the alt text in the article's language (empty when there is
 * none yet, which publishing refuses), and a `<figcaption>` with the caption (this article's, else
 * the picture's own) and the credit in `<small>`. Nothing for a picture the article does not hold.
 */
function imageHtml (block: Extract<BlockBody, { type: 'image' }>, article: RenderedArticle): string {
  const picture = article.pictures.find((candidate) => candidate.id === block.id)
  const jpegs = (picture?.renditions ?? []).filter((rendition) => rendition.format === 'jpeg').sort((a, b) => a.width - b.width)
  if (picture === undefined || jpegs.length === 0) return ''
  const src = [...jpegs].reverse().find((rendition) => rendition.width <= 1280) ?? jpegs[0]!
  const srcset = jpegs.map((rendition) => `${rendition.url} ${rendition.width}w`).join(', ')
  const alt = textFor(picture.alt, article.language) ?? ''
  const img = `<img src="${escapeHtml(src.url)}" srcset="${escapeHtml(srcset)}" sizes="100vw" width="${picture.width}" height="${picture.height}" alt="${escapeHtml(alt)}">`
  const caption = block.caption ?? picture.caption
  const credit = picture.credit === null ? '' : `<small>${escapeHtml(picture.credit)}</small>`
  const figcaption = caption === null && credit === ''
    ? ''
    : `<figcaption>${[caption === null ? '' : escapeHtml(caption), credit].filter((part) => part !== '').join(' ')}</figcaption>`
  return `<figure>${img}${figcaption}</figure>`
}

/** One block as HTML; nothing for a kind this version does not know. */
function blockHtml (block: BlockBody, article: RenderedArticle): string {
  switch (block.type) {
    case 'paragraph': return `<p>${markedHtml(block.text, block.marks)}</p>`
    case 'quote': {
      const quote = `<blockquote><p>${markedHtml(block.text, block.marks)}</p></blockquote>`
      // The attribution stands outside the quotation, as HTML asks: a figure with its caption.
      return block.attribution === undefined ? quote : `<figure>${quote}<figcaption>— ${escapeHtml(block.attribution)}</figcaption></figure>`
    }
    case 'list': {
      const tag = block.ordered ? 'ol' : 'ul'
      return `<${tag}>${block.items.map((item) => `<li>${markedHtml(item.text, item.marks)}</li>`).join('')}</${tag}>`
    }
    case 'image': return imageHtml(block, article)
    // A link with the fallback text: no script or frame from elsewhere runs in a partner's page.
    case 'embed': return `<figure class="embed"><a href="${escapeHtml(block.url)}">${escapeHtml(block.fallback)}</a><figcaption>${escapeHtml(block.provider)}</figcaption></figure>`
    default: return ''
  }
}

/**
 * The article as HTML: one `<div lang dir>` holding each section's heading as `<h2>` and its
 * blocks: paragraphs as `<p>` with marks as `<strong>`, `<em>` and `<a href>`; quotes as
 * `<blockquote>` (in a `<figure>` with the attribution as `<figcaption>`); lists as `<ol>` or
 * `<ul>`; pictures as `<figure>` with `<img>`; embeds as a `<figure class="embed">` linking to
 * the post with its fallback text. All text escaped and kept exactly, line breaks included
 * (they read as spaces in HTML). Kinds of block this version does not know are skipped.
 */
export function articleHtml (article: RenderedArticle): string {
  const parts: string[] = []
  for (const section of article.sections) {
    if (section.heading !== null) parts.push(`<h2>${escapeHtml(section.heading)}</h2>`)
    for (const block of section.blocks) parts.push(blockHtml(block, article))
  }
  return wrap(article, parts.join(''))
}

/** The first paragraph of the article, in its HTML wrapper, without its marks: the summary feeds show. */
export function leadHtml (article: RenderedArticle): string {
  const lead = leadText(article)
  return wrap(article, lead === '' ? '' : `<p>${escapeHtml(lead)}</p>`)
}

/** The first paragraph's text, or an empty string for an article without one. */
export function leadText (article: RenderedArticle): string {
  for (const section of article.sections) {
    const [first] = paragraphs(section)
    if (first !== undefined) return first.text
  }
  return ''
}

/**
 * The texts of a block as plain text shows it, each exactly as stored: a paragraph's; a quote's
 * and its attribution; a list's items; an embed's fallback, which stands in for it wherever it
 * cannot be shown. Pictures are left out: their captions say what a picture shows, which plain
 * text does not show.
 */
function blockTexts (block: BlockBody): string[] {
  switch (block.type) {
    case 'paragraph': return [block.text]
    case 'quote': return block.attribution === undefined ? [block.text] : [block.text, block.attribution]
    case 'list': return block.items.map((item) => item.text)
    case 'embed': return [block.fallback]
    default: return []
  }
}

/** The texts plain text shows, in reading order: headings and the texts of blocks. */
function texts (article: RenderedArticle): string[] {
  return article.sections.flatMap((section) => [...(section.heading === null ? [] : [section.heading]), ...section.blocks.flatMap(blockTexts)])
}

/**
 * The article as plain text: headings, paragraphs, quotes, lists and embeds' fallbacks (see
 * `blockTexts`), each exactly as stored and separated by a blank line; a list's items on lines of
 * their own, and a quote's attribution on the line after it, after "— ".
 */
export function articleText (article: RenderedArticle): string {
  return article.sections.flatMap((section) => [
    ...(section.heading === null ? [] : [section.heading]),
    ...section.blocks.flatMap((block) => {
      const pieces = blockTexts(block)
      if (pieces.length === 0) return []
      return [block.type === 'quote' && pieces.length === 2 ? `${pieces[0]}\n— ${pieces[1]}` : pieces.join('\n')]
    })
  ]).join('\n\n')
}

/** Characters (Unicode code points) of the texts plain text shows, without markup, breaks or the dash before an attribution. */
export function characterCount (article: RenderedArticle): number {
  return texts(article).reduce((total, text) => total + [...text].length, 0)
}

/** Words of the texts plain text shows, as the Unicode word-breaking rules of the article's language find them. */
export function wordCount (article: RenderedArticle): number {
  const segmenter = new Intl.Segmenter(segmenterLocale(article.language), { granularity: 'word' })
  let words = 0
  for (const text of texts(article)) {
    for (const segment of segmenter.segment(text)) if (segment.isWordLike === true) words++
  }
  return words
}

/** The language for word breaking, or the default rules for a tag ICU does not take (`de-1996-1996`). */
function segmenterLocale (language: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(language)[0]
  } catch {
    return undefined
  }
}
