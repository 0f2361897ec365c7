// A place as written, as stored, and as readers are shown it: `display`, its name in the article's language.
import type { Static } from 'typebox'
import { pointerToken } from '../duplicate-keys.js'
import { invalidField } from '../errors.js'
import { textFor } from '../language.js'
import type { MetadataBody, PlaceBody, PlaceInput } from './schemas.js'

/** A place as stored and as revisions keep it: everything but `display`, which each read makes. */
export type StoredPlace = Omit<PlaceBody, 'display'>

/** Metadata as stored: the place without `display`, the sources with their ids. */
export interface StoredMetadata {
  place: StoredPlace | null
  sources: MetadataBody['sources']
}

/**
 * A place with every field, as stored: what a write left out is `null` (no names: `{}`). Only
 * the fields of a place are taken, so a place as read (with its `display`) is stored without it.
 */
export function storedPlace (place: Static<typeof PlaceInput>): StoredPlace {
  return {
    name: place.name,
    names: place.names ?? {},
    locality: place.locality ?? null,
    country: place.country ?? null,
    countryCode: place.countryCode ?? null,
    latitude: place.latitude ?? null,
    longitude: place.longitude ?? null
  }
}

/**
 * Refuses names whose tags differ only in case (`ar` and `AR`): readers' languages match tags
 * whatever their case, so one of the two would never be shown. `pointer` is the place's field.
 */
export function checkPlaceNames (place: { names?: Record<string, string> | undefined } | null | undefined, pointer: string) {
  const seen = new Map<string, string>()
  for (const tag of Object.keys(place?.names ?? {})) {
    const earlier = seen.get(tag.toLowerCase())
    if (earlier !== undefined) throw invalidField(`${pointer}/names/${pointerToken(tag)}`, `names the language of "${earlier}" again: tags match whatever their case, so a language has one name`)
    seen.set(tag.toLowerCase(), tag)
  }
}

// Region names by language, made once each (making one costs far more than asking it), or null
// for a language CLDR has none in. The languages are those of articles, so there are few.
const regionNames = new Map<string, Intl.DisplayNames | null>()

/**
 * Region names in a language, or null when Node's CLDR data has none in it. Asked for a language
 * it lacks, DisplayNames quietly answers in the default locale's (English, say), and for `az-Arab`
 * in Azerbaijani's Latin letters: a name in another language or script is no name in this one.
 */
function regionNamesIn (language: string): Intl.DisplayNames | null {
  const key = language.toLowerCase()
  const known = regionNames.get(key)
  if (known !== undefined) return known
  let names: Intl.DisplayNames | null = null
  try {
    const made = new Intl.DisplayNames([language], { type: 'region', fallback: 'none' })
    const wanted = new Intl.Locale(language).maximize()
    const found = new Intl.Locale(made.resolvedOptions().locale).maximize()
    if (found.language === wanted.language && found.script === wanted.script) names = made
  } catch {
    // A tag our pattern takes that ICU does not (a variant twice): no names in it.
  }
  regionNames.set(key, names)
  return names
}

// Country names by language and code, as CLDR gave them: every list row of a place asks, and ICU's answer costs more than a lookup.
const countryNames = new Map<string, string | undefined>()

/** The name of a country (ISO 3166-1 alpha-2 code) in a language, from CLDR; undefined when it has none in that language. */
function countryName (code: string, language: string): string | undefined {
  const key = `${language.toLowerCase()} ${code}`
  if (countryNames.has(key)) return countryNames.get(key)
  const name = regionNamesIn(language)?.of(code)
  countryNames.set(key, name)
  return name
}

/** The place's own name in a language: the one `names` has for it (`ar` serving `ar-EG`), else `name` as written. */
export function placeNameIn (place: Pick<StoredPlace, 'name' | 'names'>, language: string): string {
  return textFor(place.names, language) ?? place.name
}

/**
 * What readers of an article in `language` are shown of its place: its name in that language,
 * else its country's name in that language, else `name` as written.
 */
export function placeDisplay (place: Pick<StoredPlace, 'name' | 'names' | 'countryCode'>, language: string): string {
  return textFor(place.names, language) ??
    (place.countryCode === null ? undefined : countryName(place.countryCode, language)) ??
    place.name
}

/** An article's metadata as read by its readers: its place with `display`, for the article's language. */
export function shownMetadata ({ place, sources }: StoredMetadata, language: string): MetadataBody {
  return { place: place && { ...place, display: placeDisplay(place, language) }, sources }
}
