// Feeds: the `lang` query they take, the JSON Feed body, and the XML bodies as OpenAPI shows them.
import { Type } from 'typebox'
import { Article } from '../articles/schemas.js'
import { languageTag } from '../language.js'
import { closed } from '../schema-helpers.js'
import { TranslationProvenance } from '../translations/schemas.js'

export const FeedQuery = Type.Object({
  lang: Type.Optional(Type.String({
    ...languageTag,
    description: 'Only articles in this language: a BCP 47 tag matched as RFC 4647 basic filtering does, case aside. `ar` takes `ar` and `ar-EG`; `ar-EG` takes `ar-EG` but not `ar`.',
    examples: ['ar']
  }))
}, closed)

/** An XML feed as OpenAPI shows it: a string of the media type it is served as. */
export function XmlFeed (description: string) {
  return Type.String({ description })
}

const JsonFeedAuthor = Type.Object({
  name: Type.String(),
  url: Type.Optional(Type.String({ format: 'uri', description: 'The author\'s page.' })),
  avatar: Type.Optional(Type.String({ format: 'uri', description: 'The author\'s picture: its smallest JPEG rendition at least 512 pixels wide, else its largest.' }))
})

export const JsonFeedItem = Type.Object({
  id: Type.String({ description: 'The article\'s id as a URN (`urn:uuid:<id>`): the same wherever the API is served.' }),
  url: Type.String({ format: 'uri', description: 'The article\'s page on the newsroom\'s site when `ARTICLE_URL_TEMPLATE` is set (the article\'s `url`), else its absolute address in the API, on `PUBLIC_BASE_URL`. The API\'s address is always `/v1/articles/{uuid}` with the UUID of `id`.' }),
  title: Article.properties.title,
  content_html: Type.String({ description: 'The full text as HTML, in a `<div lang dir>` with the article\'s language and direction: headings as `<h2>`, paragraphs as `<p>` with marks as `<strong>`, `<em>` and `<a>`, quotes as `<blockquote>`, lists as `<ol>`/`<ul>`, pictures and embeds as `<figure>`; text escaped, no script.' }),
  content_text: Type.String({ description: 'The full text, plain: headings, paragraphs, quotes (the attribution on the next line after "— "), list items (one a line) and embeds\' fallbacks, exactly as stored, separated by a blank line; pictures are left out.' }),
  summary: Type.String({ description: 'The first paragraph, plain text.' }),
  date_published: Type.Optional(Type.String({ format: 'date-time', description: 'When the article was first published: publishing it again after unpublishing is an update (`date_modified`), not a new date here.' })),
  date_modified: Type.String({ format: 'date-time', description: 'When the article last changed.' }),
  authors: Type.Optional(Type.Array(JsonFeedAuthor, { description: 'The byline\'s authors in order (with their page as `url` and their picture as `avatar`), then the credit (agency copy) by its name. Left out for an article with neither: the feed\'s `authors` stand.' })),
  image: Type.Optional(Type.String({ format: 'uri', description: 'The lead image: its largest JPEG rendition.' })),
  tags: Type.Optional(Type.Array(Type.String(), { description: 'The topics\' names in the article\'s language, in order.' })),
  language: Type.String({ description: 'The article\'s BCP 47 language tag.' }),
  _translation: Type.Optional(Type.Object({
    statement: Type.String({ description: 'How the article was translated, as one plain English statement (`Machine-translated from German. Not reviewed by an editor yet.`).' }),
    ...TranslationProvenance.properties
  }, { description: 'A JSON Feed extension: the article\'s translation provenance (`translation`), with a plain statement of it; left out when that is not recorded.' }))
}, { description: 'One article.' })

export const JsonFeed = Type.Object({
  version: Type.Literal('https://jsonfeed.org/version/1.1'),
  title: Type.String(),
  description: Type.String(),
  home_page_url: Type.String({ format: 'uri', description: 'The newsroom\'s home page (`PUBLISHER_URL`) when set, else the public list of articles.' }),
  feed_url: Type.String({ format: 'uri', description: 'This feed, with its `lang` when narrowed.' }),
  authors: Type.Optional(Type.Array(JsonFeedAuthor, { description: 'The publisher (`PUBLISHER_NAME`, `PUBLISHER_URL`), when set: the author of items that name none.' })),
  language: Type.Optional(Type.String({ description: 'The `lang` asked for or, without one, the language all items share; left out when they differ.' })),
  items: Type.Array(JsonFeedItem, { description: 'The newest published articles, newest first.' })
}, {
  $id: 'JsonFeed',
  title: 'JsonFeed',
  description: 'A JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/) of the newest published articles.'
})
