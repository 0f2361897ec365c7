// An article as IPTC ninjs 3.1 or 2.2: our fields mapped onto ninjs ones, nothing of our own added.
import type { Static } from 'typebox'
import { articleHtml, articleText, characterCount, wordCount } from '../articles/html.js'
import { articleUrl } from '../articles/links.js'
import type { ArticleBody } from '../articles/schemas.js'
import { bylineText, mediaTopicUri, renditionHeight, shownPictures, topicName, type ShownPicture } from '../articles/syndication.js'
import { textFor } from '../language.js'
import { placeNameIn } from '../metadata/place.js'
import { pictureUrl } from '../media/pictures.js'
import type { Publisher } from '../publisher.js'
import { provenanceStatement } from '../translations/provenance.js'
import type { Ninjs22, Ninjs31, NinjsCanceled22, NinjsCanceled31 } from './schemas.js'

export type NinjsVersion = '3.1' | '2.2'

type Place = NonNullable<ArticleBody['metadata']['place']>
type Source = ArticleBody['metadata']['sources'][number]
type InfoSource = NonNullable<Static<typeof Ninjs31>['infoSources']>[number]
type Association = NonNullable<Static<typeof Ninjs31>['associations']>[number]

/**
 * Ort as ninjs places: the place itself (coordinates, locality, country), named in the article's
 * language where `names` has it, else as written; then its country by code, as written.
 */
function placesOf (place: Place, language: string): NonNullable<Static<typeof Ninjs31>['places']> {
  const address = {
    ...(place.locality !== null && { locality: place.locality }),
    ...(place.country !== null && { country: place.country })
  }
  return [
    {
      name: placeNameIn(place, language),
      rel: 'located',
      ...(place.latitude !== null && place.longitude !== null && { geoJSON: { type: 'Point' as const, coordinates: [place.longitude, place.latitude] } }),
      ...(Object.keys(address).length > 0 && { contactInfo: [{ type: 'address' as const, address }] })
    },
    ...(place.countryCode === null
      ? []
      : [{ name: place.country ?? place.countryCode, rel: 'located', uri: `http://cvx.iptc.org/iso3166-1a2/${place.countryCode.toLowerCase()}` }])
  ]
}

/**
 * A source (Quelle) as ninjs wants it: an infoSource is a party, so its publisher (or, without
 * one, the source itself); the document, having no place of its own in ninjs, is the party's
 * web contact in the role of `source`, under the document's name.
 */
function infoSourceOf (source: Source): InfoSource {
  return {
    name: source.publisher ?? source.name,
    role: 'source',
    ...(source.url !== null && { contactInfo: [{ type: 'web' as const, role: 'source' as const, name: source.name, value: source.url }] })
  }
}

/** The engine that translated the story, as the party that changed it into its language. */
function translatorSource (translation: ArticleBody['translation']): InfoSource[] {
  if (translation === null || translation.engine === null || translation.method === 'human') return []
  return [{ name: translation.engine, role: 'translator' }]
}

/** The newsroom as an infoSource: the party that publishes the story. */
function publisherSource (publisher: Publisher): InfoSource[] {
  if (publisher.name === undefined) return []
  return [{
    name: publisher.name,
    role: 'publisher',
    ...(publisher.url !== undefined && { contactInfo: [{ type: 'web' as const, role: 'publisher' as const, name: publisher.name, value: publisher.url }] })
  }]
}

/**
 * A picture as a ninjs association: its API address as `uri`, its renditions, and its texts as
 * descriptions. ninjs 3.1 has no field for alt text, so it is the description with role `alt`
 * (in the article's language), beside the caption with role `caption`.
 */
function associationOf ({ picture, caption, lead }: ShownPicture, position: number, article: ArticleBody, baseUrl: string): Association {
  const alt = textFor(picture.alt, article.language)
  const descriptions = [
    ...(caption === null ? [] : [{ role: 'caption', contentType: 'text/plain', value: caption }]),
    ...(alt === undefined ? [] : [{ role: 'alt', contentType: 'text/plain', value: alt }])
  ]
  return {
    name: lead ? 'lead image' : `image ${position}`,
    uri: pictureUrl(baseUrl, picture.id),
    type: 'picture',
    version: String(picture.version),
    versionCreated: picture.updatedAt,
    ...(descriptions.length > 0 && { descriptions }),
    ...(picture.credit !== null && { by: picture.credit }),
    ...(picture.copyrightNotice !== null && { copyrightNotice: picture.copyrightNotice }),
    renditions: picture.renditions.map((rendition) => ({
      name: `${rendition.format}-${rendition.width}`,
      href: rendition.url,
      contentType: `image/${rendition.format}`,
      width: rendition.width,
      height: renditionHeight(picture, rendition.width)
    }))
  }
}

