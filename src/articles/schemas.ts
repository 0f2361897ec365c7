// Articles: the full article with its sections and metadata, and the summary that lists show.
import { Type, type Static } from 'typebox'
import type { Direction } from '../language.js'
import { Metadata, MetadataInput } from '../metadata/schemas.js'
import { NextCursor } from '../pagination.js'
import { Nullable, StringEnum, Timestamp, closed, ref } from '../schema-helpers.js'
import { Section, SectionInput } from '../sections/schemas.js'
import { portableSlugPattern } from './slug.js'

// BCP 47 in its common form: language, then optional script, region and variants (`ar`, `az-Arab`, `de-CH-1996`).
export const languageTag = {
  maxLength: 35,
  pattern: '^[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*$'
}

export const Article = Type.Object({
  id: Type.String({ description: 'Opaque, stable id (a UUIDv7).' }),
  slug: Type.String({
    minLength: 1,
    maxLength: 200,
    pattern: portableSlugPattern,
    format: 'slug',
    description: 'Unique, URL-friendly name: letters (any script; lower case where the script has case), combining marks and decimal digits, in runs joined by single hyphens (Unicode classes Ll, Lo, Lm, M, Nd: `^[\\p{Ll}\\p{Lo}\\p{Lm}\\p{M}\\p{Nd}]+(?:-[\\p{Ll}\\p{Lo}\\p{Lm}\\p{M}\\p{Nd}]+)*$`). The server checks this rule as the `slug` format; `pattern` says it without Unicode classes, a little more loosely. Arabic titles give Arabic slugs.'
  }),
  title: Type.String({ minLength: 1, maxLength: 300, description: 'The headline, exactly as written.' }),
  language: Type.String({ ...languageTag, description: 'BCP 47 language tag of the text, such as `ar` or `de-CH`.' }),
  originalLanguage: Nullable(Type.String({ ...languageTag, description: 'BCP 47 tag of the language the article was translated from, or `null`.' })),
  direction: StringEnum(['rtl', 'ltr'], {
    description: 'Text direction for rendering (`dir` in HTML): derived from the language unless set.'
  }),
  status: StringEnum(['draft', 'scheduled', 'published', 'archived'], {
    description: 'Workflow state. `scheduled`: published with a `publishedAt` still to come, after which it reads as `published`. Public endpoints show only `published` articles; editors\' and admins\' tokens show all.'
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

export const NewArticle = Type.Object({
  title: Article.properties.title,
  language: Article.properties.language,
  slug: Type.Optional(Article.properties.slug),
  originalLanguage: Type.Optional(Article.properties.originalLanguage),
  direction: Type.Optional(Article.properties.direction),
  sections: Type.Optional(Type.Array(SectionInput, { maxItems: 200, description: 'The body, in order; none when left out.' })),
  metadata: Type.Optional(MetadataInput)
}, {
  ...closed,
  description: 'A new article, created as a draft. Without `slug`, one is made from the title; without `direction`, it follows the language.',
  examples: [{
    title: 'بوتين وترامب: اجتماع لوقف إطلاق النار - الأمل في أوكرانيا!',
    language: 'ar',
    originalLanguage: 'de',
    sections: [{ heading: null, blocks: [{ type: 'paragraph', text: 'Moskau, Russland - في 23 مارس 2025 ، أعلن أخصائي الولايات المتحدة ستيف ويتكوف …' }] }],
    metadata: { place: { name: 'Moskau, Russland', locality: 'Moskau', country: 'Russland', countryCode: 'RU' }, sources: [] }
  }]
})

export const ArticlePatch = Type.Object({
  title: Type.Optional(Article.properties.title),
  slug: Type.Optional(Article.properties.slug),
  language: Type.Optional(Article.properties.language),
  originalLanguage: Type.Optional(Article.properties.originalLanguage),
  direction: Type.Optional(Type.Unsafe<Direction | null>({ type: ['string', 'null'], enum: ['rtl', 'ltr', null], description: '`rtl` or `ltr`; `null` to follow the language again.' }))
}, {
  ...closed,
  minProperties: 1,
  description: 'A JSON merge patch (RFC 7396) of the article\'s own fields: those given replace the stored ones, `null` clears one that may be empty. Sections, metadata and status have endpoints of their own.',
  examples: [{ title: 'بوتين وترامب: اجتماع لوقف إطلاق النار' }]
})

export const PublishRequest = Type.Object({
  publishAt: Type.Optional(Type.String({ ...Timestamp, description: 'When to publish; now when left out or past. A future time schedules the article: it reads as `scheduled` until then, and as `published` from then on.' }))
}, { ...closed, examples: [{}, { publishAt: '2026-12-01T06:00:00.000Z' }] })
