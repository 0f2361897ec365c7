// Translations: how an article shows the other articles that tell its story.
import { Type, type Static } from 'typebox'
import { languageTag } from '../language.js'
import { Nullable, StringEnum, Timestamp, closed } from '../schema-helpers.js'

export const TranslationLink = Type.Object({
  id: Type.String({ description: 'The translation\'s id: `GET /v1/articles/{id}` reads it.' }),
  language: Type.String({ ...languageTag, description: 'Its BCP 47 language tag.' }),
  slug: Type.String({ description: 'Its slug.' }),
  title: Type.String({ description: 'Its headline, exactly as written.' }),
  url: Type.Optional(Type.String({ format: 'uri', description: 'Its page on the newsroom\'s site (`ARTICLE_URL_TEMPLATE`), once it has a first publication.' }))
}, {
  $id: 'TranslationLink',
  title: 'TranslationLink',
  description: 'Another article of the same translation group: the story in another language.',
  examples: [{ id: '01a2263c-f0e6-7177-b5c5-6a14a60fd369', language: 'de', slug: 'putin-und-trump-treffen-fuer-waffenruhe', title: 'Putin und Trump: Treffen für eine Waffenruhe – Hoffnung für die Ukraine!' }]
})

export type TranslationLinkBody = Static<typeof TranslationLink>

export const translationMethods = ['machine', 'human', 'machine-post-edited'] as const

const provenanceFields = {
  from: Type.String({ ...languageTag, description: 'BCP 47 tag of the language it was translated from: the article\'s `originalLanguage`, which is one with it.' }),
  method: StringEnum([...translationMethods], { description: 'How: `machine` (by a translation engine, as it came out), `human` (by a translator), `machine-post-edited` (by an engine, then corrected by a person).' }),
  engine: Nullable(Type.String({ minLength: 1, maxLength: 200, description: 'The translation engine, as the newsroom names it ("DeepL", "Google Translate"), or `null`.' })),
  reviewedAt: Nullable(Type.String({ ...Timestamp, description: 'When an editor reviewed the translation, or `null` for not yet.' }))
}

export const TranslationProvenance = Type.Object(provenanceFields, {
  $id: 'TranslationProvenance',
  title: 'TranslationProvenance',
  description: 'How the article was translated: from which language, how, by which engine, and whether an editor has reviewed it.',
  examples: [{ from: 'de', method: 'machine', engine: null, reviewedAt: null }, { from: 'de', method: 'machine-post-edited', engine: 'DeepL', reviewedAt: '2025-03-23T09:30:00.000Z' }]
})

export type TranslationProvenanceBody = Static<typeof TranslationProvenance>

const { from, method, engine, reviewedAt } = provenanceFields

export const ProvenanceInput = Type.Object({ from, method, engine: Type.Optional(engine), reviewedAt: Type.Optional(reviewedAt) }, {
  ...closed,
  description: 'How the article was translated; `engine` and `reviewedAt` are `null` when left out. `from` sets `originalLanguage`.',
  examples: [{ from: 'de', method: 'machine' }]
})

export const ProvenancePatch = Type.Object({ from: Type.Optional(from), method: Type.Optional(method), engine: Type.Optional(engine), reviewedAt: Type.Optional(reviewedAt) }, {
  ...closed,
  description: 'A merge patch of the provenance: the fields given replace the stored ones. An article with no provenance yet needs `method`, and `from` unless it has an `originalLanguage`.',
  examples: [{ method: 'machine-post-edited', reviewedAt: '2025-03-23T09:30:00.000Z' }]
})

export type ProvenancePatchBody = Static<typeof ProvenancePatch>
