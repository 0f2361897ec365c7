// Articles: the full article with its sections and metadata, and the summary that lists show.
import { Type, type Static } from 'typebox'
import { languageTag, type Direction } from '../language.js'
import { Byline } from '../authors/schemas.js'
import { ArticleImage, Picture } from '../media/schemas.js'
import { Metadata, MetadataInput } from '../metadata/schemas.js'
import { NextCursor, PageQuery } from '../pagination.js'
import { Nullable, NullableRef, StringEnum, Timestamp, closed, ref } from '../schema-helpers.js'
import { maxClauses, maxQueryLength } from '../search/query.js'
import { Highlight } from '../search/schemas.js'
import { Section, SectionInput, maxSections } from '../sections/schemas.js'
import { ArticleTopic } from '../topics/schemas.js'
import { ProvenanceInput, ProvenancePatch, TranslationLink, TranslationProvenance } from '../translations/schemas.js'
import { portableSlugPattern } from './slug.js'


export const Article = Type.Object({
  id: Type.String({ description: 'Opaque, stable id (a UUIDv7).' }),
  slug: Type.String({
    minLength: 1,
    maxLength: 200,
    pattern: portableSlugPattern,
    format: 'slug',
    description: 'Unique, URL-friendly name: letters (any script; lower case where the script has case), combining marks and decimal digits, in runs joined by single hyphens (Unicode classes Ll, Lo, Lm, M, Nd: `^[\\p{Ll}\\p{Lo}\\p{Lm}\\p{M}\\p{Nd}]+(?:-[\\p{Ll}\\p{Lo}\\p{Lm}\\p{M}\\p{Nd}]+)*$`). The server checks this rule as the `slug` format; `pattern` says it without Unicode classes, a little more loosely. Arabic titles give Arabic slugs.'
  }),
  url: Type.Optional(Type.String({ format: 'uri', description: 'The web page where readers read the article on the newsroom\'s own site, made by `ARTICLE_URL_TEMPLATE` (its slug, language and first publication date percent-encoded into it). Present only when the server has that template and the article has a first publication (published, or scheduled); the API\'s own address is `/v1/articles/{id}`.' })),
  title: Type.String({ minLength: 1, maxLength: 300, description: 'The headline, exactly as written.' }),
  language: Type.String({ ...languageTag, description: 'BCP 47 language tag of the text, such as `ar` or `de-CH`.' }),
  originalLanguage: Nullable(Type.String({ ...languageTag, description: 'BCP 47 tag of the language the article was translated from, or `null`: `translation.from`, when there is a `translation`.' })),
  translation: NullableRef(TranslationProvenance, { description: 'How the article was translated (from `originalLanguage`, by machine or by a person, with which engine, reviewed when), or `null` when that is not recorded. Part of the content: kept in revisions, brought back by a restore.' }),
  direction: StringEnum(['rtl', 'ltr'], {
    description: 'Text direction for rendering (`dir` in HTML): derived from the language unless set.'
  }),
  status: StringEnum(['draft', 'scheduled', 'published', 'archived'], {
    description: 'Workflow state. `scheduled`: published with a `publishedAt` still to come, after which it reads as `published`. Public endpoints show only `published` articles; editors\' and admins\' tokens show all.'
  }),
  publishedAt: Nullable(Type.String({ ...Timestamp, description: 'When the article was (or will be) published, latest publication: publishing again after unpublishing moves it. `null` for a draft.' })),
  firstPublishedAt: Nullable(Type.String({ ...Timestamp, description: 'When the article was first published (or will be, for a first publication still to come): kept through unpublishing and publishing again, so the feeds and partner formats date the story by it and send later publications as updates. `null` until the article is first published or scheduled.' })),
  createdAt: Type.String({ ...Timestamp, description: 'When the article was created.' }),
  updatedAt: Type.String({ ...Timestamp, description: 'When the article last changed.' }),
  version: Type.Integer({ minimum: 1, description: 'Grows by one with every change to the article, its sections or its metadata.' }),
  sections: Type.Array(ref(Section), { description: 'The body, in order.' }),
  metadata: ref(Metadata),
  authors: Type.Array(ref(Byline), { maxItems: 50, description: 'The byline: the article\'s authors, in order; empty for none.' }),
  credit: Nullable(Type.String({ minLength: 1, maxLength: 300, description: 'Agency copy or any credit that names no person ("dpa", "AFP/Reuters"), or `null`.' })),
  topics: Type.Array(ref(ArticleTopic), { maxItems: 50, description: 'What the article is about, in order; empty for none.' }),
  image: NullableRef(ArticleImage, { description: 'The lead picture with this article\'s caption, or `null`.' }),
  pictures: Type.Array(ref(Picture), { description: 'Every picture the article shows (its lead `image` and its `image` blocks), each once, whole.' }),
  translations: Type.Array(ref(TranslationLink), { description: 'The other articles of its translation group, the same story in other languages, by language; the public sees the published ones. `GET /v1/articles/{ref}?lang=<tag>` reads one.' }),
  commentCount: Type.Integer({ minimum: 0, description: 'Number of approved (public) comments.' })
}, {
  $id: 'Article',
  title: 'Article',
  description: 'A news article with its sections, metadata and comment count.'
})

