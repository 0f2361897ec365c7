// RSS 2.0 of the newest articles: full text in content:encoded, each item's language in dc:language.
import { articleHtml, leadHtml } from '../articles/html.js'
import { articleListUrl, articleUrl, articleUrn } from '../articles/links.js'
import type { ArticleBody } from '../articles/schemas.js'
import { feedDescription, feedLanguage, feedTitle, feedUrl, type Feed } from './feed.js'
import { element, textElement, xmlDocument } from './xml.js'

export const rssPath = '/feeds/rss.xml'

/** RFC 822 date-time, as RSS 2.0 wants it: `Sun, 23 Mar 2025 00:00:00 GMT`. */
function rfc822 (timestamp: string): string {
  return new Date(timestamp).toUTCString()
}

function item (baseUrl: string, article: ArticleBody) {
  return element('item', {},
    textElement('title', article.title),
    textElement('link', articleUrl(baseUrl, article.id)),
    textElement('guid', articleUrn(article.id), { isPermaLink: 'false' }),
    article.firstPublishedAt !== null && textElement('pubDate', rfc822(article.firstPublishedAt)),
    textElement('dc:language', article.language),
    textElement('description', leadHtml(article)),
    textElement('content:encoded', articleHtml(article))
  )
}

export function rssFeed (feed: Feed): string {
  return xmlDocument(element('rss', {
    version: '2.0',
    'xmlns:atom': 'http://www.w3.org/2005/Atom',
    'xmlns:content': 'http://purl.org/rss/1.0/modules/content/',
    'xmlns:dc': 'http://purl.org/dc/elements/1.1/'
  }, element('channel', {},
    textElement('title', feedTitle),
    textElement('link', articleListUrl(feed.baseUrl)),
    textElement('description', feedDescription),
    textElement('language', feedLanguage(feed)),
    textElement('lastBuildDate', rfc822(feed.updatedAt)),
    element('atom:link', { href: feedUrl(feed, rssPath), rel: 'self', type: 'application/rss+xml' }),
    ...feed.articles.map((article) => item(feed.baseUrl, article))
  )))
}
