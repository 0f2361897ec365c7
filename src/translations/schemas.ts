// Translations: how an article shows the other articles that tell its story.
import { Type, type Static } from 'typebox'
import { languageTag } from '../language.js'

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
