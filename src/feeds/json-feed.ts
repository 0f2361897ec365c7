// JSON Feed 1.1 of the newest articles: full text as HTML and as plain text, each item with its language and a translation's provenance.
import type { Static } from 'typebox'
import { articleHtml, articleText, leadText } from '../articles/html.js'
import { articleListUrl, articleUrl, articleUrn } from '../articles/links.js'
import type { ArticleBody } from '../articles/schemas.js'
import { avatarJpeg, largestJpeg, shownPictures, topicName } from '../articles/syndication.js'
import { provenanceStatement } from '../translations/provenance.js'
import { feedDescription, feedLanguage, feedTitle, feedUrl, type Feed } from './feed.js'
import type { JsonFeed, JsonFeedItem } from './schemas.js'

export const jsonFeedPath = '/feeds/feed.json'

type Author = NonNullable<Static<typeof JsonFeedItem>['authors']>[number]

/** The byline's authors (with their page and picture), then the credit as an author of its own. */
function authorsOf (article: ArticleBody): Author[] {
  return [
    ...article.authors.map((byline) => {
      const avatar = byline.image === null ? undefined : avatarJpeg(byline.image)
      return { name: byline.name, ...(byline.url !== null && { url: byline.url }), ...(avatar !== undefined && { avatar: avatar.url }) }
    }),
    ...(article.credit === null ? [] : [{ name: article.credit }])
  ]
}

function item (baseUrl: string, article: ArticleBody): Static<typeof JsonFeedItem> {
  const authors = authorsOf(article)
  const lead = shownPictures(article).find((shown) => shown.lead)
  const image = lead === undefined ? undefined : largestJpeg(lead.picture)
  return {
    id: articleUrn(article.id),
    // The page on the newsroom's site when there is one; `id` names the article in the API (`/v1/articles/{uuid}`).
    url: article.url ?? articleUrl(baseUrl, article.id),
    title: article.title,
    content_html: articleHtml(article),
    content_text: articleText(article),
    summary: leadText(article),
    ...(article.firstPublishedAt !== null && { date_published: article.firstPublishedAt }),
    date_modified: article.updatedAt,
    ...(authors.length > 0 && { authors }),
    ...(image !== undefined && { image: image.url }),
    ...(article.topics.length > 0 && { tags: article.topics.map((topic) => topicName(topic, article.language)) }),
    language: article.language,
    ...(article.translation !== null && { _translation: { statement: provenanceStatement(article.translation), ...article.translation } })
  }
}

export function jsonFeed (feed: Feed): Static<typeof JsonFeed> {
  const language = feedLanguage(feed)
  return {
    version: 'https://jsonfeed.org/version/1.1',
    title: feedTitle,
    description: feedDescription,
    home_page_url: feed.publisher.url ?? articleListUrl(feed.baseUrl),
    feed_url: feedUrl(feed, jsonFeedPath),
    // Readers take the feed's authors for items that name none.
    ...(feed.publisher.name !== undefined && { authors: [{ name: feed.publisher.name, ...(feed.publisher.url !== undefined && { url: feed.publisher.url }) }] }),
    ...(language !== undefined && { language }),
    items: feed.articles.map((article) => item(feed.baseUrl, article))
  }
}
