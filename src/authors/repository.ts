// All SQL about authors: their own rows, the bylines articles show, and which articles show whom.
import { asc, eq, inArray, or, sql } from 'drizzle-orm'
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Static } from 'typebox'
import { v7 as uuidv7 } from 'uuid'
import type { Audience } from '../articles/repository.js'
import { first, type Db } from '../db/database.js'
import { forUpdate } from '../db/dialect.js'
import { articleAuthors, articles, authors, media } from '../db/sqlite-schema.js'
import { checkLinkedIds, uniqueSlugs } from '../db/unique-slugs.js'
import { AuthorNotFound, NameTaken, invalidField, stillShown, type ArticleRef } from '../errors.js'
import { holdToVersion } from '../etags.js'
import { picturesFor } from '../media/pictures.js'
import { cutPage, decodeCursor } from '../pagination.js'
import type { AuthorBody, AuthorPatch, BylineBody, NewAuthor } from './schemas.js'

declare module 'fastify' {
  interface FastifyInstance {
    authors: AuthorsRepository
  }
}

type Row = typeof authors.$inferSelect

/** A write to an existing author: which one, the If-Match its writer sent, and who writes. */
export interface AuthorWrite { ref: string, ifMatch: string | undefined, author: string }

const byRef = or(eq(authors.id, sql.placeholder('ref')), eq(authors.slug, sql.placeholder('ref')))

/** The authors' rows as readers see them: the picture whole, the email for editors alone. */
async function authorsOf (q: Db, rows: Row[], audience: Audience, baseUrl: string): Promise<AuthorBody[]> {
  const pictures = await picturesFor(q, rows.flatMap((row) => row.imageId === null ? [] : [row.imageId]), baseUrl)
  return rows.map(({ imageId, email, ...row }) => ({
    id: row.id,
    slug: row.slug,
    name: row.name,
    bio: row.bio,
    url: row.url,
    image: imageId === null ? null : pictures.get(imageId) ?? null,
    ...(audience === 'editorial' && { email }),
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt
  }))
}

/**
 * The bylines of articles, in order, by article id: two queries however many articles
 * (their authors, then those authors' pictures).
 */
export async function bylinesFor (q: Db, articleIds: readonly string[], baseUrl: string): Promise<Map<string, BylineBody[]>> {
  const bylines = new Map<string, BylineBody[]>()
  if (articleIds.length === 0) return bylines
  const rows = await q.select({ articleId: articleAuthors.articleId, id: authors.id, name: authors.name, slug: authors.slug, url: authors.url, imageId: authors.imageId })
    .from(articleAuthors)
    .innerJoin(authors, eq(authors.id, articleAuthors.authorId))
    .where(inArray(articleAuthors.articleId, [...new Set(articleIds)]))
    .orderBy(asc(articleAuthors.articleId), asc(articleAuthors.position))
  const pictures = await picturesFor(q, rows.flatMap((row) => row.imageId === null ? [] : [row.imageId]), baseUrl)
  for (const { articleId, imageId, ...author } of rows) {
    const list = bylines.get(articleId) ?? []
    list.push({ ...author, image: imageId === null ? null : pictures.get(imageId) ?? null })
    bylines.set(articleId, list)
  }
  return bylines
}

export async function setArticleAuthors (tx: Db, articleId: string, ids: readonly string[], field = '/authors') {
  await checkLinkedIds(tx, authors, ids, field, 'author')
  await tx.delete(articleAuthors).where(eq(articleAuthors.articleId, articleId))
  if (ids.length > 0) await tx.insert(articleAuthors).values(ids.map((authorId, index) => ({ articleId, position: index + 1, authorId })))
}

/** The articles that show an author, by the index of exactly that. */
async function articlesShowing (q: Db, authorId: string): Promise<ArticleRef[]> {
  return await q.select({ id: articles.id, slug: articles.slug })
    .from(articleAuthors)
    .innerJoin(articles, eq(articles.id, articleAuthors.articleId))
    .where(eq(articleAuthors.authorId, authorId))
    .orderBy(asc(articles.id))
}

/** An image must name an uploaded picture. */
async function checkImage (q: Db, imageId: string | null | undefined) {
  if (imageId === undefined || imageId === null) return
  if ((await q.select({ id: media.id }).from(media).where(eq(media.id, imageId))).length === 0) throw invalidField('/image', `names no picture: there is no picture "${imageId}"`)
}

const slugs = uniqueSlugs(authors, (slug) => new NameTaken('author', slug))

/** What bylines show: a change to any of it changes the articles that show the author. */
const bylineFields = ['name', 'slug', 'url', 'image'] as const

