// What a reader typed into `q`, read as words, quoted phrases, prefixes and exclusions; never as syntax that can fail.
import { prefixTerm, words } from './words.js'

export type Clause =
  | { kind: 'term', term: string, prefix: boolean }
  | { kind: 'phrase', terms: string[] }

export interface SearchQuery {
  include: Clause[]
  exclude: Clause[]
}

/** Longest `q` in characters (code points): far beyond any real query, and it bounds the work one request causes. */
export const maxQueryLength = 500
/** Most words and phrases in one query, counted after duplicates are dropped: each one is a lookup in the index. */
export const maxClauses = 32

// Straight quotes, and the curly and angle ones phones and Arabic or French keyboards type in their place.
const quotes = new Set(['"', '“', '”', '„', '«', '»'])
const whitespace = /\s/u

/** A piece of `q` as written: a quoted phrase or a run of characters between spaces. */
interface Piece {
  text: string
  quoted: boolean
  closed: boolean
  excluded: boolean
}

/**
 * Reads `q`. `"…"` is a phrase (an unclosed quote runs to the end), a trailing `*` makes a word a prefix, a leading `-`
 * excludes a word or phrase; with `prefix` (search as you type) the last word is a prefix too. Everything else is
 * plain words: NEAR, OR, parentheses or colons are searched for, never interpreted, so no input can make the engine's
 * query fail. Words joined by punctuation (U.S., 9/11, Witkoff's) are a phrase, as they stand together in the text.
 */
export function parseQuery (q: string, options: { prefix?: boolean } = {}): SearchQuery | { error: string } {
  if (exceedsCodePoints(q, maxQueryLength)) {
    return { error: `q is longer than ${maxQueryLength} characters; shorten the search to a few words.` }
  }
  const pieces = split(q)
  const include: Clause[] = []
  const exclude: Clause[] = []
  const lastWordPiece = pieces.findLastIndex((piece) => words(piece.text).length > 0)
  pieces.forEach((piece, index) => {
    const typing = options.prefix === true && index === lastWordPiece && !piece.excluded && !(piece.quoted && piece.closed)
    for (const clause of clausesOf(piece, typing)) add(piece.excluded ? exclude : include, clause)
  })
  if (include.length === 0 && exclude.length === 0) {
    return { error: 'q has no words to search for: it needs at least one letter or digit.' }
  }
  if (include.length === 0) {
    return { error: 'q only excludes words (those starting with -); add at least one word to search for.' }
  }
  const count = include.length + exclude.length
  if (count > maxClauses) {
    return { error: `q has ${count} different words and phrases; at most ${maxClauses} are allowed.` }
  }
  return { include, exclude }
}

function exceedsCodePoints (text: string, limit: number): boolean {
  if (text.length <= limit) return false
  let count = 0
  for (const _ of text) if (++count > limit) return true
  return false
}

/** Cuts `q` into quoted phrases and space-separated runs; a `-` right before a quote excludes the phrase. */
function split (q: string): Piece[] {
  const characters = [...q]
  const pieces: Piece[] = []
  let index = 0
  while (index < characters.length) {
    const character = characters[index] ?? ''
    if (whitespace.test(character)) {
      index++
      continue
    }
    const excluded = character === '-'
    const quoteAt = excluded && quotes.has(characters[index + 1] ?? '') ? index + 1 : index
    if (quotes.has(characters[quoteAt] ?? '')) {
      const close = characters.findIndex((next, at) => at > quoteAt && quotes.has(next))
      const end = close === -1 ? characters.length : close
      pieces.push({ text: characters.slice(quoteAt + 1, end).join(''), quoted: true, closed: close !== -1, excluded })
      index = end + 1
      continue
    }
    let end = index
    while (end < characters.length && !whitespace.test(characters[end] ?? '') && !quotes.has(characters[end] ?? '')) end++
    pieces.push({ text: characters.slice(excluded ? index + 1 : index, end).join(''), quoted: false, closed: true, excluded })
    index = end
  }
  return pieces
}

/**
 * The clauses of one piece: one term, or a phrase of several. A prefix (a trailing `*`, or the word being typed)
 * is a clause of its own, since a phrase cannot end in one; the words before it stay a phrase.
 */
function clausesOf (piece: Piece, typing: boolean): Clause[] {
  const found = words(piece.text)
  const last = found.at(-1)
  if (last === undefined) return []
  const characters = [...piece.text]
  const starred = !piece.quoted && last.end < characters.length && characters.slice(last.end).every((c) => c === '*')
  if (!starred && !typing) return [together(found.map((word) => word.term))]
  const term = prefixTerm(characters.slice(last.start, last.end).join(''))
  const before = found.slice(0, -1).map((word) => word.term)
  return [...(before.length > 0 ? [together(before)] : []), { kind: 'term', term, prefix: true }]
}

function together (terms: string[]): Clause {
  const [first] = terms
  return terms.length === 1 && first !== undefined ? { kind: 'term', term: first, prefix: false } : { kind: 'phrase', terms }
}

function add (clauses: Clause[], clause: Clause): void {
  const key = JSON.stringify(clause)
  if (!clauses.some((known) => JSON.stringify(known) === key)) clauses.push(clause)
}
