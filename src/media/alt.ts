// Alt texts are kept by language; an article in `ar-EG` is served the `ar-EG` text, else the `ar` one.

/** The alt text for a language, falling back along its tag (`ar-EG` → `ar`); undefined when there is none. */
export function altFor (alt: Readonly<Record<string, string>>, language: string): string | undefined {
  const entries = Object.entries(alt).map(([tag, text]) => [tag.toLowerCase(), text] as const)
  const subtags = language.toLowerCase().split('-')
  for (let length = subtags.length; length > 0; length--) {
    const tag = subtags.slice(0, length).join('-')
    const found = entries.find(([key]) => key === tag)
    if (found) return found[1]
  }
  return undefined
}
