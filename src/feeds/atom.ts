// Atom 1.0 of the newest articles: each entry with its own xml:lang, full text as HTML content, its authors and categories, a translation's provenance in dcterms:provenance.
import { articleHtml, leadHtml } from '../articles/html.js'
import { articleListUrl, articleUrl, articleUrn } from '../articles/links.js'
import type { ArticleBody } from '../articles/schemas.js'
import { topicName } from '../articles/syndication.js'
import type { Publisher } from '../publisher.js'
import { dcterms, feedLanguage, feedTitle, feedUrl, provenanceElement, type Feed } from './feed.js'
import { element, textElement, xmlDocument } from './xml.js'

export const atomPath = '/feeds/atom.xml'

function author (name: string, uri: string | null | undefined) {
  return element('author', {}, textElement('name', name), textElement('uri', uri ?? undefined))
}

/** The entry's authors: the byline's, then the credit; the publisher for an entry with neither (else the feed's author stands). */
function authorsOf (article: ArticleBody, publisher: Publisher) {
  const named = [
    ...article.authors.map((byline) => author(byline.name, byline.url)),
    ...(article.credit === null ? [] : [author(article.credit, undefined)])
  ]
  if (named.length > 0 || publisher.name === undefined) return named
  return [author(publisher.name, publisher.url)]
}

function entry (baseUrl: string, article: ArticleBody, publisher: Publisher) {
  return element('entry', { 'xml:lang': article.language },
    textElement('id', articleUrn(article.id)),
    textElement('title', article.title, { type: 'text' }),
    article.url !== undefined && element('link', { rel: 'alternate', type: 'text/html', href: article.url }),
    element('link', { rel: 'alternate', type: 'application/json', href: articleUrl(baseUrl, article.id) }),
    ...authorsOf(article, publisher),
    ...article.topics.map((topic) => element('category', { term: topic.slug, label: topicName(topic, article.language) })),
    article.firstPublishedAt !== null && textElement('published', article.firstPublishedAt),
    textElement('updated', article.updatedAt),
    provenanceElement(article),
    textElement('summary', leadHtml(article), { type: 'html' }),
    textElement('content', articleHtml(article), { type: 'html' })
  )
}

export function atomFeed (feed: Feed): string {
  const self = feedUrl(feed, atomPath)
  return xmlDocument(element('feed', { xmlns: 'http://www.w3.org/2005/Atom', 'xmlns:dcterms': dcterms, 'xml:lang': feedLanguage(feed) },
    textElement('id', self),
    textElement('title', feedTitle, { type: 'text' }),
    textElement('updated', feed.updatedAt),
    // Atom wants an author for the feed when its entries have none.
    feed.publisher.name === undefined ? author(feedTitle, undefined) : author(feed.publisher.name, feed.publisher.url),
    textElement('rights', feed.publisher.copyrightNotice, { type: 'text' }),
    element('link', { rel: 'self', type: 'application/atom+xml', href: self }),
    element('link', { rel: 'alternate', type: 'application/json', href: articleListUrl(feed.baseUrl) }),
    feed.publisher.url !== undefined && element('link', { rel: 'alternate', type: 'text/html', href: feed.publisher.url }),
    ...feed.articles.map((article) => entry(feed.baseUrl, article, feed.publisher))
  ))
}
