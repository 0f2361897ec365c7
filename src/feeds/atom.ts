// Atom 1.0 of the newest articles: each entry with its own xml:lang, full text as HTML content.
import { articleHtml, leadHtml } from '../articles/html.js'
import { articleListUrl, articleUrl, articleUrn } from '../articles/links.js'
import type { ArticleBody } from '../articles/schemas.js'
import { feedLanguage, feedTitle, feedUrl, type Feed } from './feed.js'
import { element, textElement, xmlDocument } from './xml.js'

export const atomPath = '/feeds/atom.xml'

function entry (baseUrl: string, article: ArticleBody) {
  return element('entry', { 'xml:lang': article.language },
    textElement('id', articleUrn(article.id)),
    textElement('title', article.title, { type: 'text' }),
    element('link', { rel: 'alternate', type: 'application/json', href: articleUrl(baseUrl, article.id) }),
    article.firstPublishedAt !== null && textElement('published', article.firstPublishedAt),
    textElement('updated', article.updatedAt),
    textElement('summary', leadHtml(article), { type: 'html' }),
    textElement('content', articleHtml(article), { type: 'html' })
  )
}

export function atomFeed (feed: Feed): string {
  const self = feedUrl(feed, atomPath)
  return xmlDocument(element('feed', { xmlns: 'http://www.w3.org/2005/Atom', 'xml:lang': feedLanguage(feed) },
    textElement('id', self),
    textElement('title', feedTitle, { type: 'text' }),
    textElement('updated', feed.updatedAt),
    // Atom wants an author for the feed when its entries have none.
    element('author', {}, textElement('name', feedTitle)),
    element('link', { rel: 'self', type: 'application/atom+xml', href: self }),
    element('link', { rel: 'alternate', type: 'application/json', href: articleListUrl(feed.baseUrl) }),
    ...feed.articles.map((article) => entry(feed.baseUrl, article))
  ))
}
