// All SQL about tokens, and the secrets themselves: made random, kept only as hashes, checked in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { and, asc, eq, isNull, sql } from 'drizzle-orm'
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Static } from 'typebox'
import { v7 as uuidv7 } from 'uuid'
import { first, type Database, type Db } from '../db/database.js'
import { tokens } from '../db/sqlite-schema.js'
import type { NewToken, RoleName, Token } from './schemas.js'

declare module 'fastify' {
  interface FastifyInstance {
    tokens: TokensRepository
  }
}

export interface Principal {
  name: string
  role: RoleName
}

function hashSecret (secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest()
}

const columns = { id: tokens.id, name: tokens.name, role: tokens.role, createdAt: tokens.createdAt }

/** Creates a token; its 256-bit secret is returned here and nowhere else. */
export async function createToken (db: Db, name: string, role: RoleName): Promise<Static<typeof NewToken>> {
  const token = `cms_${randomBytes(32).toString('base64url')}`
  const row = { id: uuidv7(), name, role, createdAt: new Date().toISOString() }
  await db.insert(tokens).values({ ...row, secretHash: hashSecret(token).toString('hex') })
  return { ...row, token }
}

export function tokensRepository ({ db, write }: Database, options: { adminToken?: string | undefined }) {
  const byHash = db.select({ name: tokens.name, role: tokens.role, secretHash: tokens.secretHash })
    .from(tokens)
    .where(and(eq(tokens.secretHash, sql.placeholder('secretHash')), isNull(tokens.revokedAt)))
    .prepare()
  const active = db.select(columns).from(tokens).where(isNull(tokens.revokedAt)).orderBy(asc(tokens.createdAt), asc(tokens.id)).prepare()
  const adminHash = options.adminToken ? hashSecret(options.adminToken) : undefined

  return {
    /** Who a secret belongs to, if anyone. */
    async authenticate (secret: string): Promise<Principal | undefined> {
      const hash = hashSecret(secret)
      // Compared as fixed-length digests, so the time taken says nothing about the secret.
      if (adminHash && timingSafeEqual(hash, adminHash)) return { name: 'admin (CMS_ADMIN_TOKEN)', role: 'admin' }
      const row = first(await byHash.execute({ secretHash: hash.toString('hex') }))
      if (!row || !timingSafeEqual(Buffer.from(row.secretHash, 'hex'), hash)) return undefined
      return { name: row.name, role: row.role }
    },
    async create (name: string, role: RoleName) {
      return await write((tx) => createToken(tx, name, role))
    },
    async list (): Promise<Static<typeof Token>[]> {
      return await active.execute()
    },
    /** Revokes a token; false when there is no such token in use. */
    async revoke (id: string): Promise<boolean> {
      const revoked = await write((tx) => tx.update(tokens).set({ revokedAt: new Date().toISOString() })
        .where(and(eq(tokens.id, id), isNull(tokens.revokedAt)))
        .returning({ id: tokens.id }))
      return revoked.length > 0
    }
  }
}

export type TokensRepository = ReturnType<typeof tokensRepository>

export default fp(async (app: FastifyInstance, options: { adminToken?: string | undefined }) => {
  app.decorate('tokens', tokensRepository(app.database, options))
}, { name: 'tokens-repository', dependencies: ['database'] })
