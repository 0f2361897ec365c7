// RSS 2.0 of the newest articles: full text in content:encoded, each item's language in dc:language, authors in dc:creator, a translation's provenance in dcterms:provenance, the lead image in media:content.
import { articleHtml, leadHtml } from '../articles/html.js'
import { articleListUrl, articleUrl, articleUrn } from '../articles/links.js'
import type { ArticleBody } from '../articles/schemas.js'
import { largestJpeg, shownPictures, topicName } from '../articles/syndication.js'
import { dcterms, feedDescription, feedLanguage, feedTitle, feedUrl, provenanceElement, type Feed } from './feed.js'
import { element, textElement, xmlDocument } from './xml.js'

export const rssPath = '/feeds/rss.xml'

/** RFC 822 date-time, as RSS 2.0 wants it: `Sun, 23 Mar 2025 00:00:00 GMT`. */
function rfc822 (timestamp: string): string {
  return new Date(timestamp).toUTCString()
}

/** The lead image as Media RSS content: its largest JPEG, with its caption and credit. */
function leadImage (article: ArticleBody) {
  const lead = shownPictures(article).find((shown) => shown.lead)
  const jpeg = lead === undefined ? undefined : largestJpeg(lead.picture)
  if (lead === undefined || jpeg === undefined) return undefined
  return element('media:content', { url: jpeg.url, type: 'image/jpeg', medium: 'image', width: String(jpeg.width), height: String(jpeg.height) },
    lead.caption !== null && textElement('media:description', lead.caption, { type: 'plain' }),
    lead.picture.credit !== null && textElement('media:credit', lead.picture.credit)
  )
}

function item (baseUrl: string, article: ArticleBody) {
  const apiAddress = articleUrl(baseUrl, article.id)
  return element('item', {},
    textElement('title', article.title),
    // The page on the newsroom's site when there is one; the API's address then stays as an alternate.
    textElement('link', article.url ?? apiAddress),
    article.url !== undefined && element('atom:link', { rel: 'alternate', type: 'application/json', href: apiAddress }),
    textElement('guid', articleUrn(article.id), { isPermaLink: 'false' }),
    article.firstPublishedAt !== null && textElement('pubDate', rfc822(article.firstPublishedAt)),
    ...article.authors.map((author) => textElement('dc:creator', author.name)),
    article.credit !== null && textElement('dc:creator', article.credit),
    ...article.topics.map((topic) => textElement('category', topicName(topic, article.language))),
    textElement('dc:language', article.language),
    provenanceElement(article),
    textElement('description', leadHtml(article)),
    textElement('content:encoded', articleHtml(article)),
    leadImage(article)
  )
}

export function rssFeed (feed: Feed): string {
  return xmlDocument(element('rss', {
    version: '2.0',
    'xmlns:atom': 'http://www.w3.org/2005/Atom',
    'xmlns:content': 'http://purl.org/rss/1.0/modules/content/',
    'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
    'xmlns:dcterms': dcterms,
    'xmlns:media': 'http://search.yahoo.com/mrss/'
  }, element('channel', {},
    textElement('title', feedTitle),
    textElement('link', feed.publisher.url ?? articleListUrl(feed.baseUrl)),
    textElement('description', feedDescription),
    textElement('language', feedLanguage(feed)),
    textElement('copyright', feed.publisher.copyrightNotice),
    textElement('lastBuildDate', rfc822(feed.updatedAt)),
    element('atom:link', { href: feedUrl(feed, rssPath), rel: 'self', type: 'application/rss+xml' }),
    ...feed.articles.map((article) => item(feed.baseUrl, article))
  )))
}
