// The excerpt shown with a search result: a piece of the stored text, as stored, and where the searched words are in it.
import type { SearchQuery } from './query.js'
import { type Word, words } from './words.js'

/**
 * `text` is a substring of the stored text, diacritics and tatweel kept; `matches` are code point offsets into it.
 * Frontends add ellipses where `truncatedStart` or `truncatedEnd` say words were left out.
 */
export interface Highlight {
  text: string
  matches: Array<{ start: number, end: number }>
  truncatedStart: boolean
  truncatedEnd: boolean
}

/**
 * The excerpt of at most `maxLength` code points around the densest run of matched words (the first, if several
 * are as dense), widened word by word on both sides while it fits, and cut only between words. Punctuation written
 * against an edge word («…», a full stop), or anything before the first word and after the last, comes along when
 * it fits. A single matched word longer than `maxLength` is returned whole rather than cut. Undefined when no word
 * matches. `all` are the text's words, when known already.
 */
export function highlight (text: string, query: SearchQuery, maxLength = 200, all: Word[] = words(text)): Highlight | undefined {
  const isMatch = matcherOf(query)
  // Most texts of a matching article hold none of the words: they are passed over without further work.
  if (!all.some((word) => isMatch(word.term))) return undefined
  const matched = all.map((word) => isMatch(word.term))
  const densest = densestRun(all, matched.flatMap((isMatch, index) => isMatch ? [index] : []), maxLength)
  if (densest === undefined) return undefined
  const characters = [...text]
  const edges = { all, characters }
  let { first: left, last: right } = densest
  let start = wordAt(all, left).start
  let end = wordAt(all, right).end
  start = openings(edges, left).find((at) => end - at <= maxLength) ?? start
  end = closings(edges, right).find((at) => at - start <= maxLength) ?? end
  // One word at a time on each side in turn, so the matches stay near the middle of the excerpt.
  for (let grew = true; grew;) {
    grew = false
    const before = left > 0 ? openings(edges, left - 1).find((at) => end - at <= maxLength) : undefined
    if (before !== undefined) [left, start, grew] = [left - 1, before, true]
    const after = right < all.length - 1 ? closings(edges, right + 1).find((at) => at - start <= maxLength) : undefined
    if (after !== undefined) [right, end, grew] = [right + 1, after, true]
  }
  const excerptMatches: Highlight['matches'] = []
  for (let index = left; index <= right; index++) {
    const word = wordAt(all, index)
    if (matched[index] === true) excerptMatches.push({ start: word.start - start, end: word.end - start })
  }
  return {
    text: characters.slice(start, end).join(''),
    matches: excerptMatches,
    truncatedStart: left > 0,
    truncatedEnd: right < all.length - 1
  }
}

const matchers = new WeakMap<SearchQuery, (term: string) => boolean>()

/**
 * Whether a term is one the query looks for: a word, or the start of one for a prefix. Phrase words count one by one:
 * a phrase's words are marked wherever they are in the excerpt. Made once per query, for every text of every result.
 */
function matcherOf (query: SearchQuery): (term: string) => boolean {
  const known = matchers.get(query)
  if (known !== undefined) return known
  const exact = new Set<string>()
  const prefixes: string[] = []
  for (const clause of query.include) {
    if (clause.kind === 'phrase') clause.terms.forEach((term) => exact.add(term))
    else if (clause.prefix) prefixes.push(clause.term)
    else exact.add(clause.term)
  }
  const matcher = (term: string) => exact.has(term) || prefixes.some((prefix) => term.startsWith(prefix))
  matchers.set(query, matcher)
  return matcher
}

/** The run of matched words (`hits`, indices into `all`) with the most matches that fits in `maxLength`. */
function densestRun (all: Word[], hits: number[], maxLength: number): { first: number, last: number } | undefined {
  let best: { from: number, to: number } | undefined
  let to = 0
  for (let from = 0; from < hits.length; from++) {
    const start = wordAt(all, hits[from]).start
    to = Math.max(to, from)
    while (to + 1 < hits.length && wordAt(all, hits[to + 1]).end - start <= maxLength) to++
    if (best === undefined || to - from > best.to - best.from) best = { from, to }
  }
  if (best === undefined) return undefined
  return { first: hits[best.from] ?? 0, last: hits[best.to] ?? 0 }
}

function wordAt (all: Word[], index: number | undefined): Word {
  return all[index ?? -1] ?? { term: '', start: 0, end: 0 }
}

interface Edges {
  all: Word[]
  characters: string[]
}

/**
 * Where an excerpt starting with word `index` may start, widest first: at the text's start (the first word takes
 * whatever precedes it, emoji included), with the punctuation written against the word («, a parenthesis), or at
 * the word itself.
 */
function openings ({ all, characters }: Edges, index: number): number[] {
  const word = wordAt(all, index)
  if (index === 0) {
    let at = 0
    while (at < word.start && isSpace(characters[at])) at++
    return [at, word.start]
  }
  const previousEnd = wordAt(all, index - 1).end
  let at = word.start
  while (at > previousEnd && !isSpace(characters[at - 1])) at--
  // Punctuation running into the previous word (the dot of U.S.) lies between the two, not against this one.
  return at === previousEnd ? [word.start] : [at, word.start]
}

/** Where an excerpt ending with word `index` may end, widest first: the mirror of `openings`. */
function closings ({ all, characters }: Edges, index: number): number[] {
  const word = wordAt(all, index)
  if (index === all.length - 1) {
    let at = characters.length
    while (at > word.end && isSpace(characters[at - 1])) at--
    return [at, word.end]
  }
  const nextStart = wordAt(all, index + 1).start
  let at = word.end
  while (at < nextStart && !isSpace(characters[at])) at++
  return at === nextStart ? [word.end] : [at, word.end]
}

function isSpace (character: string | undefined): boolean {
  return character === undefined || /\s/u.test(character)
}
