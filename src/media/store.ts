// Where pictures' bytes are kept: one small interface, so that object storage can take the place of the local directory.
import { randomUUID } from 'node:crypto'
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * Bytes by key. Keys are content addresses (`originals/<sha256>`, `renditions/<sha256>`):
 * the same bytes always have the same key, so a put of a key that is there changes nothing.
 */
export interface MediaStore {
  put: (key: string, bytes: Buffer) => Promise<void>
  /** The bytes, or undefined when there are none under this key. */
  get: (key: string) => Promise<Buffer | undefined>
  has: (key: string) => Promise<boolean>
  /** Removes the bytes; a key with none is no error. */
  remove: (key: string) => Promise<void>
}

export const storeKey = {
  original: (sha256: string) => `originals/${sha256}`,
  rendition: (sha256: string) => `renditions/${sha256}`
}

// Only keys we make: a key can never climb out of the directory.
const validKey = /^(?:originals|renditions)\/[0-9a-f]{64}$/

function checked (key: string): string {
  if (!validKey.test(key)) throw new Error(`Not a media store key: ${key}`)
  return key
}

function isMissing (error: unknown): boolean {
  return (error as { code?: unknown }).code === 'ENOENT'
}

/**
 * The store in a local directory (MEDIA_DIR). A file is written under a temporary name in
 * the same directory and renamed into place, which is atomic: a crash leaves a stray
 * temporary file at worst, never half a picture under its key.
 */
export function directoryStore (directory: string): MediaStore {
  const pathOf = (key: string) => join(directory, checked(key))
  return {
    async put (key, bytes) {
      const path = pathOf(key)
      const folder = join(directory, key.split('/')[0] ?? '')
      await mkdir(folder, { recursive: true })
      const temporary = join(folder, `.${randomUUID()}.tmp`)
      try {
        await writeFile(temporary, bytes, { flush: true })
        await rename(temporary, path)
      } catch (error) {
        await rm(temporary, { force: true })
        throw error
      }
    },
    async get (key) {
      try {
        return await readFile(pathOf(key))
      } catch (error) {
        if (isMissing(error)) return undefined
        throw error
      }
    },
    async has (key) {
      try {
        return (await stat(pathOf(key))).isFile()
      } catch (error) {
        if (isMissing(error)) return false
        throw error
      }
    },
    async remove (key) {
      await rm(pathOf(key), { force: true })
    }
  }
}
