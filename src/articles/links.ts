// Absolute addresses of public resources, built on PUBLIC_BASE_URL and never on the request's Host header.

/** Where an article lives: `<base>/v1/articles/<id>` (by id, which never changes, unlike its slug). */
export function articleUrl (baseUrl: string, id: string): string {
  return `${baseUrl}/v1/articles/${encodeURIComponent(id)}`
}

/** The public list of articles, which feeds name as the page they describe. */
export function articleListUrl (baseUrl: string): string {
  return `${baseUrl}/v1/articles`
}

/** A path of this API under the base, with its query (`lang` of a feed) when it has one. */
export function apiUrl (baseUrl: string, path: string, query: Record<string, string | undefined> = {}): string {
  const search = new URLSearchParams(Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined)).toString()
  return `${baseUrl}${path}${search === '' ? '' : `?${search}`}`
}

/** A permanent, location-independent id for an article in feeds: its UUID as a URN. */
export function articleUrn (id: string): string {
  return `urn:uuid:${id}`
}

/** What a canonical URL is made of: the article's own fields the template's placeholders name. */
export interface CanonicalFields {
  id: string
  slug: string
  language: string
  firstPublishedAt: string | null
}

const placeholders = {
  id: (article: CanonicalFields) => article.id,
  slug: (article: CanonicalFields) => article.slug,
  language: (article: CanonicalFields) => article.language,
  // Date parts of the first publication, in UTC: a story's address never moves when it is updated or republished.
  yyyy: (article: CanonicalFields) => article.firstPublishedAt?.slice(0, 4),
  mm: (article: CanonicalFields) => article.firstPublishedAt?.slice(5, 7),
  dd: (article: CanonicalFields) => article.firstPublishedAt?.slice(8, 10)
} satisfies Record<string, (article: CanonicalFields) => string | undefined>

type Placeholder = keyof typeof placeholders

const placeholderPattern = /\{([^{}]*)\}/g

function isPlaceholder (name: string): name is Placeholder {
  return Object.hasOwn(placeholders, name)
}

/**
 * Where readers read an article on the newsroom's own site, made by ARTICLE_URL_TEMPLATE:
 * undefined until the article has a first publication (a draft has no page on the site, and
 * `{yyyy}`, `{mm}`, `{dd}` have no value before it). Each value is percent-encoded as a URL
 * path segment: an Arabic slug becomes its UTF-8 bytes, `%D8%A8…`.
 */
export type CanonicalUrl = (article: CanonicalFields) => string | undefined

/**
 * The canonical URL maker of a template, or an error naming what is wrong with it: an
 * unknown placeholder, an unbalanced brace, or a result that is not an absolute http(s) URL.
 */
export function canonicalUrlFrom (template: string): CanonicalUrl {
  for (const [, name] of template.matchAll(placeholderPattern)) {
    if (!isPlaceholder(name ?? '')) throw new Error(`ARTICLE_URL_TEMPLATE has an unknown placeholder {${name}}; known are ${Object.keys(placeholders).map((known) => `{${known}}`).join(', ')}`)
  }
  if (/[{}]/.test(template.replace(placeholderPattern, ''))) throw new Error(`ARTICLE_URL_TEMPLATE has an unbalanced brace, got "${template}"`)
  const expand = (article: CanonicalFields): string | undefined => {
    if (article.firstPublishedAt === null) return undefined
    return template.replace(placeholderPattern, (_match, name: Placeholder) => encodeURIComponent(placeholders[name](article) ?? ''))
  }
  const sample = expand({ id: '0195c04c-9800-7843-93ad-d8c489d33569', slug: 'slug', language: 'ar', firstPublishedAt: '2025-03-23T00:00:00.000Z' }) ?? ''
  let url: URL
  try {
    url = new URL(sample)
  } catch {
    throw new Error(`ARTICLE_URL_TEMPLATE must be an absolute http(s) URL, got "${template}"`)
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') throw new Error(`ARTICLE_URL_TEMPLATE must be an http(s) URL, got "${template}"`)
  return expand
}
