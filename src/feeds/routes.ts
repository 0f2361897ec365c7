// Feed endpoints: RSS 2.0, Atom 1.0 and JSON Feed 1.1 of the newest published articles, for partners.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { TSchema } from 'typebox'
import { keptAnswers, keptRepresentation, lastModified, surrogateKey, surrogateKeys, type KeptRepresentation } from '../plugins/caching.js'
import type { Publisher } from '../publisher.js'
import { publicRead } from '../route-schemas.js'
import { ref } from '../schema-helpers.js'
import { atomFeed, atomPath } from './atom.js'
import { feedSize, feedUpdatedAt, type Feed } from './feed.js'
import { jsonFeed, jsonFeedPath } from './json-feed.js'
import { rssFeed, rssPath } from './rss.js'
import { FeedQuery, JsonFeed, XmlFeed } from './schemas.js'

export interface FeedOptions {
  /** Where readers reach the API: every link in a feed starts with it. */
  publicBaseUrl: string
  /** The newsroom: rights, home page and the author of last resort. */
  publisher: Publisher
}

interface Format {
  path: string
  operationId: string
  summary: string
  description: string
  mediaType: string
  body: TSchema
  write: (feed: Feed) => string
}

const common = `The ${feedSize} newest published articles, newest first, with their full text; \`lang\` narrows them to a language. Public articles only, whatever token is sent. Links are absolute, on \`PUBLIC_BASE_URL\`. Each article is dated by its first publication (RSS \`pubDate\`, Atom \`published\`, JSON Feed \`date_published\`) and its last change (Atom \`updated\`, JSON Feed \`date_modified\`): an article published again after unpublishing keeps its first date and shows the new publication as an update. A translation whose provenance is recorded (the article's \`translation\`) says how it was translated in a plain English statement (\`Machine-translated from German. Not reviewed by an editor yet.\`): Dublin Core's \`dcterms:provenance\` (\`xml:lang="en"\`) in RSS and Atom, the \`_translation\` extension in JSON Feed.`

const formats: Format[] = [
  {
    path: rssPath,
    operationId: 'getRssFeed',
    summary: 'RSS 2.0 feed',
    description: `${common} The full text is HTML in \`content:encoded\` (the first paragraph in \`description\`), each item's language in \`dc:language\`, the channel's in \`language\` when it has one. \`lastBuildDate\` is when its newest article last changed or, for an empty feed, when public content last changed (or the server started).`,
    mediaType: 'application/rss+xml',
    body: XmlFeed('An RSS 2.0 document (https://www.rssboard.org/rss-specification).'),
    write: rssFeed
  },
  {
    path: atomPath,
    operationId: 'getAtomFeed',
    summary: 'Atom 1.0 feed',
    description: `${common} Each entry carries its language as \`xml:lang\` and its full text as HTML \`content\`. The feed's \`updated\` is when its newest article last changed or, for an empty feed, when public content last changed (or the server started).`,
    mediaType: 'application/atom+xml',
    body: XmlFeed('An Atom 1.0 document (RFC 4287).'),
    write: atomFeed
  },
  {
    path: jsonFeedPath,
    operationId: 'getJsonFeed',
    summary: 'JSON Feed 1.1',
    description: `${common} Each item has its \`language\`, and its full text as \`content_html\` and \`content_text\`.`,
    mediaType: 'application/feed+json',
    body: ref(JsonFeed),
    write: (feed) => JSON.stringify(jsonFeed(feed))
  }
]

const feedRoutes: FastifyPluginAsyncTypebox<FeedOptions> = async (app, options) => {
  // What an empty feed of a database that never changed says it was updated.
  const startedAt = new Date().toISOString()
  // Feeds as sent, by query.
  const feeds = keptAnswers<KeptRepresentation & { keys: string[], changedAt: Array<string | null | undefined> }>(app)
  for (const format of formats) {
    app.get(format.path, {
      config: { answerCache: true },
      schema: publicRead({
        operationId: format.operationId,
        summary: format.summary,
        description: format.description,
        tag: 'syndication',
        querystring: FeedQuery,
        body: format.body,
        bodyDescription: `The feed, as \`${format.mediaType}\`.`,
        mediaType: format.mediaType,
        problems: [400]
      })
    }, async (request, reply) => {
      // A feed depends on its query and the content version alone: kept as sent until a write or a publication.
      const version = await app.articles.contentVersion()
      let kept = feeds.get(request.url, version)
      if (kept === undefined) {
        const { lang } = request.query
        const articles = await app.articles.newestPublished({ limit: feedSize, language: lang })
        // Any change to public content may change a feed (one leaving it too), and so may a
        // scheduled article's time coming, a moment before the sweeper records it.
        const lastChangeAt = await app.changes.latestAt()
        const updatedAt = feedUpdatedAt(articles, lastChangeAt, startedAt)
        // Written whole here: the XML by our writer, the JSON Feed by JSON.stringify (every field it has, as built).
        kept = Object.assign(keptRepresentation(format.write({ baseUrl: options.publicBaseUrl, lang, articles, updatedAt, publisher: options.publisher })), {
          keys: [surrogateKey.lists, ...articles.map((article) => surrogateKey.article(article.id))],
          changedAt: [lastChangeAt, ...articles.map((article) => article.publishedAt)]
        })
        feeds.set(request.url, version, kept)
      }
      surrogateKeys(reply, kept.keys)
      lastModified(reply, ...kept.changedAt)
      return reply.type(`${format.mediaType}; charset=utf-8`).header('etag', kept.etag).send(kept.body as unknown as string)
    })
  }
}

export default feedRoutes
