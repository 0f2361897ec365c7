// Labels: the words a frontend shows around an article, in one locale, as ICU MessageFormat messages.
import { Type, type Static } from 'typebox'
import { anyLanguageTag, languageTag } from '../language.js'
import { StringEnum, closed } from '../schema-helpers.js'
import { locales } from './messages.js'

export const LabelsParams = Type.Object({
  lang: Type.String({
    ...anyLanguageTag,
    description: 'The reader\'s language, a BCP 47 tag in any case: `ar`, `ar-EG`, `de-CH-1996`, `x-unknown`.',
    examples: ['ar']
  })
}, closed)

const date = 'Argument `date`: a `Date` or milliseconds since the epoch (`new Date(article.publishedAt)`), which the client formats as a long date in the reader\'s time zone.'

export const LabelMessages = Type.Object({
  details: Type.String({ description: 'Heading of the block with an article\'s place and sources (the seed\'s "Details"). No arguments.' }),
  place: Type.String({ description: 'The term for where the story happened ("Ort"), set beside `metadata.place.name` as the seed shows it. No arguments.' }),
  sources: Type.String({ description: 'The term over the article\'s sources ("Quellen"). No arguments.' }),
  commentsHeading: Type.String({ description: 'Heading of the comments with their number in brackets (the seed\'s "Kommentare (0)"). Argument `count`: a number, the article\'s `commentCount`.' }),
  comments: Type.String({ description: 'The number of comments in words, by the locale\'s plural forms (six in Arabic: "لا تعليقات", "تعليق واحد", "تعليقان", "٣ تعليقات", "١١ تعليقًا", "١٠٠ تعليق"). Argument `count`: a number.' }),
  published: Type.String({ description: `When the article was first published. ${date}` }),
  updated: Type.String({ description: `When the article last changed. ${date}` }),
  by: Type.String({ description: 'The byline. Argument `authors`: the authors\' names, already joined into one string (with `Intl.ListFormat` in the same locale: "ليلى حسن وستيف ويتكوف").' }),
  translatedFrom: Type.String({ description: 'That the article is a translation. Argument `language`: the name of its `originalLanguage` in the reader\'s language, from `languageNames` (or the tag itself, for a language not there).' }),
  readingTime: Type.String({ description: 'How long the article takes to read. Argument `minutes`: a whole number, rounded up; 0 reads "under a minute".' })
}, {
  ...closed,
  description: 'ICU MessageFormat messages, by what they label. Numbers are formatted by the client in the locale it formats with (`#`, `{count, number}`), so its digits follow that locale: `ar-EG` or `ar-u-nu-arab` for Arabic-Indic (٣), `ar-u-nu-latn` for Western (3).'
})

export type LabelMessagesBody = Static<typeof LabelMessages>

export const Labels = Type.Object({
  locale: StringEnum([...locales], { description: 'The locale these labels are in: the requested tag, or else the longest prefix of it that is shipped (`ar-EG` → `ar`, `de-CH-1996` → `de`), or else `en`. Also sent as `Content-Language`. Format the messages with it, or with the requested tag where that only narrows it (`ar-EG` for `ar`: its digits and dates).' }),
  requested: Type.String({ description: 'The tag asked for, as it was written in the path.' }),
  direction: StringEnum(['rtl', 'ltr'], { description: 'Which way the locale\'s text runs (`rtl` for Arabic): the `dir` of what the labels stand in.' }),
  messages: LabelMessages,
  languageNames: Type.Record(Type.String(languageTag), Type.String(), {
    description: 'Common newsroom languages by BCP 47 tag (ar, de, en, es, fa, fr, he, it, ja, pl, pt, ru, tr, uk, zh), each named in this locale as CLDR names it: the `language` of `translatedFrom`.'
  })
}, {
  $id: 'Labels',
  title: 'Labels',
  description: 'What a frontend needs to present an article\'s metadata in one language: ICU MessageFormat messages, the language names they take, and the text direction.'
})

export type LabelsBody = Static<typeof Labels>
