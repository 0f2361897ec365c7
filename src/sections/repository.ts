// All SQL about sections: reading an article's sections in order, and writing them, always in order 1..n.
import { and, asc, eq, sql } from 'drizzle-orm'
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Static } from 'typebox'
import { v7 as uuidv7 } from 'uuid'
import type { Db } from '../db/plugin.js'
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
export function insertSections (db: Db, articleId: string, list: ReadonlyArray<SectionInput>, after = 0): SectionBody[] {
  const rows = list.map((section, index) => ({
    id: section.id ?? uuidv7(),
    articleId,
    position: after + index + 1,
    heading: section.heading ?? null,
    blocks: section.blocks
  }))
  if (rows.length > 0) db.insert(sections).values(rows).run()
  return rows.map(toSection)
}

function orderedIds (db: Db, articleId: string): string[] {
  return db.select({ id: sections.id }).from(sections).where(eq(sections.articleId, articleId)).orderBy(asc(sections.position)).all().map((row) => row.id)
}

/**
 * Numbers an article's sections 1..n in the given order. Positions are unique per article,
 * so they are first moved out of the way, then set.
 */
function renumber (db: Db, articleId: string, ids: string[]) {
  db.update(sections).set({ position: sql`${sections.position} + 1000000` }).where(eq(sections.articleId, articleId)).run()
  ids.forEach((id, index) => {
    db.update(sections).set({ position: index + 1 }).where(eq(sections.id, id)).run()
  })
}

function findSection (db: Db, articleId: string, sectionId: string) {
  const row = db.select({ id: sections.id }).from(sections).where(and(eq(sections.articleId, articleId), eq(sections.id, sectionId))).get()
  if (!row) throw new SectionNotFound(articleId, sectionId)
}

// Writes to one article's sections; each runs inside the article's write transaction.

/** Adds a section at a position (1..n+1), or at the end; the ones from there on move down. */
export function addSection (db: Db, articleId: string, input: SectionInput, position?: number) {
  const ids = orderedIds(db, articleId)
  if (ids.length >= maxSections) throw new LimitReached(articleId, maxSections, 'sections')
  const at = position ?? ids.length + 1
  if (at > ids.length + 1) throw invalidField('/position', `must be at most ${ids.length + 1}: the article has ${ids.length} sections`)
  const [section] = insertSections(db, articleId, [input], 1000000 + ids.length)
  if (!section) throw new Error('a section was written but not returned')
  ids.splice(at - 1, 0, section.id)
  renumber(db, articleId, ids)
}

export function updateSection (db: Db, articleId: string, sectionId: string, patch: { heading?: string | null, blocks?: SectionBody['blocks'] }) {
  findSection(db, articleId, sectionId)
  db.update(sections).set(patch).where(eq(sections.id, sectionId)).run()
}

export function removeSection (db: Db, articleId: string, sectionId: string) {
  findSection(db, articleId, sectionId)
  db.delete(sections).where(eq(sections.id, sectionId)).run()
  renumber(db, articleId, orderedIds(db, articleId))
}

/** Puts the sections in the given order, which must name each of them once. */
export function reorderSections (db: Db, articleId: string, ids: string[]) {
  const current = orderedIds(db, articleId)
  const unknown = ids.find((id) => !current.includes(id))
  if (unknown !== undefined) throw invalidField('/ids', `names "${unknown}", which is not a section of this article`)
  const missing = current.find((id) => !ids.includes(id))
  if (missing !== undefined) throw invalidField('/ids', `must name every section of the article; "${missing}" is missing`)
  renumber(db, articleId, ids)
}

/** Replaces all of an article's sections, keeping the ids given (a restore brings back the same sections). */
export function replaceSections (db: Db, articleId: string, list: ReadonlyArray<SectionInput>) {
  db.delete(sections).where(eq(sections.articleId, articleId)).run()
  insertSections(db, articleId, list)
}

export function sectionsRepository (db: Db) {
  const byArticle = db.select(columns).from(sections)
    .where(eq(sections.articleId, sql.placeholder('articleId')))
    .orderBy(asc(sections.position))
    .prepare()
  // Any number of articles' sections in one statement: the ids go in as one JSON array.
  const byArticles = db.select({ articleId: sections.articleId, ...columns }).from(sections)
    .where(sql`${sections.articleId} in (select value from json_each(${sql.placeholder('articleIds')}))`)
    .orderBy(asc(sections.articleId), asc(sections.position))
    .prepare()
  const one = db.select(columns).from(sections)
    .where(and(eq(sections.articleId, sql.placeholder('articleId')), eq(sections.id, sql.placeholder('sectionId'))))
    .prepare()

  return {
    list (articleId: string): SectionBody[] {
      return byArticle.all({ articleId }).map(toSection)
    },
    /** The sections of each of the articles, in order, in one query; an article without any has an empty list. */
    listFor (articleIds: readonly string[]): Map<string, SectionBody[]> {
      const lists = new Map(articleIds.map((id) => [id, [] as SectionBody[]]))
      for (const row of byArticles.all({ articleIds: JSON.stringify(articleIds) })) lists.get(row.articleId)?.push(toSection(row))
      return lists
    },
    get (articleId: string, sectionId: string): SectionBody | undefined {
      const row = one.get({ articleId, sectionId })
      return row && toSection(row)
    }
  }
}

export type SectionsRepository = ReturnType<typeof sectionsRepository>

export default fp(async (app: FastifyInstance) => {
  app.decorate('sections', sectionsRepository(app.db))
}, { name: 'sections-repository', dependencies: ['database'] })
