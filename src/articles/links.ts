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
