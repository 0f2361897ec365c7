// What the three feeds share: their size, title and language, and the articles they are made of.
import type { ArticleBody } from '../articles/schemas.js'
import { apiUrl } from '../articles/links.js'
import type { Publisher } from '../publisher.js'
import { provenanceStatement } from '../translations/provenance.js'
import { textElement } from './xml.js'

/** How many articles a feed holds: the newest published ones. */
export const feedSize = 20

export const feedTitle = 'News CMS'
export const feedDescription = 'The newest published articles, full text.'

/** A feed to write: the articles, newest first, and what it was asked for. */
export interface Feed {
  baseUrl: string
  /** The `lang` range the feed was narrowed to, as asked. */
  lang: string | undefined
  articles: ArticleBody[]
  /** When the feed last changed: Atom's `updated`, RSS's `lastBuildDate`. */
  updatedAt: string
  /** The newsroom: the feeds' rights, home page and author of last resort. */
  publisher: Publisher
}

/**
 * When a feed last changed: its newest article's last change or, for a feed with none,
 * when public content last changed anywhere (it may have lost its last article then), or
 * else when the server started. Never a made-up date feed validators call implausible.
 */
export function feedUpdatedAt (articles: readonly ArticleBody[], lastChangeAt: string | undefined, startedAt: string): string {
  if (articles.length === 0) return lastChangeAt ?? startedAt
  return articles.reduce((latest, article) => article.updatedAt > latest ? article.updatedAt : latest, '')
}

/**
 * The feed's own language: the `lang` it was narrowed to or, without one, the language
 * every article shares; none when they differ (each entry then says its own).
 */
export function feedLanguage (feed: Feed): string | undefined {
  if (feed.lang !== undefined) return feed.lang
  const languages = new Set(feed.articles.map((article) => article.language))
  return languages.size === 1 ? [...languages][0] : undefined
}

/** Where the feed itself is (its path under `/v1`), with its `lang` when narrowed. */
export function feedUrl (feed: Feed, path: string): string {
  return apiUrl(feed.baseUrl, `/v1${path}`, { lang: feed.lang })
}

/** Dublin Core's terms, whose `provenance` the XML feeds' items use. */
export const dcterms = 'http://purl.org/dc/terms/'

/**
 * How a translated article was translated, as a plain statement in the item (in English, as
 * `xml:lang` says, whatever the item's language): Dublin Core's `provenance`, "a statement of
 * any changes … significant for its authenticity, integrity, and interpretation"; nothing
 * for an article whose provenance is not recorded.
 */
export function provenanceElement (article: ArticleBody) {
  return textElement('dcterms:provenance', article.translation === null ? undefined : provenanceStatement(article.translation), { 'xml:lang': 'en' })
}
