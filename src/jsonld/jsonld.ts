// An article as a schema.org NewsArticle in JSON-LD.
import type { Static } from 'typebox'
import { articleText, wordCount } from '../articles/html.js'
import { articleUrl } from '../articles/links.js'
import type { ArticleBody } from '../articles/schemas.js'
import type { NewsArticleJsonLd } from './schemas.js'

type Place = NonNullable<ArticleBody['metadata']['place']>

function placeOf (place: Place): NonNullable<Static<typeof NewsArticleJsonLd>['locationCreated']> {
  const country = place.countryCode ?? place.country
  const address = {
    ...(place.locality !== null && { addressLocality: place.locality }),
    ...(country !== null && { addressCountry: country })
  }
  return {
    '@type': 'Place',
    name: place.name,
    ...(Object.keys(address).length > 0 && { address: { '@type': 'PostalAddress' as const, ...address } }),
    ...(place.latitude !== null && place.longitude !== null && { geo: { '@type': 'GeoCoordinates' as const, latitude: place.latitude, longitude: place.longitude } })
  }
}

/** The article as a NewsArticle. */
export function newsArticle (article: ArticleBody, baseUrl: string): Static<typeof NewsArticleJsonLd> {
  const url = articleUrl(baseUrl, article.id)
  const headings = article.sections.flatMap((section) => section.heading === null ? [] : [section.heading])
  const { place, sources } = article.metadata
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
    ...(place !== null && { locationCreated: placeOf(place) }),
    ...(sources.length > 0 && {
      citation: sources.map((source) => ({
        '@type': 'CreativeWork' as const,
        name: source.name,
        ...(source.url !== null && { url: source.url }),
        ...(source.publisher !== null && { publisher: { '@type': 'Organization' as const, name: source.publisher } })
      }))
    }),
    ...(article.originalLanguage !== null && article.originalLanguage !== article.language && {
      translationOfWork: { '@type': 'CreativeWork' as const, inLanguage: article.originalLanguage }
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
