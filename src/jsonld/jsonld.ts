// An article as a schema.org NewsArticle in JSON-LD.
import type { Static } from 'typebox'
import { articleText, wordCount } from '../articles/html.js'
import { articleUrl } from '../articles/links.js'
import type { ArticleBody } from '../articles/schemas.js'
import { largestJpeg, mediaTopicUri, shownPictures, topicName, type ShownPicture } from '../articles/syndication.js'
import { placeNameIn } from '../metadata/place.js'
import type { Publisher } from '../publisher.js'
import { provenanceStatement } from '../translations/provenance.js'
import type { NewsArticleJsonLd } from './schemas.js'

type Document = Static<typeof NewsArticleJsonLd>
type Place = NonNullable<ArticleBody['metadata']['place']>

/**
 * Ort as a schema.org Place, named in the article's language where `names` has it, else as
 * written. Not `display`: its fallback to the country's name would name a Place whose address
 * and coordinates are those of the city after the whole country; the country is in the address.
 */
function placeOf (place: Place, language: string): NonNullable<Static<typeof NewsArticleJsonLd>['locationCreated']> {
  const country = place.countryCode ?? place.country
  const address = {
    ...(place.locality !== null && { addressLocality: place.locality }),
    ...(country !== null && { addressCountry: country })
  }
  return {
    '@type': 'Place',
    name: placeNameIn(place, language),
    ...(Object.keys(address).length > 0 && { address: { '@type': 'PostalAddress' as const, ...address } }),
    ...(place.latitude !== null && place.longitude !== null && { geo: { '@type': 'GeoCoordinates' as const, latitude: place.latitude, longitude: place.longitude } })
  }
}

/**
 * Who wrote it: each author as a Person, then the credit (agency copy) as an Organization;
 * the publisher stands in for an article with neither, as Google wants an author on every article.
 */
function authorsOf (article: ArticleBody, publisher: Publisher): Document['author'] {
  const people = article.authors.map((author) => ({ '@type': 'Person' as const, name: author.name, ...(author.url !== null && { url: author.url }) }))
  const credit = article.credit === null ? [] : [{ '@type': 'Organization' as const, name: article.credit }]
  if (people.length > 0 || credit.length > 0) return [...people, ...credit]
  if (publisher.name === undefined) return undefined
  return [{ '@type': 'Organization' as const, name: publisher.name, ...(publisher.url !== undefined && { url: publisher.url }) }]
}

/** A picture as an ImageObject: its largest JPEG with its size, the caption, credit and copyright notice. */
function imageOf ({ picture, caption }: ShownPicture): NonNullable<Document['image']>[number] | undefined {
  const jpeg = largestJpeg(picture)
  if (jpeg === undefined) return undefined
  return {
    '@type': 'ImageObject',
    url: jpeg.url,
    width: jpeg.width,
    height: jpeg.height,
    ...(caption !== null && { caption }),
    ...(picture.credit !== null && { creditText: picture.credit }),
    ...(picture.copyrightNotice !== null && { copyrightNotice: picture.copyrightNotice })
  }
}

function publisherOf (publisher: Publisher): Document['publisher'] {
  if (publisher.name === undefined) return undefined
  return {
    '@type': 'Organization',
    name: publisher.name,
    ...(publisher.url !== undefined && { url: publisher.url }),
    ...(publisher.logoUrl !== undefined && { logo: { '@type': 'ImageObject' as const, url: publisher.logoUrl } })
  }
}

/** The original of a translation when it is an article here: the one of its group in the language it was translated from. */
function originalOf (article: ArticleBody, language: string, baseUrl: string): { url: string, headline: string } | Record<string, never> {
  const original = article.translations.find((link) => link.language.toLowerCase() === language.toLowerCase())
  return original === undefined ? {} : { url: original.url ?? articleUrl(baseUrl, original.id), headline: original.title }
}

/** The translator its provenance names: an engine is no person, so a machine translation's is an Organization. */
function translatorOf (translation: NonNullable<ArticleBody['translation']>): NonNullable<Document['translator']> {
  return {
    '@type': translation.method === 'human' ? 'Person' : 'Organization',
    ...(translation.engine !== null && { name: translation.engine }),
    description: provenanceStatement(translation)
  }
}

/**
 * The article as a NewsArticle. `url` and `mainEntityOfPage` are its page on the newsroom's
 * site when it has one (ARTICLE_URL_TEMPLATE), else its address in the API.
 */
export function newsArticle (article: ArticleBody, baseUrl: string, publisher: Publisher = {}): Document {
  const url = article.url ?? articleUrl(baseUrl, article.id)
  const headings = article.sections.flatMap((section) => section.heading === null ? [] : [section.heading])
  const { place, sources } = article.metadata
  const author = authorsOf(article, publisher)
  const images = shownPictures(article).flatMap((shown) => imageOf(shown) ?? [])
  const organization = publisherOf(publisher)
  const topics = article.topics.map((topic) => ({ name: topicName(topic, article.language), uri: mediaTopicUri(topic) }))
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    url,
    mainEntityOfPage: url,
    identifier: article.id,
    headline: article.title,
    inLanguage: article.language,
    ...(article.firstPublishedAt !== null && { datePublished: article.firstPublishedAt }),
    dateModified: article.updatedAt,
    articleBody: articleText(article),
    ...(headings.length > 0 && { articleSection: headings }),
    wordCount: wordCount(article),
    commentCount: article.commentCount,
    ...(place !== null && { locationCreated: placeOf(place, article.language) }),
    ...(sources.length > 0 && {
      citation: sources.map((source) => ({
        '@type': 'CreativeWork' as const,
        name: source.name,
        ...(source.url !== null && { url: source.url }),
        ...(source.publisher !== null && { publisher: { '@type': 'Organization' as const, name: source.publisher } })
      }))
    }),
    ...(article.originalLanguage !== null && article.originalLanguage !== article.language && {
      translationOfWork: { '@type': 'CreativeWork' as const, inLanguage: article.originalLanguage, ...originalOf(article, article.originalLanguage, baseUrl) }
    }),
    ...(article.translation !== null && { translator: translatorOf(article.translation) }),
    ...(author !== undefined && { author }),
    ...(images.length > 0 && { image: images }),
    ...(organization !== undefined && { publisher: organization }),
    ...(publisher.copyrightNotice !== undefined && { copyrightNotice: publisher.copyrightNotice }),
    ...(topics.length > 0 && {
      about: topics.map((topic) => ({ '@type': 'Thing' as const, name: topic.name, ...(topic.uri !== undefined && { sameAs: topic.uri }) })),
      keywords: topics.map((topic) => topic.name)
    })
  }
}

// `<`, `>` and `&` as JSON escapes: the same JSON, and no `</script>` or `<!--` can end or
// bend the <script type="application/ld+json"> element a page pastes the document into.
const htmlSensitive = /[<>&]/g
const jsonEscapes: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026' }

/** The document as JSON text that is safe to embed in HTML as it is. */
export function jsonLdText (document: Static<typeof NewsArticleJsonLd>): string {
  return JSON.stringify(document).replace(htmlSensitive, (character) => jsonEscapes[character] ?? character)
}
