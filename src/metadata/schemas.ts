// Metadata: an article's place (Ort) and its sources (Quellen).
import { Type, type Static } from 'typebox'
import { ArticleParams } from '../articles/params.js'
import { languageTag } from '../language.js'
import { Nullable, NullableRef, closed, ref } from '../schema-helpers.js'

/** The most names by language a place may have. */
export const maxPlaceNames = 100

// The tags are held to `propertyNames`, not to a Record's key pattern: the OpenAPI document
// turns a key pattern into a plain map, so it would accept keys the server refuses.
const placeNames = Type.Record(Type.String(), Type.String({ minLength: 1, maxLength: 200 }), {
  propertyNames: Type.String(languageTag),
  maxProperties: maxPlaceNames,
  description: `The place's name by BCP 47 language tag, each exactly as written (\`{"ar": "موسكو، روسيا", "en": "Moscow, Russia"}\`); \`{}\` for none. Readers of an article get the one in its language as \`display\`, a tag serving the more specific ones (\`ar\` serves \`ar-EG\`). Tags match whatever their case, so no two may differ only in case. At most ${maxPlaceNames}.`,
  examples: [{ ar: 'موسكو، روسيا', en: 'Moscow, Russia' }]
})

export const Place = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200, description: 'The place exactly as written, in whatever language it was written, e.g. "Moskau, Russland"; `display` is what readers are shown.' }),
  names: placeNames,
  locality: Nullable(Type.String({ minLength: 1, maxLength: 200, description: 'City or town.' })),
  country: Nullable(Type.String({ minLength: 1, maxLength: 200, description: 'The country\'s name, as written.' })),
  countryCode: Nullable(Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 country code.' })),
  latitude: Nullable(Type.Number({ minimum: -90, maximum: 90, description: 'WGS 84 latitude in degrees.' })),
  longitude: Nullable(Type.Number({ minimum: -180, maximum: 180, description: 'WGS 84 longitude in degrees.' })),
  display: Type.String({
    minLength: 1,
    description: 'The place as readers of this article are shown it: its name in the article\'s language from `names`; else, with a `countryCode`, the country\'s name in that language from the CLDR data (an Arabic article from `RU` shows "روسيا"); else `name`. Made on every read, never stored; ignored when sent back.',
    examples: ['روسيا']
  })
}, {
  $id: 'Place',
  title: 'Place',
  description: 'Where the story happened (Ort).'
})

export const Source = Type.Object({
  id: Type.String({ description: 'Opaque, stable id.' }),
  name: Type.String({ minLength: 1, maxLength: 300, description: 'What the source is called.' }),
  url: Nullable(Type.String({ format: 'uri', pattern: '^[Hh][Tt][Tt][Pp][Ss]?://', maxLength: 2000, description: 'Absolute http(s) URL of the source.' })),
  publisher: Nullable(Type.String({ minLength: 1, maxLength: 300, description: 'Who published the source.' }))
}, {
  $id: 'Source',
  title: 'Source',
  description: 'A source the story draws on (Quelle).',
  examples: [{
    id: '0195c04c-9805-7000-8000-000000000001',
    name: 'Interview with Steve Witkoff',
    url: 'https://example.com/interviews/witkoff',
    publisher: 'Example Media'
  }]
})

/** The most sources an article may have, however they are added. */
export const maxSources = 100

export type PlaceBody = Static<typeof Place>

export const Metadata = Type.Object({
  place: NullableRef(Place, { description: 'Ort: where the story happened, or `null`.' }),
  sources: Type.Array(ref(Source), { maxItems: maxSources, description: 'Quellen: the sources, in order; empty when none are given.' })
}, {
  $id: 'Metadata',
  title: 'Metadata',
  description: 'An article\'s place and sources.'
})

export type MetadataBody = Static<typeof Metadata>

/** A place as written: its name, and whatever else is known (the rest is `null` when left out). */
export const PlaceInput = Type.Object({
  name: Place.properties.name,
  names: Type.Optional(Place.properties.names),
  locality: Type.Optional(Place.properties.locality),
  country: Type.Optional(Place.properties.country),
  countryCode: Type.Optional(Place.properties.countryCode),
  latitude: Type.Optional(Place.properties.latitude),
  longitude: Type.Optional(Place.properties.longitude)
}, closed)

/** A source as written. */
export const SourceInput = Type.Object({
  name: Source.properties.name,
  url: Type.Optional(Source.properties.url),
  publisher: Type.Optional(Source.properties.publisher)
}, { ...closed, examples: [{ name: 'Interview with Steve Witkoff', url: 'https://example.com/interviews/witkoff', publisher: 'Example Media' }] })

export const SourcePatch = Type.Partial(SourceInput, { ...closed, minProperties: 1, description: 'A JSON merge patch: the fields given replace the stored ones; `null` clears `url` or `publisher`.' })

export const MetadataInput = Type.Object({
  place: Nullable(PlaceInput),
  sources: Type.Array(SourceInput, { maxItems: maxSources })
}, { ...closed, examples: [{ place: { name: 'Moskau, Russland', locality: 'Moskau', country: 'Russland', countryCode: 'RU' }, sources: [] }] })

/** A place as replaced: as written, or as read (its `display` is made on every read, so what is sent is ignored). */
export const PlaceReplacement = Type.Object({
  ...PlaceInput.properties,
  display: Type.Optional(Type.String({ description: 'Ignored: `display` is made on every read. Accepted so that what `GET` answers can be sent back as it is.' }))
}, closed)

/** A source as replaced: as written, or as read, keeping the id of a source the article has. */
export const SourceReplacement = Type.Object({
  id: Type.Optional(Type.String({ description: 'The id of one of the article\'s sources, to keep it; a new one is given when left out.' })),
  ...SourceInput.properties
}, closed)

/** Metadata as replaced: what `GET …/metadata` answers can be sent back as it is. */
export const MetadataReplacement = Type.Object({
  place: Nullable(PlaceReplacement),
  sources: Type.Array(SourceReplacement, { maxItems: maxSources, description: `At most ${maxSources} sources, however they are added.` })
}, {
  ...closed,
  examples: [{
    place: { name: 'Moskau, Russland', names: { ar: 'موسكو، روسيا', en: 'Moscow, Russia' }, locality: 'Moskau', country: 'Russland', countryCode: 'RU', latitude: null, longitude: null },
    sources: [{ id: '0195c04c-9805-7000-8000-000000000001', name: 'Interview with Steve Witkoff', url: 'https://example.com/interviews/witkoff', publisher: 'Example Media' }, { name: 'Kremlin statement' }]
  }]
})

export const SourceParams = Type.Object({
  ...ArticleParams.properties,
  sourceId: Type.String({ minLength: 1, maxLength: 100, description: 'The source id (the seed article has none: add one first).', examples: ['019ad1c4-5a00-7000-8000-0000000000a1'] })
}, closed)
