// Slugs made from titles: letters and digits of any script kept, everything else a single hyphen.

const maxLength = 100

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
