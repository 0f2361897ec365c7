// Slugs made from titles: letters and digits of any script kept, everything else a single hyphen.

const maxLength = 100

/**
 * What a slug may be: letters (lower case where a script has case), marks and digits of any
 * script, in hyphen-joined runs: "بوتين-وترامب", "putin-trump-2025". Checked as the `slug`
 * format, since its Unicode classes are beyond many JSON Schema tools.
 */
export const slugRule = /^[\p{Ll}\p{Lo}\p{Lm}\p{M}\p{Nd}]+(?:-[\p{Ll}\p{Lo}\p{Lm}\p{M}\p{Nd}]+)*$/u

/**
 * The slug rule as the OpenAPI document publishes it, for every JSON Schema tool: no Unicode
 * property classes, and looser (it lets upper-case letters of other scripts through), so that it
 * never refuses a slug the server gives or takes.
 */
export const portableSlugPattern = (() => {
  // ASCII digits and small letters, the Latin-1 letters, and anything above but spaces and punctuation.
  const character = '(?:[0-9a-z\\u00AA\\u00B5\\u00BA]|[^\\u0000-\\u00BF\\u00D7\\u00F7\\u2000-\\u206F\\u3000\\uFEFF])'
  return `^${character}+(?:-${character}+)*$`
})()

/** "بوتين وترامب: اجتماع" → "بوتين-وترامب-اجتماع"; "Putin & Trump!" → "putin-trump". */
export function slugify (title: string): string {
  const slug = title
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{Nd}]+/gu, '-')
    .slice(0, maxLength)
    .replace(/^-+|-+$/g, '')
  return slug === '' ? 'article' : slug
}
