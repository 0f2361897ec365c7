// Duplicate member names in a JSON text (RFC 7493 I-JSON forbids them): found without slowing bodies that have none.
import { parse, type ValueNode } from '@humanwhocodes/momoa'

/** A JSON Pointer token (RFC 6901). */
export function pointerToken (key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1')
}

const whitespace = new Set([0x20, 0x09, 0x0A, 0x0D])

/** How many members the objects of a valid JSON text name: every string followed by a colon. */
function membersInText (text: string): number {
  let count = 0
  let start = text.indexOf('"')
  while (start !== -1) {
    let end = text.indexOf('"', start + 1)
    // A quote after an odd number of backslashes is escaped and does not end the string.
    for (;;) {
      let backslashes = 0
      while (text.charCodeAt(end - 1 - backslashes) === 0x5C) backslashes++
      if (backslashes % 2 === 0) break
      end = text.indexOf('"', end + 1)
    }
    let next = end + 1
    while (whitespace.has(text.charCodeAt(next))) next++
    if (text.charCodeAt(next) === 0x3A) count++
    start = text.indexOf('"', next)
  }
  return count
}

/** How many members the objects of a parsed value have: fewer than its text names when a name was repeated. */
function membersInValue (value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + membersInValue(item), 0)
  if (value === null || typeof value !== 'object') return 0
  return Object.values(value).reduce((sum: number, member) => sum + membersInValue(member), Object.keys(value).length)
}

/** The JSON Pointer of the first repeated member, in document order. */
function firstRepeated (node: ValueNode, pointer: string): string | undefined {
  if (node.type === 'Array') {
    for (const [index, element] of node.elements.entries()) {
      const found = firstRepeated(element.value, `${pointer}/${index}`)
      if (found) return found
    }
  }
  if (node.type === 'Object') {
    const seen = new Set<string>()
    for (const member of node.members) {
      const key = member.name.type === 'String' ? member.name.value : member.name.name
      if (seen.has(key)) return `${pointer}/${pointerToken(key)}`
      seen.add(key)
      const found = firstRepeated(member.value, `${pointer}/${pointerToken(key)}`)
      if (found) return found
    }
  }
  return undefined
}

/**
 * The JSON Pointer of the first member a JSON text names twice in one object, or undefined. `value` is
 * the text as JSON.parse read it, no deeper than the caller allows: comparing the members
 * it kept with those the text names costs one scan, and only a text that repeats one is
 * parsed again, to a syntax tree that says which.
 */
export function duplicateKey (text: string, value: unknown): string | undefined {
  if (membersInText(text) === membersInValue(value)) return undefined
  return firstRepeated(parse(text, { mode: 'json', ranges: false, tokens: false }).body, '')
}