export function authorsRepository (app: FastifyInstance, baseUrl: string) {
  const { db, write } = app.database
  const listStart = db.select().from(authors).orderBy(asc(authors.createdAt), asc(authors.id)).limit(sql.placeholder('limit')).prepare()
  const listAfter = db.select().from(authors)
    .where(sql`(${authors.createdAt}, ${authors.id}) > (${sql.placeholder('afterAt')}, ${sql.placeholder('afterId')})`)
    .orderBy(asc(authors.createdAt), asc(authors.id))
    .limit(sql.placeholder('limit'))
    .prepare()
  const one = db.select().from(authors).where(byRef).prepare()

  async function lock (tx: Db, ref: string): Promise<Row> {
    const row = first(await forUpdate(tx.select().from(authors).where(or(eq(authors.id, ref), eq(authors.slug, ref)))))
    if (!row) throw new AuthorNotFound(ref)
    return row
  }

  async function show (q: Db, row: Row, audience: Audience): Promise<AuthorBody> {
    return (await authorsOf(q, [row], audience, baseUrl))[0] as AuthorBody
  }

  return {
    /** Authors, oldest first, from after the cursor. */
    async list (audience: Audience, page: { limit: number, cursor?: string | undefined }) {
      const list = 'authors'
      let rows: Row[]
      if (page.cursor === undefined) {
        rows = await listStart.execute({ limit: page.limit + 1 })
      } else {
        const [afterAt, afterId] = decodeCursor(list, page.cursor, 2)
        rows = await listAfter.execute({ limit: page.limit + 1, afterAt, afterId })
      }
      const { page: data, nextCursor } = cutPage(rows, page.limit, list, (row) => [row.createdAt, row.id])
      return { data: await authorsOf(db, data, audience, baseUrl), nextCursor }
    },

    /** One author by id or slug; 404 when there is none. */
    async get (ref: string, audience: Audience): Promise<AuthorBody> {
      const row = first(await one.execute({ ref }))
      if (!row) throw new AuthorNotFound(ref)
      return await show(db, row, audience)
    },

    /** The id of the author a ref names, if any. */
    async idOf (ref: string): Promise<string | undefined> {
      return first(await one.execute({ ref }))?.id
    },

    /** Adds an author, with a slug made from the name when none is given. */
    async create (input: Static<typeof NewAuthor>): Promise<AuthorBody> {
      return await slugs.guard(() => input.slug, () => write(async (tx) => {
        await slugs.check(tx, input.slug)
        await checkImage(tx, input.image)
        const at = new Date().toISOString()
        const [row] = await tx.insert(authors).values({
          id: uuidv7(),
          slug: input.slug ?? await slugs.free(tx, input.name),
          name: input.name,
          bio: input.bio ?? null,
          url: input.url ?? null,
          imageId: input.image ?? null,
          email: input.email ?? null,
          version: 1,
          createdAt: at,
          updatedAt: at
        }).returning() as [Row]
        return await show(tx, row, 'editorial')
      }))
    },

    /**
     * Changes an author, held to If-Match. When what bylines show changes, every article that
     * shows the author moves on in the same write (a new version and revision, and an
     * `article.updated` for the public ones). Returns the author and those articles' ids.
     */
    async update ({ ref, ifMatch, author: writer }: AuthorWrite, patch: Static<typeof AuthorPatch>): Promise<{ author: AuthorBody, articleIds: string[] }> {
      return await slugs.guard(() => patch.slug, () => write(async (tx) => {
        const current = await lock(tx, ref)
        holdToVersion(ifMatch, current, 'author')
        await slugs.check(tx, patch.slug, current.id)
        await checkImage(tx, patch.image)
        const { image, ...fields } = patch
        const [row] = await tx.update(authors)
          .set({ ...fields, ...(image !== undefined && { imageId: image }), version: current.version + 1, updatedAt: new Date().toISOString() })
          .where(eq(authors.id, current.id))
          .returning() as [Row]
        const shown = bylineFields.some((field) => field === 'image' ? row.imageId !== current.imageId : row[field] !== current[field])
        const articleIds = shown ? (await articlesShowing(tx, current.id)).map((article) => article.id) : []
        await app.articles.refresh(tx, articleIds, writer)
        return { author: await show(tx, row, 'editorial'), articleIds }
      }))
    },

    /** Deletes an author, held to If-Match; 409 naming the articles while any shows them. */
    async remove ({ ref, ifMatch }: AuthorWrite) {
      await write(async (tx) => {
        const current = await lock(tx, ref)
        holdToVersion(ifMatch, current, 'author')
        const shownBy = await articlesShowing(tx, current.id)
        if (shownBy.length > 0) throw stillShown('author', current.slug, shownBy)
        await tx.delete(authors).where(eq(authors.id, current.id))
      })
    }
  }
}

export type AuthorsRepository = ReturnType<typeof authorsRepository>

export default fp(async (app: FastifyInstance, options: { publicBaseUrl: string }) => {
  app.decorate('authors', authorsRepository(app, options.publicBaseUrl))
}, { name: 'authors-repository', dependencies: ['database', 'articles-repository'] })
