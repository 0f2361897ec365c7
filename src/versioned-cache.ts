// Values worked out from an article (or anything else with a version), kept while that version is current.
//
// Reading an article back and working something out of it (its serialized body, the words of its
// texts) costs far more than the request around it, and the result only changes when the article's
// version (or ETag) does. So it is made once per version and served from here until the version
// moves on; a version read from the database with the request is never stale, whichever instance
// wrote it.

export function versionedCache<T> (maxEntries = 1000) {
  const entries = new Map<string, { version: string | number, value: T }>()
  return {
    get (key: string, version: string | number): T | undefined {
      const entry = entries.get(key)
      return entry?.version === version ? entry.value : undefined
    },
    set (key: string, version: string | number, value: T) {
      entries.delete(key)
      entries.set(key, { version, value })
      // Maps iterate in insertion order: the first key is the least recently made.
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string)
    }
  }
}
