// Entity tags for article resources, derived from versions rather than hashed from bytes.
//
// An article's tag is `"v<version>-c<commentCount>"`: the editorial version, which grows
// with every change to the article, its sections or its metadata, and the number of
// approved comments, which the article shows. Its sections and metadata do not show the
// count, so theirs is `"v<version>"`. Writes will judge `If-Match` on the version alone,
// so a reader's comment never makes an editor's write fail.

export function articleETag (article: { version: number, commentCount: number }): string {
  return `"v${article.version}-c${article.commentCount}"`
}

export function editorialETag (article: { version: number }): string {
  return `"v${article.version}"`
}
