// The labels' messages in each locale we ship, in ICU MessageFormat: one object per locale, every key in each.
import type { LabelMessagesBody } from './schemas.js'

// Counts are written `#` (and `{count, number}`), never `{count}`: the client's ICU formats
// them as numbers of the locale it formats with, in its digits, where `{count}` would print
// Western digits inside Arabic text whatever the reader's locale.

// Arabic counts by CLDR's six plural categories (https://www.unicode.org/cldr/charts/latest/supplemental/language_plural_rules.html):
// zero is 0, one is 1, two is 2 (a word alone: "تعليقان"); few is n % 100 in 3..10 (3, 10,
// 103: the plural noun, "٣ تعليقات"); many is n % 100 in 11..99 (11, 99, 111: the singular
// in the accusative, "١١ تعليقًا"); other is the rest (100, 101, 102: the singular in the genitive).
const ar: LabelMessagesBody = {
  details: 'التفاصيل',
  place: 'المكان',
  sources: 'المصادر',
  commentsHeading: 'التعليقات ({count, number})',
  comments: '{count, plural, zero {لا تعليقات} one {تعليق واحد} two {تعليقان} few {# تعليقات} many {# تعليقًا} other {# تعليق}}',
  published: 'نُشر في {date, date, long}',
  updated: 'حُدِّث في {date, date, long}',
  by: 'بقلم {authors}',
  translatedFrom: 'مترجم عن {language}',
  // دقيقة takes no alif in the accusative, so many and other read alike.
  readingTime: '{minutes, plural, zero {مدة القراءة: أقل من دقيقة} one {مدة القراءة: دقيقة واحدة} two {مدة القراءة: دقيقتان} few {مدة القراءة: # دقائق} many {مدة القراءة: # دقيقة} other {مدة القراءة: # دقيقة}}'
}

// German and English have two plural categories, one and other; `=0` gives no comment its own words.
const de: LabelMessagesBody = {
  details: 'Details',
  place: 'Ort',
  sources: 'Quellen',
  commentsHeading: 'Kommentare ({count, number})',
  comments: '{count, plural, =0 {Keine Kommentare} one {# Kommentar} other {# Kommentare}}',
  published: 'Veröffentlicht am {date, date, long}',
  updated: 'Aktualisiert am {date, date, long}',
  by: 'Von {authors}',
  // CLDR names a language in the nominative ("Englisch"), which "aus dem Englischen" cannot take.
  translatedFrom: 'Übersetzt aus: {language}',
  readingTime: '{minutes, plural, =0 {Lesezeit: unter einer Minute} one {Lesezeit: # Minute} other {Lesezeit: # Minuten}}'
}

const en: LabelMessagesBody = {
  details: 'Details',
  place: 'Place',
  sources: 'Sources',
  commentsHeading: 'Comments ({count, number})',
  comments: '{count, plural, =0 {No comments} one {# comment} other {# comments}}',
  published: 'Published on {date, date, long}',
  updated: 'Updated on {date, date, long}',
  by: 'By {authors}',
  translatedFrom: 'Translated from {language}',
  readingTime: '{minutes, plural, =0 {Reading time: under a minute} one {Reading time: # minute} other {Reading time: # minutes}}'
}

export const messages = { ar, de, en }

export type Locale = keyof typeof messages

export const locales = Object.keys(messages) as Locale[]

/** The locale a request falls back to when nothing along its tag is shipped. */
export const defaultLocale: Locale = 'en'
