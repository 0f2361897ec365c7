// Words of a text and the terms they are indexed and searched under, the same for articles and for what readers type.

/** A word of a text: where it is (in code points of the original text) and its index term. */
export interface Word {
  term: string
  start: number
  end: number
}

// Letters, combining marks and digits; a zero-width (non-)joiner between them belongs to the word, as in Persian می‌خواهم.
const wordPattern = /[\p{L}\p{M}\p{N}]+(?:[\u200C\u200D]+[\p{L}\p{M}\p{N}]+)*/gu
// A letter used in Arabic script (tatweel included, which Arabic shares with Syriac and others).
const arabicLetter = /(?=\p{L})\p{scx=Arabic}/u
const letter = /\p{L}/u
const joiner = /[\u200C\u200D]/u

/**
 * The words of a text in order. A run of Arabic-script letters directly followed by letters of another
 * script (لـWitkoff) is two words: no word is written in both, and each half needs its own script's rules.
 */
export function words (text: string): Word[] {
  const found: Word[] = []
  let codeUnit = 0
  let codePoint = 0
  for (const match of text.matchAll(wordPattern)) {
    codePoint += countCodePoints(text, codeUnit, match.index)
    codeUnit = match.index
    for (const part of runTerms(match[0])) found.push({ term: part.term, start: codePoint + part.start, end: codePoint + part.end })
  }
  return found
}

// The terms of the words seen most recently: a newsroom's texts use the same few thousand words again and
// again, and a search's highlights read the words of twenty articles per request. Normalizing and stemming
// them was most of a search's time (0.6 ms an article); the result depends on the word alone.
const knownRuns = new Map<string, Word[]>()
const mostRunsKnown = 50_000
const longestRunKnown = 64

/** The terms of one matched run of letters and digits, with offsets within it; remembered for short runs. */
function runTerms (run: string): Word[] {
  const known = knownRuns.get(run)
  if (known !== undefined) return known
  const terms = scriptRuns(run).flatMap((part) => {
    const term = indexTerm(part.text)
    return term === '' ? [] : [{ term, start: part.start, end: part.end }]
  })
  if (run.length <= longestRunKnown) {
    if (knownRuns.size >= mostRunsKnown) knownRuns.clear()
    knownRuns.set(run, terms)
  }
  return terms
}

/** The term a word is indexed under: normalized for its script, and stemmed if it is Arabic. */
export function indexTerm (word: string): string {
  if (!arabicLetter.test(word)) return normalizeOther(word)
  return stripArabicSuffixes(stripArabicPrefix(normalizeArabic(word)))
}

/**
 * The term a word typed with `*` (or still being typed) is looked up under: index terms starting with it match.
 * It is stemmed like an index term, suffixes included: stemming only ever shortens a word, so a stemmed start finds
 * all an unstemmed one would, and also the word itself once typed out in full, which an unstemmed start misses
 * whenever the index stripped a suffix (بوتين* unstemmed is بوتين, but the word بوتين is indexed as بوت).
 */
export function prefixTerm (word: string): string {
  return indexTerm(word)
}

function countCodePoints (text: string, from: number, to: number): number {
  let count = 0
  for (let i = from; i < to; i++) {
    const unit = text.charCodeAt(i)
    // A low surrogate after a high one is the second half of a code point already counted.
    if (unit >= 0xDC00 && unit <= 0xDFFF && i > 0 && isHighSurrogate(text.charCodeAt(i - 1))) continue
    count++
  }
  return count
}

function isHighSurrogate (unit: number): boolean {
  return unit >= 0xD800 && unit <= 0xDBFF
}

/** Splits a matched run where its letters change between Arabic and another script; offsets in code points. */
function scriptRuns (run: string): Array<{ text: string, start: number, end: number }> {
  const characters = [...run]
  const parts: Array<{ text: string, start: number, end: number }> = []
  let start = 0
  let arabic: boolean | undefined
  characters.forEach((character, index) => {
    if (!letter.test(character)) return
    const isArabic = arabicLetter.test(character)
    if (arabic !== undefined && isArabic !== arabic) {
      parts.push(trimJoiners(characters, start, index))
      start = index
    }
    arabic = isArabic
  })
  parts.push(trimJoiners(characters, start, characters.length))
  return parts
}

// A joiner left at the edge of a split part joins nothing: the part's offsets should not cover it.
function trimJoiners (characters: string[], start: number, end: number): { text: string, start: number, end: number } {
  while (end > start && joiner.test(characters[end - 1] ?? '')) end--
  return { text: characters.slice(start, end).join(''), start, end }
}

const arabicIndicDigits = /[\u0660-\u0669\u06F0-\u06F9]/g

/** Arabic-Indic (٠–٩) and Eastern Arabic-Indic (۰–۹) digits as ASCII digits, so 2025 finds ٢٠٢٥ and back. */
function asciiDigits (text: string): string {
  return text.replace(arabicIndicDigits, (digit) => {
    const code = digit.charCodeAt(0)
    return String(code >= 0x06F0 ? code - 0x06F0 : code - 0x0660)
  })
}

