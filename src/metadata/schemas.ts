// Metadata: an article's place (Ort) and its sources (Quellen).
import { Type } from 'typebox'
import { Nullable, NullableRef, ref } from '../schema-helpers.js'

export const Place = Type.Object({
  name: Type.String({ description: 'The place as displayed, e.g. "Moskau, Russland".' }),
  locality: Nullable(Type.String({ description: 'City or town.' })),
  country: Nullable(Type.String({ description: 'Country name, as displayed.' })),
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
  name: Type.String({ description: 'What the source is called.' }),
  url: Nullable(Type.String({ format: 'uri', description: 'Absolute http(s) URL of the source.' })),
  publisher: Nullable(Type.String({ description: 'Who published the source.' }))
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
  sources: Type.Array(ref(Source), { description: 'Quellen: the sources, in order; empty when none are given.' })
}, {
  $id: 'Metadata',
  title: 'Metadata',
  description: 'An article\'s place and sources.'
})