export type ArticleBody = Static<typeof Article>

const { id, slug, url, title, language, direction, publishedAt, updatedAt, commentCount } = Article.properties

/** The fields of a summary, in the order they are sent; `fields` picks among them. */
export const summaryFields = ['id', 'slug', 'url', 'title', 'language', 'direction', 'publishedAt', 'updatedAt', 'placeName', 'placeDisplay', 'commentCount'] as const
export type SummaryField = typeof summaryFields[number]

// Every field but `id` may be left out, as `fields` asks: a list without `fields` sends each
// (`url` when the server and the article have one), and one with `fields` only those named.
export const ArticleSummary = Type.Object({
  id,
  slug: Type.Optional(slug),
  url,
  title: Type.Optional(title),
  language: Type.Optional(language),
  direction: Type.Optional(direction),
  publishedAt: Type.Optional(publishedAt),
  updatedAt: Type.Optional(updatedAt),
  placeName: Type.Optional(Nullable(Type.String({ description: 'The name of the article\'s place (Ort) exactly as written, or `null`.' }))),
  placeDisplay: Type.Optional(Nullable(Type.String({ description: 'The article\'s place as its readers are shown it, the place\'s `display`: its name in the article\'s language, else its country\'s name in that language, else its name as written; `null` without a place.' }))),
  commentCount: Type.Optional(commentCount),
  highlight: Type.Optional(ref(Highlight))
}, {
  $id: 'ArticleSummary',
  title: 'ArticleSummary',
  description: 'An article as lists show it: every field, or only `id` and those the list\'s `fields` parameter names.'
})

export type ArticleSummaryBody = Static<typeof ArticleSummary>

export const ArticlePage = Type.Object({
  data: Type.Array(ref(ArticleSummary)),
  nextCursor: NextCursor
}, {
  $id: 'ArticlePage',
  title: 'ArticlePage',
  description: 'One page of articles, in the order `sort` asks (newest first by default).'
})

export type ArticlePageBody = Static<typeof ArticlePage>

const authorIds = Type.Array(Type.String({ minLength: 1, maxLength: 100, description: 'An author\'s id.' }), {
  maxItems: 50,
  description: 'The byline: author ids (`POST /v1/authors`), in order, each once; the article shows them as bylines.',
  examples: [['0195c04c-9800-7843-93ad-d8c489d3a001']]
})

const topicIds = Type.Array(Type.String({ minLength: 1, maxLength: 100, description: 'A topic\'s id.' }), {
  maxItems: 50,
  description: 'Topic ids (`POST /v1/topics`), in order, each once.',
  examples: [['0195c04c-9800-7843-93ad-d8c489d3a101']]
})

const imageInput = Nullable(Type.Object({
  id: ArticleImage.properties.id,
  caption: Type.Optional(ArticleImage.properties.caption)
}, { ...closed, description: 'The lead picture: a picture\'s id (`POST /v1/media`) and, optionally, this article\'s caption for it; `null` for none. A published article needs alt text in its language for every picture it shows.', examples: [{ id: '019ad1c4-5a00-7000-8000-0000000000a1', caption: 'ستيف ويتكوف في موسكو، 23 مارس 2025' }] }))

/** The orders a list can be sent in; the first is the default. */
export const articleSorts = ['-publishedAt', 'publishedAt', '-updatedAt', 'relevance'] as const
export type ArticleSort = typeof articleSorts[number]

/** Whether a list shows each story once or every translation of it; see ArticleQuery. */
export const translationModes = ['one', 'all'] as const
export type Translations = typeof translationModes[number]

