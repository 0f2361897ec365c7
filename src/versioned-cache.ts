// Values worked out from an article (or anything else with a version), kept while that version is current.
//
// Reading an article back and working something out of it (its serialized body, the words of its
// texts) costs far more than the request around it, and the result only changes when the article's
// version (or ETag) does. So it is made once per version and served from here until the version
// moves on; a version read from the database with the request is never stale, whichever instance
// wrote it.

/**
 * Bytes that several caches share: when what they keep together would pass `maxBytes`, the
 * entries made longest ago go first, whichever cache holds them. A value may grow after it
 * is kept (a body's compressed forms are made when first asked for).
 */
export function byteBudget (maxBytes: number) {
  // Every budgeted value, least recently kept first (Maps iterate in insertion order).
  const kept = new Map<object, { bytes: number, drop: () => void }>()
  let used = 0
  function fit () {
    for (const [value, entry] of kept) {
      if (used <= maxBytes) return
      kept.delete(value)
      used -= entry.bytes
      entry.drop()
    }
  }
  return {
    maxBytes,
    /** Bytes kept now. */
    get usedBytes () { return used },
    add (value: object, bytes: number, drop: () => void) {
      kept.set(value, { bytes, drop })
      used += bytes
      fit()
    },
    /** Counts bytes a kept value has grown by; a value no longer kept is not counted. */
    grow (value: object, bytes: number) {
      const entry = kept.get(value)
      if (entry === undefined) return
      entry.bytes += bytes
      used += bytes
      fit()
    },
    remove (value: object) {
      const entry = kept.get(value)
      if (entry === undefined) return
      kept.delete(value)
      used -= entry.bytes
    }
  }
}
export type ByteBudget = ReturnType<typeof byteBudget>

/**
 * Keeps at most `maxEntries` values, the latest per key; with a budget, each value counts what
 * `weigh` says against it too (values must then be objects, each kept once).
 */
export function versionedCache<T> (maxEntries = 1000, sized?: { budget: ByteBudget, weigh: (value: T) => number }) {
  const entries = new Map<string, { version: string | number, value: T }>()
  function forget (key: string) {
    const entry = entries.get(key)
    if (entry === undefined) return
    entries.delete(key)
    sized?.budget.remove(entry.value as object)
  }
  return {
    /** Whether a value is kept for `key`, of whichever version. */
    has (key: string): boolean {
      return entries.has(key)
    },
    get (key: string, version: string | number): T | undefined {
      const entry = entries.get(key)
      return entry?.version === version ? entry.value : undefined
    },
    set (key: string, version: string | number, value: T) {
      forget(key)
      const entry = { version, value }
      entries.set(key, entry)
      // Maps iterate in insertion order: the first key is the least recently made.
      if (entries.size > maxEntries) forget(entries.keys().next().value as string)
      sized?.budget.add(value as object, sized.weigh(value), () => {
        if (entries.get(key) === entry) entries.delete(key)
      })
    }
  }
}
