// Sitemaps: the number of an article file, and the XML bodies as OpenAPI shows them, with what the API serves for the seed article.
import { Type } from 'typebox'
import { apiUrl, canonicalUrlFrom } from '../articles/links.js'
import { defaultPublicBaseUrl } from '../config.js'
import { closed } from '../schema-helpers.js'
import { seedArticle } from '../seed-article.js'
import { articleSitemap, newsSitemap, sitemapIndex } from './sitemaps.js'

/** Where a file of articles is, under `/v1`: the index names them from 1. */
export const articleFilePath = (number: number) => `/sitemaps/articles-${number}.xml`

export const SitemapFileParams = Type.Object({
  // A sitemap index lists 50,000 files at most.
  number: Type.Integer({ minimum: 1, maximum: 50_000, description: 'Which file of articles, from 1, as the sitemap index lists them.', examples: [1] })
}, closed)

// The examples: the seed article's sitemaps on a server started with this template (and PUBLIC_BASE_URL unset).
export const exampleArticleUrlTemplate = 'https://news.example.org/{language}/{slug}'
const exampleUrl = canonicalUrlFrom(exampleArticleUrlTemplate)
const seed = { id: seedArticle.id, slug: seedArticle.slug, language: seedArticle.language, firstPublishedAt: seedArticle.publishedAt ?? '' }

/** The XML of a sitemap, as OpenAPI shows it: a string, with what the API serves for the seed article. */
function XmlSitemap (description: string, example: string) {
  return Type.String({ description, examples: [example] })
}

export const examples = {
  index: sitemapIndex([apiUrl(defaultPublicBaseUrl, `/v1${articleFilePath(1)}`)]),
  articles: articleSitemap(exampleUrl, [{ ...seed, updatedAt: seedArticle.updatedAt, publishedAt: seed.firstPublishedAt, group: null, members: [] }]),
  news: newsSitemap(exampleUrl, 'Nachrichten Beispiel', [{ ...seed, title: seedArticle.title, publishedAt: seed.firstPublishedAt }])
}

export const SitemapIndexXml = XmlSitemap(
  'A sitemaps.org sitemap index (https://www.sitemaps.org/protocol.html#index): the absolute address of each file of articles.',
  examples.index
)

export const ArticleSitemapXml = XmlSitemap(
  'A sitemaps.org sitemap (https://www.sitemaps.org/protocol.html) with `xhtml:link` alternates (https://developers.google.com/search/docs/specialty/international/localized-versions#sitemap). The example is the seed article, alone in its language; an article of a translation group with other public members also has, after `lastmod`, one `<xhtml:link rel="alternate" hreflang="<language>" href="<page>"/>` for each of them and itself, by language, then one with `hreflang="x-default"`.',
  examples.articles
)

export const NewsSitemapXml = XmlSitemap(
  'A Google News sitemap (https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap). The example is the seed article in the two days after its publication, on a server whose `PUBLISHER_NAME` is "Nachrichten Beispiel".',
  examples.news
)
