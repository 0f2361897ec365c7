// The OpenAPI examples of the models, taken from the seed article: what the API serves for it.
import type { Static, TSchema } from 'typebox'
import type { Article, ArticlePage, ArticleSummary } from './articles/schemas.js'
import { defaultPublicBaseUrl } from './config.js'
import { jsonFeed } from './feeds/json-feed.js'
import { newsArticle } from './jsonld/jsonld.js'
import { directionOf } from './language.js'
import type { Block, Section, SectionList } from './sections/schemas.js'
import type { Metadata, Place } from './metadata/schemas.js'
import { ninjs } from './ninjs/ninjs.js'
import type { ArticleContent, Revision, RevisionList } from './revisions/schemas.js'
import { modelId } from './schema-helpers.js'
import { seedArticle } from './seed-article.js'

const sections: Static<typeof Section>[] = seedArticle.sections.map((section, index) => ({ ...section, position: index + 1 }))
const metadata: Static<typeof Metadata> = seedArticle.metadata

const article: Static<typeof Article> = {
  id: seedArticle.id,
  slug: seedArticle.slug,
  title: seedArticle.title,
  language: seedArticle.language,
  originalLanguage: seedArticle.originalLanguage,
  direction: directionOf(seedArticle.language),
  status: seedArticle.status,
  publishedAt: seedArticle.publishedAt,
  createdAt: seedArticle.createdAt,
  updatedAt: seedArticle.updatedAt,
  version: 1,
  sections,
  metadata,
  commentCount: 0
}

const summary: Static<typeof ArticleSummary> = {
  id: article.id,
  slug: article.slug,
  title: article.title,
  language: article.language,
  direction: article.direction,
  publishedAt: article.publishedAt,
  updatedAt: article.updatedAt,
  placeName: metadata.place?.name ?? null,
  commentCount: article.commentCount
}

const block: Static<typeof Block> | undefined = sections[0]?.blocks[0]
const sectionList: Static<typeof SectionList> = { data: sections }
const articlePage: Static<typeof ArticlePage> = { data: [summary], nextCursor: null }
const place: Static<typeof Place> | null = metadata.place

const content: Static<typeof ArticleContent> = {
  slug: article.slug,
  title: article.title,
  language: article.language,
  originalLanguage: article.originalLanguage,
  direction: article.direction,
  sections,
  metadata
}
const firstRevision = { number: 1, createdAt: article.createdAt, author: 'seed' }
const revision: Static<typeof Revision> = { ...firstRevision, article: content }
const revisionList: Static<typeof RevisionList> = { data: [{ ...firstRevision, title: article.title }] }

// The partner formats of the seed, with links on the default public address.
const baseUrl = defaultPublicBaseUrl

const examples: Record<string, unknown> = {
  Block: block,
  Section: sections[1],
  SectionList: sectionList,
  Place: place,
  Metadata: metadata,
  Article: article,
  ArticleSummary: summary,
  ArticlePage: articlePage,
  ArticleContent: content,
  Revision: revision,
  RevisionList: revisionList,
  JsonFeed: jsonFeed({ baseUrl, lang: undefined, articles: [article] }),
  Ninjs31: ninjs(article, baseUrl, '3.1'),
  Ninjs22: ninjs(article, baseUrl, '2.2'),
  NewsArticleJsonLd: newsArticle(article, baseUrl)
}

/** The model with its seed example, if it has one, as JSON Schema `examples`. */
export function withExample<T extends TSchema> (model: T): T {
  const example = examples[modelId(model)]
  return example === undefined ? model : { ...model, examples: [example] }
}

