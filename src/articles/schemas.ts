// Articles: the full article with its sections and metadata, and the summary that lists show.
import { Type, type Static } from 'typebox'
import { Metadata } from '../metadata/schemas.js'
import { NextCursor } from '../pagination.js'
import { Nullable, Timestamp, ref } from '../schema-helpers.js'
import { Section } from '../sections/schemas.js'

export const Article = Type.Object({
  id: Type.String({ description: 'Opaque, stable id (a UUIDv7).' }),
  slug: Type.String({ description: 'Unique, URL-friendly name; may hold non-ASCII letters, as Arabic titles give Arabic slugs.' }),
  title: Type.String({ description: 'The headline, exactly as written.' }),
  language: Type.String({ description: 'BCP 47 language tag of the text.' }),
  originalLanguage: Nullable(Type.String({ description: 'BCP 47 tag of the language the article was translated from, or `null`.' })),
  direction: Type.Union([Type.Literal('rtl'), Type.Literal('ltr')], {
    description: 'Text direction for rendering (`dir` in HTML): derived from the language unless set.'
  }),
  status: Type.Union([Type.Literal('draft'), Type.Literal('published'), Type.Literal('archived')], {
    description: 'Workflow state; public endpoints show only `published` articles.'
  }),
  publishedAt: Nullable(Type.String({ ...Timestamp, description: 'When the article was (or will be) published; `null` for a draft never published.' })),
  createdAt: Type.String({ ...Timestamp, description: 'When the article was created.' }),
  updatedAt: Type.String({ ...Timestamp, description: 'When the article last changed.' }),
  version: Type.Integer({ minimum: 1, description: 'Grows by one with every change to the article, its sections or its metadata.' }),
  sections: Type.Array(ref(Section), { description: 'The body, in order.' }),
  metadata: ref(Metadata),
  commentCount: Type.Integer({ minimum: 0, description: 'Number of approved (public) comments.' })
}, {
  $id: 'Article',
  title: 'Article',
  description: 'A news article with its sections, metadata and comment count.'
})

export type ArticleBody = Static<typeof Article>

const { id, slug, title, language, direction, publishedAt, updatedAt, commentCount } = Article.properties

export const ArticleSummary = Type.Object({
  id,
  slug,
  title,
  language,
  direction,
  publishedAt,
  updatedAt,
  placeName: Nullable(Type.String({ description: 'The name of the article\'s place (Ort), or `null`.' })),
  commentCount
}, {
  $id: 'ArticleSummary',
  title: 'ArticleSummary',
  description: 'An article as lists show it.'
})

export type ArticleSummaryBody = Static<typeof ArticleSummary>

export const ArticlePage = Type.Object({
  data: Type.Array(ref(ArticleSummary)),
  nextCursor: NextCursor
}, {
  $id: 'ArticlePage',
  title: 'ArticlePage',
  description: 'One page of published articles, newest first.'
})