export const ArticleQuery = Type.Object({
  ...PageQuery.properties,
  author: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: 'Only the articles this author (id or slug) is on; an unknown author is a 400.', examples: ['steve-witkoff'] })),
  topic: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: 'Only the articles filed under this topic (id or slug); an unknown topic is a 400. With `author`, the articles of both.', examples: ['politics'] })),
  language: Type.Optional(Type.String({ ...languageTag, description: 'Only the articles in this language: a BCP 47 tag, matched exactly but for case (`de-ch` is `de-CH`); `ar` does not take in `ar-EG`.', examples: ['ar', 'de', 'en'] })),
  place: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Only the articles from this place: two capital letters A-Z are an ISO 3166-1 alpha-2 country code (`RU`), matched against the place\'s `countryCode`; anything else is a locality, matched against the place\'s `locality` whole, after Unicode NFC and without regard to case (`moskau` finds Moskau; Arabic, which has no case, exactly).', examples: ['RU', 'Moskau'] })),
  source: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: 'Only the articles with a source of this `publisher` or this `name`: the whole of either, after Unicode NFC and without regard to case.', examples: ['Example Media', 'dpa'] })),
  since: Type.Optional(Type.String({ format: 'date-time', description: 'Only the articles published at or after this time (inclusive): an RFC 3339 date-time with a time zone, compared to the millisecond. Articles without a publication (drafts) are left out.', examples: ['2025-03-01T00:00:00Z', '2025-03-23T02:00:00+03:00'] })),
  until: Type.Optional(Type.String({ format: 'date-time', description: 'Only the articles published before this time (exclusive), so that `since` and `until` of adjacent ranges never show an article twice: an RFC 3339 date-time with a time zone, compared to the millisecond. Articles without a publication (drafts) are left out.', examples: ['2025-04-01T00:00:00Z'] })),
  status: Type.Optional(StringEnum(['draft', 'scheduled', 'published', 'archived'], { description: 'Editors and admins only (anyone else gets a 400): only the articles in this workflow state. `scheduled` are published with a `publishedAt` still to come; `published` those whose time has come.', examples: ['draft'] })),
  translationOf: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: 'Only the other articles of the translation group of the article this names (id or slug): the same story in other languages, without the article itself; none for an article in no group. Of them, as always, only those the reader may see (the public: published ones). An article the reader may not see, or none, is a 400, as an unknown author is.', examples: ['0195c04c-9800-7843-93ad-d8c489d33569'] })),
  translations: Type.Optional(StringEnum([...translationModes], { description: 'Whether a story told in several languages (a translation group) is listed once or by each of its articles. `one`: once, by whichever of its articles comes first in the list\'s order among those the filters and the search let through (by relevance its best match, newest first its newest). `all`: every article. `one` is the default with `q`, so that a search does not find a story again in each of its languages; `all` the default without. A list in one `language` shows each story once either way.', examples: ['all', 'one'] })),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: maxQueryLength, description: `Full-text search: only the articles whose title, headings, text blocks, captions, place, sources, authors or topics hold every word, each with a \`highlight\` (whatever \`fields\` asks for), best first (\`sort=relevance\`). Matching ignores case and diacritics, Arabic tashkeel and tatweel and the forms of alef (أ إ آ ٱ), ى/ي, ة/ه and Persian ی ک; Arabic-Indic digits are digits; the Arabic article and common prefixes and suffixes are stemmed away (light10). \`"two words"\` is a phrase, \`word*\` a prefix, \`-word\` leaves out what has it; anything else is searched for as words. At most ${maxQueryLength} characters and ${maxClauses} words and phrases.`, examples: ['اوكرانيا', 'أوكر*', '"ستيف ويتكوف" -ترامب', 'Witkoff 2025'] })),
  prefix: Type.Optional(Type.Boolean({ description: 'Search as you type: the last word of `q` is a prefix (`q=أوكر&prefix=true` finds أوكرانيا).', examples: [true] })),
  sort: Type.Optional(StringEnum([...articleSorts], { description: 'The order: `-publishedAt` newest publication first (the default without `q`), `publishedAt` oldest first, `-updatedAt` last changed first, `relevance` best match first (the default with `q`, and only with it): of a search\'s newest matches (1000 unless the server\'s SEARCH_RANKED_MATCHES says otherwise) the best first, then, where a search matches more articles than that, the older ones newest first, so that a word in half the archive is answered at once and paging still reaches every match; ties are broken by `id`. For editors, articles without a publication (drafts) count as older than any: last newest first, first oldest first.', examples: ['-publishedAt', 'publishedAt', '-updatedAt', 'relevance'] })),
  fields: Type.Optional(Type.String({ pattern: '^[A-Za-z]+(?:,[A-Za-z]+)*$', maxLength: 200, description: `Only these summary fields, comma-separated, of ${summaryFields.map((field) => `\`${field}\``).join(', ')}; \`id\` is always sent, so that every item can be fetched whole and linked to. An unknown field is a 400.`, examples: ['id,slug,title,url', 'title,publishedAt'] }))
}, closed)

