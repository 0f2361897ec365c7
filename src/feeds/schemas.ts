// Feeds: the `lang` query they take, the JSON Feed body, and the XML bodies as OpenAPI shows them.
import { Type } from 'typebox'
import { Article, languageTag } from '../articles/schemas.js'
import { closed } from '../schema-helpers.js'

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

export const JsonFeedItem = Type.Object({
  id: Type.String({ description: 'The article\'s id as a URN (`urn:uuid:<id>`): the same wherever the API is served.' }),
  url: Type.String({ format: 'uri', description: 'The article\'s absolute address, on `PUBLIC_BASE_URL`.' }),
  title: Article.properties.title,
  content_html: Type.String({ description: 'The full text as HTML, in a `<div lang dir>` with the article\'s language and direction: headings as `<h2>`, paragraphs as `<p>`, text escaped.' }),
  content_text: Type.String({ description: 'The full text, plain: headings and paragraphs exactly as stored, separated by a blank line.' }),
  summary: Type.String({ description: 'The first paragraph, plain text.' }),
  date_published: Type.Optional(Type.String({ format: 'date-time', description: 'When the article was first published: publishing it again after unpublishing is an update (`date_modified`), not a new date here.' })),
  date_modified: Type.String({ format: 'date-time', description: 'When the article last changed.' }),
  language: Type.String({ description: 'The article\'s BCP 47 language tag.' })
}, { description: 'One article.' })

export const JsonFeed = Type.Object({
  version: Type.Literal('https://jsonfeed.org/version/1.1'),
  title: Type.String(),
  description: Type.String(),
  home_page_url: Type.String({ format: 'uri', description: 'The public list of articles.' }),
  feed_url: Type.String({ format: 'uri', description: 'This feed, with its `lang` when narrowed.' }),
  language: Type.Optional(Type.String({ description: 'The `lang` asked for or, without one, the language all items share; left out when they differ.' })),
  items: Type.Array(JsonFeedItem, { description: 'The newest published articles, newest first.' })
}, {
  $id: 'JsonFeed',
  title: 'JsonFeed',
  description: 'A JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/) of the newest published articles.'
})
