// Languages: how a tag is written, which way a language's text runs, and which of several texts by language a reader gets.

// BCP 47 in its common form: language, then optional script, region and variants (`ar`, `az-Arab`, `de-CH-1996`).
export const languageTag = {
  maxLength: 35,
  pattern: '^[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*$'
}

// BCP 47 in full (RFC 5646 §2.1, but the deprecated grandfathered tags), for the tags a reader's
// software may ask with: the common form plus extended language subtags (`zh-yue`), extensions
// (`ar-EG-u-nu-arab`) and private use (`de-x-newsroom`, or a private tag alone: `x-unknown`).
export const anyLanguageTag = {
  maxLength: 64,
  pattern: '^(?:(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*(?:-[0-9A-WYZa-wyz](?:-[A-Za-z0-9]{2,8})+)*(?:-[Xx](?:-[A-Za-z0-9]{1,8})+)?|[Xx](?:-[A-Za-z0-9]{1,8})+)$'
}

/**
 * Which of the available languages answers a tag, by RFC 4647 lookup: the tag, then the tag with
 * its last subtag removed, and so on (`de-CH-1996`, `de-CH`, `de`), in any case. `available`
 * holds each choice under its tag in lower case.
 */
export function lookupLanguage<T> (tag: string, available: ReadonlyMap<string, T>): T | undefined {
  const subtags = tag.toLowerCase().split('-')
  while (subtags.length > 0) {
    const found = available.get(subtags.join('-'))
    if (found !== undefined) return found
    subtags.pop()
    // A single letter left last opens an extension or private use (`ar-u`, `x`), and names no language.
    if (subtags.at(-1)?.length === 1) subtags.pop()
  }
  return undefined
}

// ISO 15924 codes of the scripts written right to left that are in current use.
const rightToLeftScripts = new Set(['Adlm', 'Arab', 'Hebr', 'Mand', 'Nkoo', 'Rohg', 'Samr', 'Syrc', 'Thaa', 'Yezi'])

export type Direction = 'rtl' | 'ltr'

/**
 * The direction of a BCP 47 language tag, from its script: the explicit one (`az-Arab`)
 * or the likely one ICU infers for the language (`ar` is written in Arab, `dv` in Thaana).
 */
export function directionOf (language: string): Direction {
  try {
    const script = new Intl.Locale(language).maximize().script
    return script !== undefined && rightToLeftScripts.has(script) ? 'rtl' : 'ltr'
  } catch {
    return 'ltr'
  }
}

/**
 * The text for a language among texts kept by language tag (alt texts, names), falling back
 * along its tag (`ar-EG`, then `ar`) and matching tags whatever their case; undefined when there is none.
 */
export function textFor (texts: Readonly<Record<string, string>>, language: string): string | undefined {
  const entries = Object.entries(texts).map(([tag, text]) => [tag.toLowerCase(), text] as const)
  const subtags = language.toLowerCase().split('-')
  for (let length = subtags.length; length > 0; length--) {
    const tag = subtags.slice(0, length).join('-')
    const found = entries.find(([key]) => key === tag)
    if (found) return found[1]
  }
  return undefined
}
