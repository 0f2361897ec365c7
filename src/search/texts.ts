// What search reads of an article: its texts as stored, by how much a match in them weighs, for the index and the highlights alike.
import type { ArticleBody } from '../articles/schemas.js'
import type { StoredMetadata } from '../metadata/place.js'
import type { BlockBody } from '../sections/schemas.js'
import { highlight } from './highlight.js'
import type { SearchQuery } from './query.js'
import type { HighlightBody } from './schemas.js'
import { words, type Word } from './words.js'

/** The index's fields, heaviest first: a match in the title ranks above one in a heading, above one in the body. */
export const searchFields = ['title', 'headings', 'body', 'meta'] as const
export type SearchField = typeof searchFields[number]

/** What search reads of an article; its place as stored, since `display` is made for readers and not searched. */
export type SearchedArticle = Pick<ArticleBody, 'title' | 'sections' | 'authors' | 'topics' | 'image' | 'pictures'> & { metadata: StoredMetadata }

/** The texts a block holds for readers: its text, a quote's attribution, list items, captions, an embed's fallback. */
function blockTexts (block: BlockBody, captionOf: (id: string) => string | null): Array<string | null | undefined> {
  switch (block.type) {
    case 'paragraph': return [block.text]
    case 'quote': return [block.text, block.attribution]
    case 'list': return block.items.map((item) => item.text)
    case 'image': return [block.caption ?? captionOf(block.id)]
    case 'embed': return [block.fallback]
    default: return []
  }
}

/**
 * An article's searchable texts by field: the title; the section headings; every text block with
 * the captions of its pictures; and the place (with its names in every language), the sources
 * (names and publishers), the authors' names and the topics' names in every language.
 */
export function searchTexts (article: SearchedArticle): Record<SearchField, string[]> {
  const captions = new Map(article.pictures.map((picture) => [picture.id, picture.caption]))
  const captionOf = (id: string) => captions.get(id) ?? null
  const { place, sources } = article.metadata
  const present = (texts: Array<string | null | undefined>) => texts.filter((text): text is string => typeof text === 'string' && text !== '')
  return {
    title: [article.title],
    headings: present(article.sections.map((section) => section.heading)),
    body: present([
      article.image === null ? null : article.image.caption ?? captionOf(article.image.id),
      ...article.sections.flatMap((section) => section.blocks.flatMap((block) => blockTexts(block, captionOf)))
    ]),
    meta: present([
      place?.name, ...Object.values(place?.names ?? {}), place?.locality, place?.country,
      ...sources.flatMap((source) => [source.name, source.publisher]),
      ...article.authors.map((author) => author.name),
      ...article.topics.flatMap((topic) => Object.values(topic.names))
    ])
  }
}

/** The index terms of each field, in the order they stand. */
export function searchTerms (article: SearchedArticle): Record<SearchField, string[]> {
  const texts = searchTexts(article)
  return Object.fromEntries(searchFields.map((field) => [field, texts[field].flatMap((text) => words(text).map((word) => word.term))])) as Record<SearchField, string[]>
}

/** An article's searchable texts with their words, heaviest field first: what its highlights are found in. */
export type WordedTexts = Array<{ field: SearchField, text: string, words: Word[] }>

export function wordedTexts (article: SearchedArticle): WordedTexts {
  const texts = searchTexts(article)
  return searchFields.flatMap((field) => texts[field].map((text) => ({ field, text, words: words(text) })))
}

/** Where an article matched a query: the first text, heaviest field first, that holds a match, as an excerpt. */
export function articleHighlight (texts: WordedTexts, query: SearchQuery): HighlightBody | undefined {
  for (const { field, text, words } of texts) {
    const found = highlight(text, query, undefined, words)
    if (found !== undefined) return { field, ...found }
  }
  return undefined
}
