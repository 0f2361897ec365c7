// All SQL about sections: reading an article's sections in order, and writing them with it.
import { and, asc, eq, sql } from 'drizzle-orm'
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Static } from 'typebox'
import type { Db } from '../db/plugin.js'
import { sections } from '../db/schema.js'
import type { Block, SectionBody } from './schemas.js'

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

/** Writes an article's sections, numbered 1..n in the order given; the caller owns the transaction. */
export function insertSections (db: Db, articleId: string, list: ReadonlyArray<Omit<SectionBody, 'position'>>) {
  if (list.length === 0) return
  db.insert(sections).values(list.map((section, index) => ({
    id: section.id,
    articleId,
    position: index + 1,
    heading: section.heading,
    blocks: section.blocks
  }))).run()
}

export function sectionsRepository (db: Db) {
  const byArticle = db.select(columns).from(sections)
    .where(eq(sections.articleId, sql.placeholder('articleId')))
    .orderBy(asc(sections.position))
    .prepare()
  const one = db.select(columns).from(sections)
    .where(and(eq(sections.articleId, sql.placeholder('articleId')), eq(sections.id, sql.placeholder('sectionId'))))
    .prepare()

  return {
    list (articleId: string): SectionBody[] {
      return byArticle.all({ articleId }).map(toSection)
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
