// Sitemap endpoints: the index of the files of articles, each file with its hreflang alternates, and the Google News sitemap.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import { apiUrl, type CanonicalUrl } from '../articles/links.js'
import { SitemapFileNotFound, SitemapsUnconfigured } from '../errors.js'
import { feedTitle } from '../feeds/feed.js'
import { lastModified, surrogateKey, surrogateKeys } from '../plugins/caching.js'
import type { Publisher } from '../publisher.js'
import { publicRead } from '../route-schemas.js'
import { ArticleSitemapXml, NewsSitemapXml, SitemapFileParams, SitemapIndexXml, articleFilePath } from './schemas.js'
import { articleSitemap, newsSitemap, sitemapIndex } from './sitemaps.js'

/** How many URLs a sitemap holds. */
export interface SitemapLimits {
  /** A file of articles: 50,000, the most sitemaps.org allows. */
  urlsPerFile: number
  /** The news sitemap: 1,000, the most Google News reads. */
  newsUrls: number
}

export const defaultSitemapLimits: SitemapLimits = { urlsPerFile: 50_000, newsUrls: 1000 }

export interface SitemapOptions extends SitemapLimits {
  /** Where readers reach the API: the start of the index's addresses. */
  publicBaseUrl: string
  /** ARTICLE_URL_TEMPLATE's maker of the articles' pages; without it there are no sitemaps. */
  canonicalUrl: CanonicalUrl | undefined
  /** The newsroom: its name is the news sitemap's publication. */
  publisher: Publisher
}

/** How far back the news sitemap looks: Google News wants the articles of the last two days. */
const newsWindowMs = 2 * 24 * 60 * 60 * 1000

const mediaType = 'application/xml'
const unconfigured = 'Without `ARTICLE_URL_TEMPLATE` the server does not know the articles\' pages, and answers 404.'
const publicOnly = 'Public articles only, whatever token is sent: a draft, a scheduled article before its time and an archived one are never listed, nor linked as an alternate.'

const sitemapRoutes: FastifyPluginAsyncTypebox<SitemapOptions> = async (app, options) => {
  const { canonicalUrl } = options
  function pagesOrFail (): CanonicalUrl {
    if (canonicalUrl === undefined) throw new SitemapsUnconfigured()
    return canonicalUrl
  }
  /**
   * What caches are told: any change to public content may change a sitemap, and so may a
   * scheduled article's time coming, a moment before the sweeper records it. The news sitemap
   * has no Last-Modified: articles leave it as they grow old, which no change records.
   */
  async function describe (reply: FastifyReply, dated: { publishedAt: Array<string | null> } | undefined) {
    surrogateKeys(reply, [surrogateKey.lists])
    if (dated !== undefined) lastModified(reply, await app.changes.latestAt(), ...dated.publishedAt)
    reply.type(`${mediaType}; charset=utf-8`)
  }

  app.get('/sitemaps/sitemap.xml', {
    schema: publicRead({
      operationId: 'getSitemapIndex',
      summary: 'Sitemap index',
      description: `The sitemap index of the newsroom's site, to name in its robots.txt (\`Sitemap: <PUBLIC_BASE_URL>/v1/sitemaps/sitemap.xml\`): the absolute address, on \`PUBLIC_BASE_URL\`, of each file of articles (\`/v1/sitemaps/articles-1.xml\`, \`-2\`, …), ${defaultSitemapLimits.urlsPerFile.toLocaleString('en')} articles a file in the order of their publication, oldest first, so that new articles change the last file alone. There is always a first file, empty while no article is public. ${unconfigured}`,
      tag: 'sitemaps',
      body: SitemapIndexXml,
      bodyDescription: 'The sitemap index, as `application/xml`.',
      mediaType,
      problems: [400, 404]
    })
  }, async (_request, reply) => {
    pagesOrFail()
    const { count, latestPublishedAt } = await app.sitemaps.publicCount()
    const files = Math.max(1, Math.ceil(count / options.urlsPerFile))
    await describe(reply, { publishedAt: [latestPublishedAt] })
    return reply.send(sitemapIndex(Array.from({ length: files }, (_, index) => apiUrl(options.publicBaseUrl, `/v1${articleFilePath(index + 1)}`))))
  })

  app.get('/sitemaps/articles-:number.xml', {
    schema: publicRead({
      operationId: 'getArticleSitemap',
      summary: 'A file of the article sitemap',
      description: `Up to ${defaultSitemapLimits.urlsPerFile.toLocaleString('en')} public articles in the order of their publication (file 1 the oldest): each article's page on the newsroom's site (\`ARTICLE_URL_TEMPLATE\`) as \`loc\`, its last change as \`lastmod\` and, for an article whose translation group has other public articles, an \`xhtml:link rel="alternate"\` to each of them and to itself, \`hreflang\` its language, and one \`hreflang="x-default"\` to the article the group grew from (the one its first translation was made from), or, while that one is not public, to the group's first published. An article alone in its language has no alternates. A file past the last is a 404. ${publicOnly} ${unconfigured}`,
      tag: 'sitemaps',
      params: SitemapFileParams,
      body: ArticleSitemapXml,
      bodyDescription: 'The file, as `application/xml`.',
      mediaType,
      problems: [400, 404]
    })
  }, async (request, reply) => {
    const pages = pagesOrFail()
    const { number } = request.params
    const entries = await app.sitemaps.file((number - 1) * options.urlsPerFile, options.urlsPerFile)
    // The first file is there, empty, while nothing is public: the index always names it.
    if (entries.length === 0 && number > 1) throw new SitemapFileNotFound(number, Math.max(1, Math.ceil((await app.sitemaps.publicCount()).count / options.urlsPerFile)))
    await describe(reply, { publishedAt: entries.map((entry) => entry.publishedAt) })
    return reply.send(articleSitemap(pages, entries))
  })

  app.get('/sitemaps/news.xml', {
    schema: publicRead({
      operationId: 'getNewsSitemap',
      summary: 'Google News sitemap',
      description: `The public articles first published in the last two days, newest first (at most ${defaultSitemapLimits.newsUrls.toLocaleString('en')}), for Google News: each article's page on the newsroom's site as \`loc\`, the publication's name (\`PUBLISHER_NAME\`, else "${feedTitle}") and the article's language (its ISO 639 code: \`ar\` for \`ar-EG\`; \`zh-cn\` or \`zh-tw\` for Chinese), its first publication as \`news:publication_date\` and its title. An article published again after unpublishing keeps its first date, and is listed while that is recent. ${publicOnly} ${unconfigured}`,
      tag: 'sitemaps',
      body: NewsSitemapXml,
      bodyDescription: 'The news sitemap, as `application/xml`.',
      mediaType,
      problems: [400, 404]
    })
  }, async (_request, reply) => {
    const pages = pagesOrFail()
    const entries = await app.sitemaps.newsSince(new Date(Date.now() - newsWindowMs).toISOString(), options.newsUrls)
    await describe(reply, undefined)
    return reply.send(newsSitemap(pages, options.publisher.name ?? feedTitle, entries))
  })
}

export default sitemapRoutes