export const NewArticle = Type.Object({
  title: Article.properties.title,
  language: Article.properties.language,
  slug: Type.Optional(Article.properties.slug),
  originalLanguage: Type.Optional(Article.properties.originalLanguage),
  translation: Type.Optional(Nullable(ProvenanceInput)),
  direction: Type.Optional(Article.properties.direction),
  sections: Type.Optional(Type.Array(SectionInput, { maxItems: maxSections, description: `The body, in order; none when left out. At most ${maxSections} sections, however they are added.` })),
  metadata: Type.Optional(MetadataInput),
  authors: Type.Optional(authorIds),
  topics: Type.Optional(topicIds),
  credit: Type.Optional(Article.properties.credit),
  image: Type.Optional(imageInput)
}, {
  ...closed,
  description: 'A new article, created as a draft. Without `slug`, one is made from the title; without `direction`, it follows the language.',
  examples: [{
    title: 'بوتين وترامب: اجتماع لوقف إطلاق النار - الأمل في أوكرانيا!',
    language: 'ar',
    originalLanguage: 'de',
    translation: { from: 'de', method: 'machine' },
    sections: [{ heading: null, blocks: [{ type: 'paragraph', text: 'Moskau, Russland - في 23 مارس 2025 ، أعلن أخصائي الولايات المتحدة ستيف ويتكوف …' }] }],
    metadata: { place: { name: 'Moskau, Russland', locality: 'Moskau', country: 'Russland', countryCode: 'RU' }, sources: [] }
  }]
})

export const ArticleLookup = Type.Object({
  lang: Type.Optional(Type.String({ ...languageTag, description: 'Read the article of its translation group in this language instead (BCP 47, in any case; `de-AT` finds `de` when the group has no `de-AT`): the same story, `Content-Location` saying which article answered. The public reads published translations only; a 404 names the languages there are.', examples: ['de', 'en'] }))
}, closed)

export const NewTranslation = Type.Object({
  language: Type.String({ ...languageTag, description: 'The new article\'s language: one its translation group has no article in yet.' }),
  title: Type.Optional(Article.properties.title),
  slug: Type.Optional(Article.properties.slug)
}, {
  ...closed,
  description: 'A translation to start: a draft in `language`, in the source\'s translation group, with a copy of its title (unless `title` is given), sections, metadata, authors, topics, credit and lead image, to translate in place. Without `slug`, one is made from the title.',
  examples: [{ language: 'en', title: 'Putin and Trump: a meeting for a ceasefire – hope for Ukraine!' }]
})

export const ArticlePatch = Type.Object({
  title: Type.Optional(Article.properties.title),
  slug: Type.Optional(Article.properties.slug),
  language: Type.Optional(Article.properties.language),
  originalLanguage: Type.Optional(Article.properties.originalLanguage),
  translation: Type.Optional(Nullable(ProvenancePatch)),
  direction: Type.Optional(Type.Unsafe<Direction | null>({ type: ['string', 'null'], enum: ['rtl', 'ltr', null], description: '`rtl` or `ltr`; `null` to follow the language again.' })),
  authors: Type.Optional(authorIds),
  topics: Type.Optional(topicIds),
  credit: Type.Optional(Article.properties.credit),
  image: Type.Optional(imageInput),
  translationOf: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200, description: 'Joins the translation group of the article this names (by id or slug): the article then tells that story in its own language, and the group may hold no other article in it. `null` leaves the group.' })))
}, {
  ...closed,
  minProperties: 1,
  description: 'A JSON merge patch (RFC 7396) of the article\'s own fields: those given replace the stored ones (`authors` and `topics` as whole lists, `image` whole; `translation` is merged field by field), `null` clears one that may be empty. `originalLanguage` and `translation.from` are one: setting either sets both, and `originalLanguage: null` clears the provenance too. Sections, metadata and status have endpoints of their own.',
  examples: [{ title: 'بوتين وترامب: اجتماع لوقف إطلاق النار' }]
})

export const PublishRequest = Type.Object({
  publishAt: Type.Optional(Type.String({ ...Timestamp, description: 'When to publish; now when left out or past. A future time schedules the article: it reads as `scheduled` until then, and as `published` from then on.' }))
}, { ...closed, examples: [{}, { publishAt: '2026-12-01T06:00:00.000Z' }] })
