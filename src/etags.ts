// Entity tags for article resources, derived from versions rather than hashed from bytes.
//
// An article's tag is `"v<version>-c<commentCount>"`: the editorial version, which grows
// with every change to the article, its sections or its metadata, and the number of
// approved comments, which the article shows. A scheduled article, which will change its
// `status` by itself when its time comes, adds `-scheduled`. Its sections and metadata do
// not show the count, so theirs is `"v<version>"`.
//
// An article in a translation group shows the others (their titles, slugs, languages), which
// change without its version: its tag adds `-t` and a digest of the links it shows.
//
// Writes judge `If-Match` on the version alone, so a reader's comment never makes an
// editor's write fail: any of these tags (or a tag that starts like them) names a version.
import { createHash } from 'node:crypto'
import { PreconditionRequired, StaleVersion } from './errors.js'

export function articleETag (article: { version: number, commentCount: number, status: string, translations?: readonly object[] }): string {
  const translations = article.translations === undefined || article.translations.length === 0
    ? ''
    : `-t${createHash('sha256').update(JSON.stringify(article.translations)).digest('base64url').slice(0, 12)}`
  return `"v${article.version}-c${article.commentCount}${article.status === 'scheduled' ? '-scheduled' : ''}${translations}"`
}

export function editorialETag (article: { version: number }): string {
  return `"v${article.version}"`
}

/** The versions an If-Match header names; `*` and weak or foreign tags name none. */
export function versionsIn (ifMatch: string): number[] {
  const versions: number[] = []
  for (const tag of ifMatch.split(',')) {
    const match = /^\s*"v(\d{1,15})(?:[-"])/.exec(tag)
    if (match?.[1]) versions.push(Number(match[1]))
  }
  return versions
}

/**
 * Lets a write to a versioned resource (an author, a topic) go ahead only for the version its
 * writer read: 428 without If-Match (or with `*`), 412 with the current ETag otherwise.
 */
export function holdToVersion (ifMatch: string | undefined, current: { version: number }, kind: string) {
  if (ifMatch === undefined || ifMatch.trim() === '*') throw new PreconditionRequired()
  if (!versionsIn(ifMatch).includes(current.version)) {
    const etag = editorialETag(current)
    throw Object.assign(new StaleVersion(ifMatch, etag, kind), { headers: { etag } })
  }
}
