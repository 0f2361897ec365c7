// Serialized article bodies, kept per article while its ETag is current.
//
// Reading an article back from SQLite and serializing it costs far more than the request
// around it, and an article's body only changes when its ETag does (version or comment
// count). So the body is built once per ETag and served from here until the ETag moves on,
// as UTF-8 bytes: a string would be encoded again for every response.

export function bodyCache (maxEntries = 1000) {
  const entries = new Map<string, { etag: string, body: Buffer }>()
  return {
    get (id: string, etag: string): Buffer | undefined {
      const entry = entries.get(id)
      return entry?.etag === etag ? entry.body : undefined
    },
    set (id: string, etag: string, body: Buffer) {
      entries.delete(id)
      entries.set(id, { etag, body })
      // Maps iterate in insertion order: the first key is the least recently built.
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string)
    }
  }
}
