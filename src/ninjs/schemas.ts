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
  role: Type.String({ description: '`main`: plain text; `richtext`: HTML in a `<div lang dir>`: headings as `<h2>`, paragraphs as `<p>` with marks as `<strong>`, `<em>` and `<a>`, quotes as `<blockquote>`, lists as `<ol>`/`<ul>`, pictures and embeds as `<figure>`.' }),
  contentType: Type.String({ description: '`text/plain` or `text/html`.' }),
  charCount: Type.Integer({ description: 'Characters (code points) of the plain text (headings, paragraphs, quotes and their attributions, list items, embeds\' fallbacks), without markup or breaks.' }),
  wordCount: Type.Integer({ description: 'Words of the plain text (Unicode word breaking for the article\'s language).' }),
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
  name: Type.String({ description: 'For a source: the party the information came from, the source\'s publisher or, when it has none, the source\'s name. For the translator: the engine. For the publisher: `PUBLISHER_NAME`.' }),
  role: StringEnum(['source', 'translator', 'publisher'], { description: '`source`: a source (Quelle); `translator`: the engine that machine-translated the article; `publisher`: the newsroom, last.' }),
  contactInfo: Type.Optional(Type.Array(Type.Object({
    type: Type.Literal('web'),
    role: StringEnum(['source', 'publisher'], { description: '`source`: this web address is the source document itself; `publisher`: the newsroom\'s home page (`PUBLISHER_URL`).' }),
    name: Type.String({ description: 'The source\'s name (the document\'s title), or the publisher\'s.' }),
    value: Type.String({ format: 'uri', description: 'The source document\'s URL, or the publisher\'s home page.' })
  }), { description: 'The source document, where it has a URL: ninjs 3.1 has no top-level `links`, and an infoSource\'s `uri` identifies the party, not a document.' }))
}, { description: 'A source (Quelle), as the party that supplied it; or the publisher.' })

const Rendition = Type.Object({
  name: Type.String({ description: 'For an article: `web`, its page on the newsroom\'s site. For a picture: `<format>-<width>`, such as `jpeg-1280`.' }),
  href: Type.String({ format: 'uri' }),
  contentType: Type.String({ description: '`text/html` for the web page; `image/jpeg`, `image/webp` or `image/avif` for a picture.' }),
  width: Type.Optional(Type.Integer({ description: 'Pictures: width in pixels.' })),
  height: Type.Optional(Type.Integer({ description: 'Pictures: height in pixels.' }))
})

const Association = Type.Object({
  name: Type.String({ description: '`lead image` for the lead picture, `image <n>` for the others (n: its place among the article\'s pictures, the lead first).' }),
  uri: Type.String({ format: 'uri', description: 'The picture in the API, `/v1/media/{id}`.' }),
  type: Type.Literal('picture'),
  version: Type.String({ description: 'The picture\'s version, as a string.' }),
  versionCreated: Type.String({ format: 'date-time', description: 'When the picture\'s texts last changed.' }),
  descriptions: Type.Optional(Type.Array(Text, { description: 'The caption (role `caption`; this article\'s, else the picture\'s own) and the alt text in the article\'s language (role `alt`: ninjs 3.1 has no field of its own for alt text), each `text/plain`.' })),
  by: Type.Optional(Type.String({ description: 'The picture\'s credit.' })),
  copyrightNotice: Type.Optional(Type.String({ description: 'The picture\'s copyright notice.' })),
  renditions: Type.Array(Rendition, { description: 'Every rendition of the picture, `srcset`-ready.' })
}, { description: 'A picture the article shows.' })