// Only letters, marks and digits make a term, so it is one token for any engine's tokenizer; compatibility
// forms can bring punctuation (½ is 1⁄2, ⑴ is (1)), and variation selectors are marks that mean nothing here.
const notTermCharacter = /[^\p{L}\p{M}\p{N}]|[\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/gu
const hasLetterOrDigit = /[\p{L}\p{N}]/u

function cleanTerm (term: string): string {
  const clean = term.replace(notTermCharacter, '')
  return hasLetterOrDigit.test(clean) ? clean : ''
}

// Accents and other diacritics of Latin, Greek and Cyrillic (the combining diacritical marks blocks), and Hebrew
// points. Other scripts' combining marks are vowels and stay: without them Hindi कि, की and को would be one word.
const diacritics = /[\u0300-\u036F\u0591-\u05C7\u1AB0-\u1AFF\u1DC0-\u1DFF\u20D0-\u20FF\uFE20-\uFE2F]/gu

/**
 * Latin and every script other than Arabic: compatibility forms unfolded (ﬁ, ², full-width letters), diacritics
 * dropped and case folded, so Sélenskyj, SELENSKYJ and Selenskyj are one term, and Straße is strasse. No stemming:
 * the newsroom's Latin-script languages (German, English, …) each need their own stemmer, and a wrong one hurts
 * names, which are most of what readers search for.
 */
function normalizeOther (word: string): string {
  const folded = word.normalize('NFKD').toLowerCase().normalize('NFKD').replace(diacritics, '')
    // Full case folding beyond toLowerCase: ß and ẞ are ss; Greek final sigma is sigma, as a reader types it.
    .replace(/ß/g, 'ss').replace(/ς/g, 'σ')
  // Composed again so a term keeps one form (Hangul syllables, the vowel signs kept above).
  return cleanTerm(asciiDigits(folded).normalize('NFC'))
}

/**
 * Arabic script (Arabic, Persian, Urdu, …): the spelling variants a reader cannot be expected to match are one term.
 * - ؤ and ئ are the bare hamza ء: the variation readers meet is between conventions, Egyptian مسئول، شئون، رءوس
 *   against مسؤول، شؤون، رؤوس elsewhere, which this makes one term. Light10 leaves them alone, and folding them
 *   onto و and ي instead would keep those pairs apart and let the suffix rule below strip the hamza's seat
 *   (شاطئ would be شاط). ىء, a common way to write ئ (شاطىء), is ء too, as light10 normalizes ىء to ئ.
 * - أ إ آ ٱ are ا; ى is ي; ة is ه; Persian and Urdu ی and ک are ي and ك (light10 folds these only at the start or the
 *   end of a word, where they occur; everywhere is the same for correct text and also catches misspellings).
 * - Every combining mark goes: tashkeel (U+064B–U+065F, U+0670) and Quranic annotation marks are optional;
 *   so do tatweel (U+0640), only a stretch of the line, the high hamza ٴ, and the joiners.
 * NFKC first, so presentation forms (ﻷ, ﷲ) become letters and a hamza typed as a separate mark (و + U+0654)
 * composes to ؤ before marks are dropped.
 */
function normalizeArabic (word: string): string {
  return cleanTerm(asciiDigits(word.normalize('NFKC')
    .replace(/ىء/g, 'ء')
    .replace(/[ؤئ]/g, 'ء')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/[ىی]/g, 'ي')
    .replace(/ة/g, 'ه')
    .replace(/ک/g, 'ك')
    .replace(/[\p{M}\u0640\u0674\u200C\u200D]/gu, '')))
}

/*
 * The light10 stemmer of Larkey, Ballesteros and Connell ("Improving stemming for Arabic information retrieval:
 * light stemming and co-occurrence analysis", SIGIR 2002; "Light stemming for Arabic information retrieval", in
 * Arabic Computational Morphology, Springer 2007), as Lucene's ArabicStemmer also implements it: at most one
 * prefix, the first of the list found, then one pass over the suffixes in the list's order, each removed if found.
 * The suffix list is light10's without ة and ية, which normalization has already turned into ه and يه.
 */
const prefixes = ['ال', 'وال', 'بال', 'كال', 'فال', 'لل', 'و']
const suffixes = ['ها', 'ان', 'ات', 'ون', 'ين', 'يه', 'ه', 'ي']

/**
 * Light10's lengths: an article leaves at least 2 letters, و ("and") at least 3 because so many words begin
 * with a و of their own.
 */
function stripArabicPrefix (word: string): string {
  const length = [...word].length
  for (const prefix of prefixes) {
    const rest = length - prefix.length
    if (word.startsWith(prefix) && rest >= (prefix === 'و' ? 3 : 2)) return word.slice(prefix.length)
  }
  return word
}

/**
 * One departure from light10, which lets a suffix go when 2 letters remain: a stem keeps at least 3, the length
 * of most Arabic roots, so short words are not over-stemmed (على stays علي rather than عل, عيون and بنات keep
 * their last letters, which are the root's).
 */
function stripArabicSuffixes (word: string): string {
  let stem = word
  for (const suffix of suffixes) {
    if (stem.endsWith(suffix) && [...stem].length - suffix.length >= 3) stem = stem.slice(0, -suffix.length)
  }
  return stem
}
