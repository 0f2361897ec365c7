// How the lists' `place` and `source` filters compare names: one key, made here at every write and for every query.

/**
 * A name as the filters match it: Unicode NFC, in lower case, so `moskau`, `MOSKAU` and `Moskau`
 * are one key and `Österreich` is `österreich`; scripts without case (Arabic) stay as they are.
 * Made in JavaScript, not SQL: SQLite's lower() folds A-Z only, so the engines would differ.
 */
export function matchKey (name: string): string {
  return name.normalize('NFC').toLowerCase().normalize('NFC')
}

export function matchKeyOrNull (name: string | null | undefined): string | null {
  return name === null || name === undefined ? null : matchKey(name)
}