export const Ninjs31 = Type.Object({
  uri: Type.String({ format: 'uri', description: 'The article\'s absolute address, on `PUBLIC_BASE_URL`.' }),
  type: Type.Literal('text'),
  representationType: Type.Literal('full'),
  version: Type.String({ description: 'The article\'s version, as a string.' }),
  firstCreated: Type.String({ format: 'date-time', description: 'When the article was first published: its first version partners saw. Publishing again after unpublishing keeps it and moves `versionCreated`.' }),
  versionCreated: Type.String({ format: 'date-time', description: 'When the article last changed.' }),
  pubStatus: Type.Literal('usable'),
  edNote: Type.Optional(Type.String({ description: 'For the receiving newsroom\'s editors, where the article is a translation whose provenance is recorded: how it was translated, as one plain English statement (`Machine-translated from German. Not reviewed by an editor yet.`).' })),
  language: Type.String({ description: 'BCP 47 tag of the text: the language of every body and headline (ninjs has no language per body; they are all in the article\'s language).' }),
  headlines: Type.Array(Text, { description: 'The title, as the `main` headline.' }),
  bodies: Type.Array(Body, { description: 'The text, plain (`main`) and as HTML (`richtext`).' }),
  by: Type.Optional(Type.String({ description: 'The byline: the authors\' names joined as the article\'s language joins a list, then ` / ` and the credit (agency copy) when there is one; the credit alone without authors.' })),
  copyrightNotice: Type.Optional(Type.String({ description: '`COPYRIGHT_NOTICE`.' })),
  people: Type.Optional(Type.Array(Type.Object({
    name: Type.String(),
    rel: Type.Literal('author'),
    contactInfo: Type.Optional(Type.Array(Type.Object({ type: Type.Literal('web'), value: Type.String({ format: 'uri', description: 'The author\'s page.' }) })))
  }), { description: 'The authors, in byline order.' })),
  located: Type.Optional(Type.String({ description: 'The name of the place (Ort).' })),
  places: Type.Optional(Type.Array(PlaceEntry, { description: 'The place (Ort) with its coordinates and address where known, then its country where its code is known.' })),
  subjects: Type.Optional(Type.Array(Type.Object({
    name: Type.String({ description: 'The topic\'s name in the article\'s language (falling back along its tag, then to English).' }),
    literal: Type.String({ description: 'The topic\'s slug.' }),
    uri: Type.Optional(Type.String({ format: 'uri', description: 'The IPTC Media Topic, `http://cv.iptc.org/newscodes/mediatopic/<code>`, where the topic has one.' }))
  }), { description: 'The topics, in order.' })),
  infoSources: Type.Optional(Type.Array(InfoSource, { description: 'The sources (Quellen), in order, one infoSource each: `name` is its publisher (or its own name when it has no publisher), and a source with a URL has it as `contactInfo` `{ type: "web", role: "source", name: <the source\'s name>, value: <its URL> }`. Then the translation engine of a machine translation that names one: `{ name: <engine>, role: "translator" }`. Then the newsroom, when `PUBLISHER_NAME` is set: `{ name, role: "publisher" }`, with `PUBLISHER_URL` as a `contactInfo` of role `publisher`.' })),
  renditions: Type.Optional(Type.Array(Rendition, { description: 'The article\'s page on the newsroom\'s site, when `ARTICLE_URL_TEMPLATE` is set: `{ name: "web", href, contentType: "text/html" }` (`uri` stays the API\'s address, the story\'s identifier).' })),
  associations: Type.Optional(Type.Array(Association, { description: 'The pictures the article shows, the lead image first.' })),
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
  ednote: Ninjs31.properties.edNote,
  language: Ninjs31.properties.language,
  headlines: Type.Array(Type.Object({}, { additionalProperties: true }), { description: 'As in 3.1, with `contenttype`.' }),
  bodies: Type.Array(Type.Object({}, { additionalProperties: true }), { description: 'As in 3.1, with `contenttype`, `charcount` and `wordcount`.' }),
  by: Ninjs31.properties.by,
  copyrightnotice: Ninjs31.properties.copyrightNotice,
  people: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true }), { description: 'As in 3.1, with `contactinfo`.' })),
  located: Ninjs31.properties.located,
  places: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true }), { description: 'As in 3.1, with `geojson` and `contactinfo`.' })),
  subjects: Ninjs31.properties.subjects,
  infosources: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true }), { description: 'As `infoSources` in 3.1, with `contactinfo`.' })),
  renditions: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true }), { description: 'As in 3.1, with `contenttype`.' })),
  associations: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true }), { description: 'As in 3.1, every name in lower case (`versioncreated`, `copyrightnotice`, `contenttype`).' })),
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
