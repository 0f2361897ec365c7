// The OpenAPI examples of the models, taken from the seed article: what the API serves for it.
import type { Static, TSchema } from 'typebox'
import type { Article, ArticlePage, ArticleSummary } from './articles/schemas.js'
import type { Author, AuthorPage, Byline } from './authors/schemas.js'
import { defaultPublicBaseUrl } from './config.js'
import { jsonFeed } from './feeds/json-feed.js'
import { newsArticle } from './jsonld/jsonld.js'
import { labelsFor, localeFor } from './labels/locales.js'
import { directionOf } from './language.js'
import type { Block, Section, SectionList } from './sections/schemas.js'
import { shownMetadata, storedPlace } from './metadata/place.js'
import type { Metadata, Place } from './metadata/schemas.js'
import { killNotice, ninjs } from './ninjs/ninjs.js'
import type { ArticleContent, Revision, RevisionList } from './revisions/schemas.js'
import { pictureOf } from './media/pictures.js'
import { examplePictureId } from './media/schemas.js'
import { modelId } from './schema-helpers.js'
import { seedArticle } from './seed-article.js'
import type { ArticleTopic, Topic, TopicPage } from './topics/schemas.js'

const sections: Static<typeof Section>[] = seedArticle.sections.map((section, index) => ({ ...section, position: index + 1 }))
// The seed's place is written in German only, so its Arabic readers are shown its country's name: "روسيا".
const { place: seedPlace, sources: seedSources } = seedArticle.metadata
const metadata: Static<typeof Metadata> = shownMetadata({ place: seedPlace && storedPlace(seedPlace), sources: seedSources }, seedArticle.language)

const article: Static<typeof Article> = {
  id: seedArticle.id,
  slug: seedArticle.slug,
  title: seedArticle.title,
  language: seedArticle.language,
  originalLanguage: seedArticle.originalLanguage,
  translation: seedArticle.translation ?? null,
  direction: directionOf(seedArticle.language),
  status: seedArticle.status,
  publishedAt: seedArticle.publishedAt,
  firstPublishedAt: seedArticle.publishedAt,
  createdAt: seedArticle.createdAt,
  updatedAt: seedArticle.updatedAt,
  version: 1,
  sections,
  metadata,
  authors: [],
  credit: null,
  topics: [],
  image: null,
  translations: [],
  pictures: [],
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
  placeDisplay: metadata.place?.display ?? null,
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
  translation: article.translation,
  direction: article.direction,
  sections,
  metadata,
  authors: article.authors,
  topics: article.topics,
  credit: article.credit,
  image: article.image
}
const firstRevision = { number: 1, createdAt: article.createdAt, author: 'seed' }
const revision: Static<typeof Revision> = { ...firstRevision, article: content }
const revisionList: Static<typeof RevisionList> = { data: [{ ...firstRevision, title: article.title }], nextCursor: null }

// An author and a topic as the seed's story could have them (the seed itself has neither).
const author: Static<typeof Author> = {
  id: '0195c04c-9800-7843-93ad-d8c489d3a001',
  slug: 'ستيف-ويتكوف',
  name: 'ستيف ويتكوف',
  bio: 'مراسل في موسكو.',
  url: 'https://news.example.org/authors/steve',
  image: null,
  email: 'steve@news.example.org',
  version: 1,
  createdAt: seedArticle.createdAt,
  updatedAt: seedArticle.createdAt
}
const byline: Static<typeof Byline> = { id: author.id, name: author.name, slug: author.slug, url: author.url, image: author.image }
const authorPage: Static<typeof AuthorPage> = { data: [author], nextCursor: null }
const topic: Static<typeof Topic> = {
  id: '0195c04c-9800-7843-93ad-d8c489d3a101',
  slug: 'politics',
  names: { ar: 'السياسة', de: 'Politik', en: 'Politics' },
  mediaTopic: 'medtop:11000000',
  version: 1,
  createdAt: seedArticle.createdAt,
  updatedAt: seedArticle.createdAt
}
const articleTopic: Static<typeof ArticleTopic> = { id: topic.id, slug: topic.slug, names: topic.names, mediaTopic: topic.mediaTopic }
const topicPage: Static<typeof TopicPage> = { data: [topic], nextCursor: null }

// The partner formats of the seed, with links on the default public address.
const baseUrl = defaultPublicBaseUrl

// A picture for the seed article, as an editor would describe it.
const picture = pictureOf({
  id: examplePictureId,
  sha256: '5f2b9c3e8d1a4f6b7c0e9d8a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c',
  type: 'image/jpeg',
  width: 2048,
  height: 1365,
  bytes: 734_512,
  alt: { ar: 'ستيف ويتكوف يصافح فلاديمير بوتين في موسكو' },
  caption: 'Moskau, Russland - ستيف ويتكوف وفلاديمير بوتين في 23 مارس 2025',
  credit: 'Photo: Agency',
  copyrightNotice: '© 2025 Agency',
  placeholder: 'HBkSHYSIeHiPiHh8eJd4eTN0EEQG',
  version: 2,
  createdAt: seedArticle.createdAt,
  updatedAt: seedArticle.updatedAt
}, baseUrl)

const examples: Record<string, unknown> = {
  Picture: picture,
  PicturePage: { data: [picture], nextCursor: null },
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
  Author: author,
  AuthorPage: authorPage,
  Byline: byline,
  Topic: topic,
  TopicPage: topicPage,
  ArticleTopic: articleTopic,
  JsonFeed: jsonFeed({ baseUrl, lang: undefined, articles: [article], updatedAt: article.updatedAt, publisher: {} }),
  Ninjs31: ninjs(article, baseUrl, '3.1'),
  Ninjs22: ninjs(article, baseUrl, '2.2'),
  // The seed's kill notice, had an editor unpublished it (version 2) at this time.
  NinjsCanceled31: killNotice({ articleId: article.id, version: 2, at: '2026-11-29T10:00:00.000Z' }, baseUrl, '3.1'),
  NinjsCanceled22: killNotice({ articleId: article.id, version: 2, at: '2026-11-29T10:00:00.000Z' }, baseUrl, '2.2'),
  NewsArticleJsonLd: newsArticle(article, baseUrl),
  // The seed's language: what its page is labelled with.
  Labels: labelsFor(localeFor(seedArticle.language), seedArticle.language)
}

/** The model with its seed example, if it has one, as JSON Schema `examples`. */
export function withExample<T extends TSchema> (model: T): T {
  const example = examples[modelId(model)]
  return example === undefined ? model : { ...model, examples: [example] }
}

