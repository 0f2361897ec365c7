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

const Person = Type.Object({
  '@type': Type.Literal('Person'),
  name: Type.String(),
  url: Type.Optional(Type.String({ format: 'uri', description: 'The author\'s page.' }))
}, { description: 'An author of the byline.' })

const CreditOrganization = Type.Object({
  '@type': Type.Literal('Organization'),
  name: Type.String(),
  url: Type.Optional(Type.String({ format: 'uri' }))
}, { description: 'The credit (agency copy such as "dpa"), or the publisher for an article with neither authors nor credit.' })

const ImageObject = Type.Object({
  '@type': Type.Literal('ImageObject'),
  url: Type.String({ format: 'uri', description: 'The picture\'s largest JPEG rendition.' }),
  width: Type.Integer({ description: 'Width of that rendition in pixels.' }),
  height: Type.Integer({ description: 'Height of that rendition in pixels.' }),
  caption: Type.Optional(Type.String({ description: 'The caption this article gives the picture, else the picture\'s own.' })),
  creditText: Type.Optional(Type.String({ description: 'The picture\'s credit.' })),
  copyrightNotice: Type.Optional(Type.String({ description: 'The picture\'s copyright notice.' }))
}, { description: 'A picture the article shows.' })

const Publisher = Type.Object({
  '@type': Type.Literal('Organization'),
  name: Type.String({ description: '`PUBLISHER_NAME`.' }),
  url: Type.Optional(Type.String({ format: 'uri', description: '`PUBLISHER_URL`.' })),
  logo: Type.Optional(Type.Object({
    '@type': Type.Literal('ImageObject'),
    url: Type.String({ format: 'uri', description: '`PUBLISHER_LOGO_URL`.' })
  }))
}, { description: 'The newsroom, as the server is configured to name it.' })

const Thing = Type.Object({
  '@type': Type.Literal('Thing'),
  name: Type.String({ description: 'The topic\'s name in the article\'s language (falling back along its tag, then to English).' }),
  sameAs: Type.Optional(Type.String({ format: 'uri', description: 'The IPTC Media Topic, `http://cv.iptc.org/newscodes/mediatopic/<code>`, where the topic has one.' }))
}, { description: 'A topic of the article.' })

export const NewsArticleJsonLd = Type.Object({
  '@context': Type.Literal('https://schema.org'),
  '@type': Type.Literal('NewsArticle'),
  url: Type.String({ format: 'uri', description: 'The article\'s page on the newsroom\'s site when `ARTICLE_URL_TEMPLATE` is set (the article\'s `url`), else its absolute address in the API, on `PUBLIC_BASE_URL`.' }),
  mainEntityOfPage: Type.String({ format: 'uri', description: 'The same address: the page the article is the main entity of.' }),
  identifier: Type.String({ description: 'The article\'s id.' }),
  headline: Type.String(),
  inLanguage: Type.String({ description: 'BCP 47 tag of the text.' }),
  datePublished: Type.Optional(Type.String({ format: 'date-time', description: 'When the article was first published (always there for a published one); publishing it again after unpublishing moves `dateModified` only.' })),
  dateModified: Type.String({ format: 'date-time' }),
  articleBody: Type.String({ description: 'The full text, plain: headings, paragraphs, quotes (the attribution on the next line after "— "), list items (one a line) and embeds\' fallbacks, exactly as stored, separated by a blank line; pictures are left out.' }),
  articleSection: Type.Optional(Type.Array(Type.String(), { description: 'The section headings, in order (sections without one are left out).' })),
  wordCount: Type.Integer(),
  commentCount: Type.Integer({ description: 'Approved comments.' }),
  locationCreated: Type.Optional(Place),
  citation: Type.Optional(Type.Array(Citation, { description: 'The sources (Quellen), in order.' })),
  translationOfWork: Type.Optional(Type.Object({
    '@type': Type.Literal('CreativeWork'),
    inLanguage: Type.String({ description: 'The language the article was translated from.' }),
    url: Type.Optional(Type.String({ format: 'uri', description: 'The original\'s page (or address in the API), when it is in this system: the article of its translation group in that language, published.' })),
    headline: Type.Optional(Type.String({ description: 'The original\'s headline, when it is in this system.' }))
  }, { description: 'The original, where the article is a translation: by its language, and by its address and headline when it is an article here.' })),
  translator: Type.Optional(Type.Object({
    '@type': Type.Union([Type.Literal('Organization'), Type.Literal('Person')], { description: '`Organization` for a translation by machine (post-edited or not), `Person` for one by a person: schema.org\'s `translator` takes nothing else.' }),
    name: Type.Optional(Type.String({ description: 'The translation engine, when the article names one.' })),
    description: Type.String({ description: 'How the article was translated, as one plain English statement: method, language, engine, review (`Machine-translated from German. Not reviewed by an editor yet.`).' })
  }, { description: 'Who or what translated the article, from its `translation` provenance; left out when that is not recorded.' })),
  author: Type.Optional(Type.Array(Type.Union([Person, CreditOrganization]), { description: 'The authors in byline order, each a Person, then the credit as an Organization; the publisher as an Organization when the article has neither. Left out when there is nothing to name.' })),
  image: Type.Optional(Type.Array(ImageObject, { description: 'The pictures the article shows: its lead image first, then the others in order.' })),
  publisher: Type.Optional(Publisher),
  copyrightNotice: Type.Optional(Type.String({ description: '`COPYRIGHT_NOTICE`.' })),
  about: Type.Optional(Type.Array(Thing, { description: 'The topics, in order.' })),
  keywords: Type.Optional(Type.Array(Type.String(), { description: 'The topics\' names, in order.' }))
}, {
  $id: 'NewsArticleJsonLd',
  title: 'NewsArticleJsonLd',
  description: 'An article as a schema.org NewsArticle (https://schema.org/NewsArticle) in JSON-LD.'
})