function ninjs31 (article: ArticleBody, baseUrl: string, publisher: Publisher): Static<typeof Ninjs31> {
  const counts = { charCount: characterCount(article), wordCount: wordCount(article) }
  const { place, sources } = article.metadata
  const by = bylineText(article)
  const infoSources = [...sources.map(infoSourceOf), ...translatorSource(article.translation), ...publisherSource(publisher)]
  const associations = shownPictures(article).map((shown, index) => associationOf(shown, index + 1, article, baseUrl))
  return {
    uri: articleUrl(baseUrl, article.id),
    type: 'text',
    representationType: 'full',
    version: String(article.version),
    firstCreated: article.firstPublishedAt ?? article.createdAt,
    versionCreated: article.updatedAt,
    pubStatus: 'usable',
    ...(article.translation !== null && { edNote: provenanceStatement(article.translation) }),
    language: article.language,
    headlines: [{ role: 'main', contentType: 'text/plain', value: article.title }],
    bodies: [
      { role: 'main', contentType: 'text/plain', ...counts, value: articleText(article) },
      { role: 'richtext', contentType: 'text/html', ...counts, value: articleHtml(article) }
    ],
    ...(by !== undefined && { by }),
    ...(publisher.copyrightNotice !== undefined && { copyrightNotice: publisher.copyrightNotice }),
    ...(article.authors.length > 0 && {
      people: article.authors.map((author) => ({
        name: author.name,
        rel: 'author',
        ...(author.url !== null && { contactInfo: [{ type: 'web' as const, value: author.url }] })
      }))
    }),
    // The place's name, not its `display`: a country's name in its stead would say less than the
    // name as written, and the country is among `places`, by its ISO code, for partners to name.
    ...(place !== null && { located: placeNameIn(place, article.language), places: placesOf(place, article.language) }),
    ...(article.topics.length > 0 && {
      subjects: article.topics.map((topic) => {
        const uri = mediaTopicUri(topic)
        return { name: topicName(topic, article.language), literal: topic.slug, ...(uri !== undefined && { uri }) }
      })
    }),
    ...(infoSources.length > 0 && { infoSources }),
    // The page on the newsroom's site is a rendition of the story: `uri` stays the API's, as ninjs wants an identifier there.
    ...(article.url !== undefined && { renditions: [{ name: 'web', href: article.url, contentType: 'text/html' }] }),
    ...(associations.length > 0 && { associations }),
    standard: standardOf('3.1')
  }
}

function standardOf (version: NinjsVersion) {
  return { name: 'ninjs' as const, version, schema: `http://www.iptc.org/std/ninjs/ninjs-schema_${version}.json#` }
}

/** Every key in lower case, at every depth: 2.2 names what we map exactly as 3.1 does, in lower case. */
function lowerCaseKeys (value: unknown): unknown {
  if (Array.isArray(value)) return value.map(lowerCaseKeys)
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key.toLowerCase(), lowerCaseKeys(inner)]))
  }
  return value
}

/** The article as ninjs of the version asked for. */
export function ninjs (article: ArticleBody, baseUrl: string, version: NinjsVersion, publisher: Publisher = {}): Static<typeof Ninjs31> | Static<typeof Ninjs22> {
  const document = ninjs31(article, baseUrl, publisher)
  if (version === '3.1') return document
  return lowerCaseKeys({ ...document, standard: standardOf('2.2') }) as Static<typeof Ninjs22>
}

/** What a kill notice is made of: the takedown the change feed recorded. */
export interface Withdrawal {
  articleId: string
  version: number | null
  at: string
}

/**
 * The kill notice of a withdrawn article: the same `uri`, `pubStatus: canceled`, and
 * nothing of the withdrawn text, which partners are to take down, not show again.
 */
export function killNotice (withdrawal: Withdrawal, baseUrl: string, version: NinjsVersion): Static<typeof NinjsCanceled31> | Static<typeof NinjsCanceled22> {
  const document: Static<typeof NinjsCanceled31> = {
    uri: articleUrl(baseUrl, withdrawal.articleId),
    type: 'text',
    representationType: 'partial',
    version: String(withdrawal.version ?? 1),
    versionCreated: withdrawal.at,
    pubStatus: 'canceled',
    standard: standardOf('3.1')
  }
  if (version === '3.1') return document
  return lowerCaseKeys({ ...document, standard: standardOf('2.2') }) as Static<typeof NinjsCanceled22>
}
