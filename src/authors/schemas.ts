// Authors: the people whose names stand over articles.
import { Type, type Static } from 'typebox'
import { portableSlugPattern } from '../articles/slug.js'
import { Picture } from '../media/schemas.js'
import { NextCursor } from '../pagination.js'
import { Nullable, NullableRef, Timestamp, closed, ref } from '../schema-helpers.js'

export const Author = Type.Object({
  id: Type.String({ description: 'Opaque, stable id (a UUIDv7).' }),
  slug: Type.String({ minLength: 1, maxLength: 200, pattern: portableSlugPattern, format: 'slug', description: 'Unique, URL-friendly name, by the same rule as article slugs (Arabic letters kept).' }),
  name: Type.String({ minLength: 1, maxLength: 200, description: 'The name as the byline shows it.' }),
  bio: Nullable(Type.String({ minLength: 1, maxLength: 5000, description: 'A short biography, plain text, or `null`.' })),
  url: Nullable(Type.String({ format: 'uri', pattern: '^[Hh][Tt][Tt][Pp][Ss]?://', maxLength: 2000, description: 'The author\'s page (absolute http(s) URL), or `null`.' })),
  image: NullableRef(Picture, { description: 'The author\'s picture, or `null`.' }),
  email: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 320, description: 'Editors only, never shown to the public: how to reach the author.' }))),
  version: Type.Integer({ minimum: 1, description: 'Grows by one with every change.' }),
  createdAt: Type.String({ ...Timestamp, description: 'When the author was added.' }),
  updatedAt: Type.String({ ...Timestamp, description: 'When the author last changed.' })
}, { $id: 'Author', title: 'Author', description: 'A person who writes articles.' })

export type AuthorBody = Static<typeof Author>

const { id, name, slug, url, image } = Author.properties

/** An author as an article's byline shows them. */
export const Byline = Type.Object({ id, name, slug, url, image }, {
  $id: 'Byline',
  title: 'Byline',
  description: 'An author of an article, as the article shows them.'
})

export type BylineBody = Static<typeof Byline>

const imageId = Nullable(Type.String({ minLength: 1, maxLength: 100, description: 'The id of an uploaded picture (`POST /v1/media`), or `null` for none.' }))

export const NewAuthor = Type.Object({
  name,
  slug: Type.Optional(slug),
  bio: Type.Optional(Author.properties.bio),
  url: Type.Optional(url),
  image: Type.Optional(imageId),
  email: Author.properties.email
}, {
  ...closed,
  description: 'A new author. Without `slug`, one is made from the name (Arabic letters kept; `-2`, `-3`, ... added when taken).',
  examples: [{ name: 'ستيف ويتكوف', bio: 'مراسل في موسكو.', url: 'https://news.example.org/authors/steve', email: 'steve@news.example.org' }]
})

export const AuthorPatch = Type.Object({
  name: Type.Optional(name),
  slug: Type.Optional(slug),
  bio: Type.Optional(Author.properties.bio),
  url: Type.Optional(url),
  image: Type.Optional(imageId),
  email: Author.properties.email
}, {
  ...closed,
  minProperties: 1,
  description: 'A JSON merge patch (RFC 7396) of the author: fields given replace the stored ones, `null` clears one. Changing what bylines show (`name`, `slug`, `url`, `image`) moves every article that shows the author on to a new version.',
  examples: [{ name: 'Steve Witkoff' }]
})

export const AuthorParams = Type.Object({
  ref: Type.String({ minLength: 1, maxLength: 300, description: 'The author\'s id, or slug (percent-encoded when it has non-ASCII letters).', examples: ['steve-witkoff'] })
}, closed)

export const AuthorPage = Type.Object({
  data: Type.Array(ref(Author)),
  nextCursor: NextCursor
}, { $id: 'AuthorPage', title: 'AuthorPage', description: 'One page of authors, oldest first.' })
