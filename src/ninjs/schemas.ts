// IPTC ninjs: the version asked for, and the two documents as OpenAPI shows them (the IPTC schemas are the full truth).
import { Type } from 'typebox'
import { StringEnum, closed } from '../schema-helpers.js'

export const NinjsQuery = Type.Object({
  version: Type.Optional(StringEnum(['3.1', '2.2'], {
    default: '3.1',
    description: 'The ninjs version: `3.1` (camelCase names) or `2.2` (lower-case names, for older consumers).'
  }))
}, closed)

const Text = Type.Object({
  role: Type.Optional(Type.String()),
  contentType: Type.Optional(Type.String()),
  value: Type.String()
})

const Body = Type.Object({
  role: Type.String({ description: '`main`: plain text; `richtext`: HTML in a `<div lang dir>`, headings as `<h2>`, paragraphs as `<p>`.' }),
  contentType: Type.String({ description: '`text/plain` or `text/html`.' }),
  charCount: Type.Integer({ description: 'Characters (code points) of the headings and paragraphs, without markup.' }),
  wordCount: Type.Integer({ description: 'Words of the headings and paragraphs (Unicode word breaking for the article\'s language).' }),
  value: Type.String()
})

const PlaceEntry = Type.Object({
  name: Type.String(),
  rel: Type.String({ description: '`located`: where the story happened (the place, and its country).' }),
  uri: Type.Optional(Type.String({ format: 'uri', description: 'For the country: its IPTC ISO 3166-1 alpha-2 code URI, `http://cvx.iptc.org/iso3166-1a2/<code>`.' })),
  geoJSON: Type.Optional(Type.Object({
    type: Type.Literal('Point'),
    coordinates: Type.Array(Type.Number(), { minItems: 2, maxItems: 2, description: '[longitude, latitude], WGS 84.' })
  })),
  contactInfo: Type.Optional(Type.Array(Type.Object({
    type: Type.Literal('address'),
    address: Type.Object({ locality: Type.Optional(Type.String()), country: Type.Optional(Type.String()) })
  })))
})

const InfoSource = Type.Object({
  name: Type.String({ description: 'The party the information came from: the source\'s publisher or, when it has none, the source\'s name.' }),
  role: Type.Literal('source'),
  contactInfo: Type.Optional(Type.Array(Type.Object({
    type: Type.Literal('web'),
    role: Type.Literal('source', { description: 'Names this web address as the source document itself.' }),
    name: Type.String({ description: 'The source\'s name (the document\'s title).' }),
    value: Type.String({ format: 'uri', description: 'The source document\'s URL.' })
  }), { description: 'The source document, where it has a URL: ninjs 3.1 has no top-level `links`, and an infoSource\'s `uri` identifies the party, not a document.' }))
}, { description: 'A source (Quelle), as the party that supplied it.' })

export const Ninjs31 = Type.Object({
  uri: Type.String({ format: 'uri', description: 'The article\'s absolute address, on `PUBLIC_BASE_URL`.' }),
  type: Type.Literal('text'),
  representationType: Type.Literal('full'),
  version: Type.String({ description: 'The article\'s version, as a string.' }),
  firstCreated: Type.String({ format: 'date-time', description: 'When the article was first published: its first version partners saw. Publishing again after unpublishing keeps it and moves `versionCreated`.' }),
  versionCreated: Type.String({ format: 'date-time', description: 'When the article last changed.' }),
  pubStatus: Type.Literal('usable'),
  language: Type.String({ description: 'BCP 47 tag of the text.' }),
  headlines: Type.Array(Text, { description: 'The title, as the `main` headline.' }),
  bodies: Type.Array(Body, { description: 'The text, plain (`main`) and as HTML (`richtext`).' }),
  located: Type.Optional(Type.String({ description: 'The name of the place (Ort).' })),
  places: Type.Optional(Type.Array(PlaceEntry, { description: 'The place (Ort) with its coordinates and address where known, then its country where its code is known.' })),
  infoSources: Type.Optional(Type.Array(InfoSource, { description: 'The sources (Quellen), in order, one infoSource each: `name` is its publisher (or its own name when it has no publisher), and a source with a URL has it as `contactInfo` `{ type: "web", role: "source", name: <the source\'s name>, value: <its URL> }`.' })),
  standard: Type.Object({ name: Type.Literal('ninjs'), version: Type.String(), schema: Type.String({ format: 'uri' }) })
}, {
  $id: 'Ninjs31',
  title: 'Ninjs31',
  description: 'An article as IPTC ninjs 3.1 (https://www.iptc.org/std/ninjs/), valid against `http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json`.'
})

export const Ninjs22 = Type.Object({
  uri: Ninjs31.properties.uri,
  type: Ninjs31.properties.type,
  representationtype: Ninjs31.properties.representationType,
  version: Ninjs31.properties.version,
  firstcreated: Ninjs31.properties.firstCreated,
  versioncreated: Ninjs31.properties.versionCreated,
  pubstatus: Ninjs31.properties.pubStatus,
  language: Ninjs31.properties.language,
  headlines: Type.Array(Type.Object({}, { additionalProperties: true }), { description: 'As in 3.1, with `contenttype`.' }),
  bodies: Type.Array(Type.Object({}, { additionalProperties: true }), { description: 'As in 3.1, with `contenttype`, `charcount` and `wordcount`.' }),
  located: Ninjs31.properties.located,
  places: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true }), { description: 'As in 3.1, with `geojson` and `contactinfo`.' })),
  infosources: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true }), { description: 'As `infoSources` in 3.1, with `contactinfo`.' })),
  standard: Ninjs31.properties.standard
}, {
  $id: 'Ninjs22',
  title: 'Ninjs22',
  description: 'An article as IPTC ninjs 2.2: the fields of 3.1 under their lower-case 2.2 names; valid against `http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json`.'
})

export const NinjsCanceled31 = Type.Object({
  uri: Ninjs31.properties.uri,
  type: Ninjs31.properties.type,
  representationType: Type.Literal('partial', { description: 'A notice, not the story.' }),
  version: Type.String({ description: 'The article\'s version when it was withdrawn, as a string.' }),
  versionCreated: Type.String({ format: 'date-time', description: 'When the article was withdrawn.' }),
  pubStatus: Type.Literal('canceled', { description: 'The story is withdrawn: take it down wherever it was published.' }),
  standard: Ninjs31.properties.standard
}, {
  $id: 'NinjsCanceled31',
  title: 'NinjsCanceled31',
  description: 'A kill notice as IPTC ninjs 3.1: an article that was public and has been unpublished, archived or deleted. Valid against `http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json`.'
})

export const NinjsCanceled22 = Type.Object({
  uri: Ninjs31.properties.uri,
  type: Ninjs31.properties.type,
  representationtype: NinjsCanceled31.properties.representationType,
  version: NinjsCanceled31.properties.version,
  versioncreated: NinjsCanceled31.properties.versionCreated,
  pubstatus: NinjsCanceled31.properties.pubStatus,
  standard: Ninjs31.properties.standard
}, {
  $id: 'NinjsCanceled22',
  title: 'NinjsCanceled22',
  description: 'A kill notice as IPTC ninjs 2.2: the fields of `NinjsCanceled31` under their lower-case 2.2 names.'
})
