// Metadata: an article's place (Ort) and its sources (Quellen).
import { Type } from 'typebox'
import { ArticleParams } from '../articles/params.js'
import { Nullable, NullableRef, closed, ref } from '../schema-helpers.js'

export const Place = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200, description: 'The place as displayed, e.g. "Moskau, Russland".' }),
  locality: Nullable(Type.String({ minLength: 1, maxLength: 200, description: 'City or town.' })),
  country: Nullable(Type.String({ minLength: 1, maxLength: 200, description: 'Country name, as displayed.' })),
  countryCode: Nullable(Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 country code.' })),
  latitude: Nullable(Type.Number({ minimum: -90, maximum: 90, description: 'WGS 84 latitude in degrees.' })),
  longitude: Nullable(Type.Number({ minimum: -180, maximum: 180, description: 'WGS 84 longitude in degrees.' }))
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

export const Metadata = Type.Object({
  place: NullableRef(Place, { description: 'Ort: where the story happened, or `null`.' }),
  sources: Type.Array(ref(Source), { maxItems: 100, description: 'Quellen: the sources, in order; empty when none are given.' })
}, {
  $id: 'Metadata',
  title: 'Metadata',
  description: 'An article\'s place and sources.'
})

/** A place as written: its name, and whatever else is known (the rest is `null` when left out). */
export const PlaceInput = Type.Object({
  name: Place.properties.name,
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
  sources: Type.Array(SourceInput, { maxItems: 100 })
}, { ...closed, examples: [{ place: { name: 'Moskau, Russland', locality: 'Moskau', country: 'Russland', countryCode: 'RU' }, sources: [] }] })

export const SourceParams = Type.Object({
  ...ArticleParams.properties,
  sourceId: Type.String({ minLength: 1, maxLength: 100, description: 'The source id (the seed article has none: add one first).', examples: ['019ad1c4-5a00-7000-8000-0000000000a1'] })
}, closed)
