// An article's text rendered for partners: HTML that marks its language and direction, plain text, and counts.
import type { Direction } from '../language.js'
import type { SectionBody } from '../sections/schemas.js'

/** What rendering needs of an article: its language, direction and sections in order. */
export interface RenderedArticle {
  language: string
  direction: Direction
  sections: ReadonlyArray<Pick<SectionBody, 'heading' | 'blocks'>>
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

/** Paragraph texts of a section; kinds of block other than `paragraph` are skipped. */
function paragraphs (section: RenderedArticle['sections'][number]): string[] {
  return section.blocks.filter((block) => block.type === 'paragraph').map((block) => block.text)
}

/**
 * The article as HTML: one `<div lang dir>` holding each section's heading as `<h2>` and
 * its paragraphs as `<p>`, all text escaped. Text is kept exactly, line breaks included
 * (they read as spaces in HTML).
 */
export function articleHtml (article: RenderedArticle): string {
  const parts: string[] = []
  for (const section of article.sections) {
    if (section.heading !== null) parts.push(`<h2>${escapeHtml(section.heading)}</h2>`)
    for (const text of paragraphs(section)) parts.push(`<p>${escapeHtml(text)}</p>`)
  }
  return wrap(article, parts.join(''))
}

/** The first paragraph of the article, in its HTML wrapper: the summary feeds show. */
export function leadHtml (article: RenderedArticle): string {
  const lead = leadText(article)
  return wrap(article, lead === '' ? '' : `<p>${escapeHtml(lead)}</p>`)
}

/** The first paragraph's text, or an empty string for an article without one. */
export function leadText (article: RenderedArticle): string {
  for (const section of article.sections) {
    const [first] = paragraphs(section)
    if (first !== undefined) return first
  }
  return ''
}

/** The pieces of text an article is made of, in reading order: headings and paragraphs. */
function texts (article: RenderedArticle): string[] {
  return article.sections.flatMap((section) => [...(section.heading === null ? [] : [section.heading]), ...paragraphs(section)])
}

/** The article as plain text: headings and paragraphs, each exactly as stored, separated by a blank line. */
export function articleText (article: RenderedArticle): string {
  return texts(article).join('\n\n')
}

/** Characters (Unicode code points) of the headings and paragraphs, without markup or the breaks between them. */
export function characterCount (article: RenderedArticle): number {
  return texts(article).reduce((total, text) => total + [...text].length, 0)
}

/** Words of the headings and paragraphs, as the Unicode word-breaking rules of the article's language find them. */
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
