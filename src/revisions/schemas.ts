// Revisions: every accepted write to an article, kept as the article's content became.
import { Type, type Static } from 'typebox'
import { ArticleParams } from '../articles/params.js'
import { Article } from '../articles/schemas.js'
import { NextCursor } from '../pagination.js'
import { Timestamp, closed, ref } from '../schema-helpers.js'

const { slug, title, language, originalLanguage, translation, direction, sections, metadata, authors, topics, credit, image } = Article.properties

/** What a revision keeps, and a restore brings back: the article's content, not its publication status. */
export const ArticleContent = Type.Object({ slug, title, language, originalLanguage, translation, direction, sections, metadata, authors, topics, credit, image }, {
  $id: 'ArticleContent',
  title: 'ArticleContent',
  description: 'An article\'s content: its own fields (its translation provenance among them), sections, metadata, byline, topics, credit and lead image, as the article showed them. Revisions recorded before articles had bylines, topics, credits, lead images and provenance show none.'
})

export type ArticleContentBody = Static<typeof ArticleContent>

const revisionFields = {
  number: Type.Integer({ minimum: 1, description: 'Revision N is the article at version N: 1 is how it was created.' }),
  createdAt: Type.String({ ...Timestamp, description: 'When the write was accepted.' }),
  author: Type.String({ description: 'The name of the token that wrote it.' })
}

export const RevisionSummary = Type.Object({
  ...revisionFields,
  title: Type.String({ description: 'The article\'s title in this revision.' })
}, {
  $id: 'RevisionSummary',
  title: 'RevisionSummary',
  description: 'A revision, as the history lists it.',
  examples: [{ number: 1, createdAt: '2025-03-23T00:00:00.000Z', author: 'seed', title: 'بوتين وترامب: اجتماع لوقف إطلاق النار - الأمل في أوكرانيا!' }]
})

export const RevisionList = Type.Object({
  data: Type.Array(ref(RevisionSummary), { description: 'The revisions of this page, oldest first.' }),
  nextCursor: NextCursor
}, { $id: 'RevisionList', title: 'RevisionList', description: 'One page of an article\'s history.' })

export const Revision = Type.Object({
  ...revisionFields,
  article: ref(ArticleContent)
}, { $id: 'Revision', title: 'Revision', description: 'The article\'s content as one write left it.' })

export const RevisionParams = Type.Object({
  ...ArticleParams.properties,
  number: Type.Integer({ minimum: 1, description: 'The revision number.', examples: [1] })
}, closed)
