// Which shipped locale answers a language tag, and each locale's labels with their ETag, made once at start.
import { createHash } from 'node:crypto'
import { directionOf, lookupLanguage } from '../language.js'
import { defaultLocale, locales, messages, type Locale } from './messages.js'
import type { LabelsBody } from './schemas.js'

const shipped = new Map(locales.map((locale) => [locale.toLowerCase(), locale]))

/**
 * The shipped locale for a BCP 47 tag, by RFC 4647 lookup: the tag, then the tag with its last
 * subtag removed, and so on (`de-CH-1996`, `de-CH`, `de`), in any case; `en` when none is shipped.
 */
export function localeFor (tag: string): Locale {
  return lookupLanguage(tag, shipped) ?? defaultLocale
}

// `translatedFrom` takes a language's name, and the names come with the labels rather than as
// a `select` over tags inside the message: CLDR names every language in every locale, so the
// names are Node's (`Intl.DisplayNames`) and never translated by hand, and a frontend can name
// a language the list lacks the same way. The price is that a message can only use the name
// as CLDR gives it, in the nominative (see the German message).
const newsroomLanguages = ['ar', 'de', 'en', 'es', 'fa', 'fr', 'he', 'it', 'ja', 'pl', 'pt', 'ru', 'tr', 'uk', 'zh']

function languageNamesIn (locale: Locale): Record<string, string> {
  const names = new Intl.DisplayNames([locale], { type: 'language' })
  return Object.fromEntries(newsroomLanguages.map((tag) => [tag, names.of(tag) ?? tag]))
}

/** A locale's labels, but for the tag each request asked for. */
type LocaleLabels = Omit<LabelsBody, 'requested'>

/**
 * Each locale's labels and their strong ETag, a hash of them: the same on every instance and
 * after every restart, and new exactly when a deploy changes the messages or ICU's names. Each
 * address (`/labels/ar-EG`) always says the same `requested`, so one tag serves every address of a locale.
 */
const prepared = Object.fromEntries(locales.map((locale) => {
  const labels: LocaleLabels = { locale, direction: directionOf(locale), messages: messages[locale], languageNames: languageNamesIn(locale) }
  const hash = createHash('sha256').update(JSON.stringify(labels)).digest('hex').slice(0, 16)
  return [locale, { labels, etag: `"${locale}-${hash}"` }]
})) as Record<Locale, { labels: LocaleLabels, etag: string }>

/** The labels of a locale, as the API answers them for a request of `requested`. */
export function labelsFor (locale: Locale, requested: string): LabelsBody {
  const { labels } = prepared[locale]
  return { locale, requested, direction: labels.direction, messages: labels.messages, languageNames: labels.languageNames }
}

/** The ETag of a locale's labels. */
export function labelsETag (locale: Locale): string {
  return prepared[locale].etag
}
