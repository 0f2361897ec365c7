// schema.org NewsArticle as JSON-LD, as OpenAPI shows it (schema.org is the full truth).
import { Type } from 'typebox'

const Organization = Type.Object({ '@type': Type.Literal('Organization'), name: Type.String() })

const Place = Type.Object({
  '@type': Type.Literal('Place'),
  name: Type.String(),
  address: Type.Optional(Type.Object({
    '@type': Type.Literal('PostalAddress'),
    addressLocality: Type.Optional(Type.String({ description: 'City or town.' })),
    addressCountry: Type.Optional(Type.String({ description: 'ISO 3166-1 alpha-2 code where known, else the country\'s name.' }))
  })),
  geo: Type.Optional(Type.Object({
    '@type': Type.Literal('GeoCoordinates'),
    latitude: Type.Number(),
    longitude: Type.Number()
  }))
}, { description: 'Ort: where the story happened.' })

const Citation = Type.Object({
  '@type': Type.Literal('CreativeWork'),
  name: Type.String(),
  url: Type.Optional(Type.String({ format: 'uri' })),
  publisher: Type.Optional(Organization)
}, { description: 'A source (Quelle).' })

export const NewsArticleJsonLd = Type.Object({
  '@context': Type.Literal('https://schema.org'),
  '@type': Type.Literal('NewsArticle'),
  url: Type.String({ format: 'uri', description: 'The article\'s absolute address, on `PUBLIC_BASE_URL`.' }),
  mainEntityOfPage: Type.String({ format: 'uri', description: 'The same address: the resource the article is the main entity of.' }),
  identifier: Type.String({ description: 'The article\'s id.' }),
  headline: Type.String(),
  inLanguage: Type.String({ description: 'BCP 47 tag of the text.' }),
  datePublished: Type.Optional(Type.String({ format: 'date-time', description: 'When the article was first published (always there for a published one); publishing it again after unpublishing moves `dateModified` only.' })),
  dateModified: Type.String({ format: 'date-time' }),
  articleBody: Type.String({ description: 'The full text, plain: headings and paragraphs exactly as stored, separated by a blank line.' }),
  articleSection: Type.Optional(Type.Array(Type.String(), { description: 'The section headings, in order (sections without one are left out).' })),
  wordCount: Type.Integer(),
  commentCount: Type.Integer({ description: 'Approved comments.' }),
  locationCreated: Type.Optional(Place),
  citation: Type.Optional(Type.Array(Citation, { description: 'The sources (Quellen), in order.' })),
  translationOfWork: Type.Optional(Type.Object({
    '@type': Type.Literal('CreativeWork'),
    inLanguage: Type.String({ description: 'The language the article was translated from.' })
  }, { description: 'The original, where the article is a translation: known by its language only.' }))
}, {
  $id: 'NewsArticleJsonLd',
  title: 'NewsArticleJsonLd',
  description: 'An article as a schema.org NewsArticle (https://schema.org/NewsArticle) in JSON-LD.'
})
