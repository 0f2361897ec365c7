// JSON Feed 1.1 of the newest articles: full text as HTML and as plain text, each item with its language.
import type { Static } from 'typebox'
import { articleHtml, articleText, leadText } from '../articles/html.js'
import { articleListUrl, articleUrl, articleUrn } from '../articles/links.js'
import type { ArticleBody } from '../articles/schemas.js'
import { feedDescription, feedLanguage, feedTitle, feedUrl, type Feed } from './feed.js'
import type { JsonFeed, JsonFeedItem } from './schemas.js'

export const jsonFeedPath = '/feeds/feed.json'

function item (baseUrl: string, article: ArticleBody): Static<typeof JsonFeedItem> {
  return {
    id: articleUrn(article.id),
    url: articleUrl(baseUrl, article.id),
    title: article.title,
    content_html: articleHtml(article),
    content_text: articleText(article),
    summary: leadText(article),
    ...(article.firstPublishedAt !== null && { date_published: article.firstPublishedAt }),
    date_modified: article.updatedAt,
    language: article.language
  }
}

export function jsonFeed (feed: Feed): Static<typeof JsonFeed> {
  const language = feedLanguage(feed)
  return {
    version: 'https://jsonfeed.org/version/1.1',
    title: feedTitle,
    description: feedDescription,
    home_page_url: articleListUrl(feed.baseUrl),
    feed_url: feedUrl(feed, jsonFeedPath),
    ...(language !== undefined && { language }),
    items: feed.articles.map((article) => item(feed.baseUrl, article))
  }
}
