// All SQL about sections: reading an article's sections in order, and writing them, always in order 1..n.
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Static } from 'typebox'
import { v7 as uuidv7 } from 'uuid'
import { first, preparedFor, type Db } from '../db/database.js'
import { LimitReached, SectionNotFound, invalidField } from '../errors.js'
import { sections } from '../db/sqlite-schema.js'
import { maxSections, type Block, type SectionBody } from './schemas.js'

declare module 'fastify' {
  interface FastifyInstance {
    sections: SectionsRepository
  }
}

type SectionRow = typeof sections.$inferSelect

function toSection (row: Pick<SectionRow, 'id' | 'position' | 'heading' | 'blocks'>): SectionBody {
  return { id: row.id, position: row.position, heading: row.heading, blocks: row.blocks as Static<typeof Block>[] }
}

const columns = { id: sections.id, position: sections.position, heading: sections.heading, blocks: sections.blocks }

type SectionInput = Omit<SectionBody, 'position' | 'id' | 'heading'> & { id?: string, heading?: string | null }

/** Writes sections after any the article has, numbered on from there; the caller owns the transaction. */
export async function insertSections (db: Db, articleId: string, list: ReadonlyArray<SectionInput>, after = 0): Promise<SectionBody[]> {
  const rows = list.map((section, index) => ({
    id: section.id ?? uuidv7(),
    articleId,
    position: after + index + 1,
    heading: section.heading ?? null,
    blocks: section.blocks
  }))
  if (rows.length > 0) await db.insert(sections).values(rows)
  return rows.map(toSection)
}

async function orderedIds (db: Db, articleId: string): Promise<string[]> {
  return (await db.select({ id: sections.id }).from(sections).where(eq(sections.articleId, articleId)).orderBy(asc(sections.position))).map((row) => row.id)
}

/**
 * Numbers an article's sections 1..n in the given order. Positions are unique per article,
 * so they are first moved out of the way, then set.
 */
async function renumber (db: Db, articleId: string, ids: string[]) {
  await db.update(sections).set({ position: sql`${sections.position} + 1000000` }).where(eq(sections.articleId, articleId))
  for (const [index, id] of ids.entries()) await db.update(sections).set({ position: index + 1 }).where(eq(sections.id, id))
}

async function findSection (db: Db, articleId: string, sectionId: string) {
  const row = first(await db.select({ id: sections.id }).from(sections).where(and(eq(sections.articleId, articleId), eq(sections.id, sectionId))))
  if (!row) throw new SectionNotFound(articleId, sectionId)
}

// Writes to one article's sections; each runs inside the article's write transaction.

/** Adds a section at a position (1..n+1), or at the end; the ones from there on move down. */
export async function addSection (db: Db, articleId: string, input: SectionInput, position?: number) {
  const ids = await orderedIds(db, articleId)
  if (ids.length >= maxSections) throw new LimitReached(articleId, maxSections, 'sections')
  const at = position ?? ids.length + 1
  if (at > ids.length + 1) throw invalidField('/position', `must be at most ${ids.length + 1}: the article has ${ids.length} sections`)
  const [section] = await insertSections(db, articleId, [input], 1000000 + ids.length)
  if (!section) throw new Error('a section was written but not returned')
  ids.splice(at - 1, 0, section.id)
  await renumber(db, articleId, ids)
}

export async function updateSection (db: Db, articleId: string, sectionId: string, patch: { heading?: string | null, blocks?: SectionBody['blocks'] }) {
  await findSection(db, articleId, sectionId)
  await db.update(sections).set(patch).where(eq(sections.id, sectionId))
}

export async function removeSection (db: Db, articleId: string, sectionId: string) {
  await findSection(db, articleId, sectionId)
  await db.delete(sections).where(eq(sections.id, sectionId))
  await renumber(db, articleId, await orderedIds(db, articleId))
}

/** Puts the sections in the given order, which must name each of them once. */
export async function reorderSections (db: Db, articleId: string, ids: string[]) {
  const current = await orderedIds(db, articleId)
  const unknown = ids.find((id) => !current.includes(id))
  if (unknown !== undefined) throw invalidField('/ids', `names "${unknown}", which is not a section of this article`)
  const missing = current.find((id) => !ids.includes(id))
  if (missing !== undefined) throw invalidField('/ids', `must name every section of the article; "${missing}" is missing`)
  await renumber(db, articleId, ids)
}

/** Replaces all of an article's sections, keeping the ids given (a restore brings back the same sections). */
export async function replaceSections (db: Db, articleId: string, list: ReadonlyArray<SectionInput>) {
  await db.delete(sections).where(eq(sections.articleId, articleId))
  await insertSections(db, articleId, list)
}

export function sectionsRepository (db: Db) {
  const statements = preparedFor((q) => ({
    byArticle: q.select(columns).from(sections)
      .where(eq(sections.articleId, sql.placeholder('articleId')))
      .orderBy(asc(sections.position))
      .prepare(),
    one: q.select(columns).from(sections)
      .where(and(eq(sections.articleId, sql.placeholder('articleId')), eq(sections.id, sql.placeholder('sectionId'))))
      .prepare()
  }))

  return {
    /** An article's sections in order; `q` is the write to read in, when inside one. */
    async list (articleId: string, q = db): Promise<SectionBody[]> {
      return (await statements(q).byArticle.execute({ articleId })).map(toSection)
    },
    /** The sections of each of the articles, in order, in one query; an article without any has an empty list. */
    async listFor (articleIds: readonly string[]): Promise<Map<string, SectionBody[]>> {
      const lists = new Map(articleIds.map((id) => [id, [] as SectionBody[]]))
      if (articleIds.length === 0) return lists
      const rows = await db.select({ articleId: sections.articleId, ...columns }).from(sections)
        .where(inArray(sections.articleId, [...articleIds]))
        .orderBy(asc(sections.articleId), asc(sections.position))
      for (const row of rows) lists.get(row.articleId)?.push(toSection(row))
      return lists
    },
    async get (articleId: string, sectionId: string): Promise<SectionBody | undefined> {
      const row = first(await statements(db).one.execute({ articleId, sectionId }))
      return row && toSection(row)
    }
  }
}

export type SectionsRepository = ReturnType<typeof sectionsRepository>

export default fp(async (app: FastifyInstance) => {
  app.decorate('sections', sectionsRepository(app.database.db))
}, { name: 'sections-repository', dependencies: ['database'] })
