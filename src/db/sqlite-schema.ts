// The database tables: one Drizzle definition each, from which drizzle-kit generates migrations/.
import { sql } from 'drizzle-orm'
import { duplicateKey } from '../comments/duplicate-key.js'
import { blob, check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core'

// Timestamps are ISO 8601 UTC strings with milliseconds (`2025-03-23T00:00:00.000Z`):
// they read as they are served and sort as text in time order.

export const articles = sqliteTable('articles', {
  id: text('id').primaryKey(),
  slug: text('slug').notNull(),
  title: text('title').notNull(),
  language: text('language').notNull(),
  originalLanguage: text('original_language'),
  direction: text('direction', { enum: ['rtl', 'ltr'] }).notNull(),
  status: text('status', { enum: ['draft', 'published', 'archived'] }).notNull(),
  // The latest publication (moved by every publish); null for a draft.
  publishedAt: text('published_at'),
  // The first publication, kept through unpublishing and publishing again; null until the
  // article is first published (or scheduled to be, for a first publication still to come).
  firstPublishedAt: text('first_published_at'),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
  version: integer('version').notNull().default(1),
  // Whether the change feed last reported the article as public. Comparing it with what a
  // write leaves tells which change to record, and a scheduled article whose time has come
  // is one that is public but not yet listed.
  listed: integer('listed', { mode: 'boolean' }).notNull().default(false),
  // Agency copy that names no person ("dpa", "AFP/Reuters"), beside or instead of authors.
  credit: text('credit'),
  // The lead picture and what this article says under it (the picture's own caption otherwise).
  imageId: text('image_id').references((): AnySQLiteColumn => media.id),
  imageCaption: text('image_caption'),
  // The articles that tell the same story in other languages share this (the id of the group's first article); null alone.
  translationGroup: text('translation_group'),
  // How the article was translated from `original_language` (the provenance's `from`): null when not recorded.
  translationMethod: text('translation_method', { enum: ['machine', 'human', 'machine-post-edited'] }),
  // The machine translation engine, as the newsroom names it ("DeepL"), and when an editor reviewed the translation.
  translationEngine: text('translation_engine'),
  translationReviewedAt: text('translation_reviewed_at')
}, (table) => [
  uniqueIndex('articles_slug_unique').on(table.slug),
  // A group holds one article per language; an article's group is read by it.
  uniqueIndex('articles_translation_language_unique').on(table.translationGroup, sql`lower(${table.language})`),
  // The public list: published articles, newest first, with id as the tie-breaker.
  index('articles_status_published_idx').on(table.status, table.publishedAt, table.id),
  // The editors' list: every article, newest first, drafts never published last.
  index('articles_sorted_idx').on(sql`coalesce(${table.publishedAt}, '')`, table.id),
  // The lists by last change: the public's (published articles) and the editors' (every article).
  index('articles_status_updated_idx').on(table.status, table.updatedAt, table.id),
  index('articles_updated_idx').on(table.updatedAt, table.id),
  // The `language` filter, matched without regard to case, on the public list in publication order.
  index('articles_language_idx').on(sql`lower(${table.language})`, table.status, table.publishedAt, table.id),
  check('articles_direction_check', sql`${table.direction} in ('rtl', 'ltr')`),
  check('articles_status_check', sql`${table.status} in ('draft', 'published', 'archived')`),
  check('articles_version_check', sql`${table.version} >= 1`),
  check('articles_translation_method_check', sql`${table.translationMethod} in ('machine', 'human', 'machine-post-edited')`),
  // Scheduled publications still to be announced: a handful of rows, read by the sweeper.
  index('articles_unlisted_published_idx').on(table.publishedAt).where(sql`${table.status} = 'published' and ${table.listed} = 0`)
])

export const sections = sqliteTable('sections', {
  id: text('id').primaryKey(),
  articleId: text('article_id').notNull().references(() => articles.id, { onDelete: 'cascade' }),
  position: integer('position').notNull(),
  heading: text('heading'),
  // A JSON array of typed blocks, read and written whole with its section.
  blocks: text('blocks', { mode: 'json' }).notNull()
}, (table) => [
  uniqueIndex('sections_article_position_unique').on(table.articleId, table.position),
  check('sections_position_check', sql`${table.position} >= 1`)
])

// Pictures: each upload once, by id; its bytes live in the media store under `sha256`.
export const media = sqliteTable('media', {
  id: text('id').primaryKey(),
  // SHA-256 of the original upload, hex: where the store keeps it (content-addressed).
  sha256: text('sha256').notNull(),
  // The type judged from the bytes: image/jpeg, image/png, image/webp, image/avif or image/gif.
  type: text('type').notNull(),
  width: integer('width').notNull(),
  height: integer('height').notNull(),
  bytes: integer('bytes').notNull(),
  // A JSON object of alt texts by language tag (`{"ar": "…"}`).
  alt: text('alt', { mode: 'json' }).$type<Record<string, string>>().notNull(),
  caption: text('caption'),
  credit: text('credit'),
  copyrightNotice: text('copyright_notice'),
  // A ThumbHash of the picture, base64: a blurred preview frontends show while it loads.
  placeholder: text('placeholder').notNull(),
  version: integer('version').notNull().default(1),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull()
}, (table) => [
  index('media_created_idx').on(table.createdAt, table.id),
  index('media_sha256_idx').on(table.sha256)
])

// Renditions made so far: each width and format once, kept in the store and never made again.
export const mediaRenditions = sqliteTable('media_renditions', {
  mediaId: text('media_id').notNull().references(() => media.id, { onDelete: 'cascade' }),
  width: integer('width').notNull(),
  format: text('format').notNull(),
  // SHA-256 of the rendition's bytes, hex: its place in the store and its strong ETag.
  sha256: text('sha256').notNull(),
  bytes: integer('bytes').notNull(),
  createdAt: text('created_at').notNull()
}, (table) => [
  primaryKey({ columns: [table.mediaId, table.width, table.format] })
])

// People who write; `email` is for editors only.
export const authors = sqliteTable('authors', {
  id: text('id').primaryKey(),
  slug: text('slug').notNull(),
  name: text('name').notNull(),
  bio: text('bio'),
  url: text('url'),
  imageId: text('image_id').references(() => media.id),
  email: text('email'),
  version: integer('version').notNull().default(1),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull()
}, (table) => [
  uniqueIndex('authors_slug_unique').on(table.slug),
  index('authors_created_idx').on(table.createdAt, table.id),
  index('authors_image_idx').on(table.imageId)
])

// What articles are about, named in each language; optionally an IPTC Media Topic.
export const topics = sqliteTable('topics', {
  id: text('id').primaryKey(),
  slug: text('slug').notNull(),
  // A JSON object of names by language tag.
  names: text('names', { mode: 'json' }).$type<Record<string, string>>().notNull(),
  // An IPTC Media Topic code, `medtop:` and eight digits.
  mediaTopic: text('media_topic'),
  version: integer('version').notNull().default(1),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull()
}, (table) => [
  uniqueIndex('topics_slug_unique').on(table.slug),
  index('topics_created_idx').on(table.createdAt, table.id)
])

// An article's byline, in order. Authors in use cannot be deleted.
export const articleAuthors = sqliteTable('article_authors', {
  articleId: text('article_id').notNull().references(() => articles.id, { onDelete: 'cascade' }),
  position: integer('position').notNull(),
  authorId: text('author_id').notNull().references(() => authors.id)
}, (table) => [
  primaryKey({ columns: [table.articleId, table.position] }),
  // An author's articles, and whether an author is in use.
  index('article_authors_author_idx').on(table.authorId, table.articleId)
])

// An article's topics, in order. Topics in use cannot be deleted.
export const articleTopics = sqliteTable('article_topics', {
  articleId: text('article_id').notNull().references(() => articles.id, { onDelete: 'cascade' }),
  position: integer('position').notNull(),
  topicId: text('topic_id').notNull().references(() => topics.id)
}, (table) => [
  primaryKey({ columns: [table.articleId, table.position] }),
  index('article_topics_topic_idx').on(table.topicId, table.articleId)
])

// Every picture an article shows (its lead image and its image blocks), kept with each
// write of the article: what a picture's deletion is checked against, and what a read embeds.
export const articleMedia = sqliteTable('article_media', {
  articleId: text('article_id').notNull().references(() => articles.id, { onDelete: 'cascade' }),
  mediaId: text('media_id').notNull().references(() => media.id)
}, (table) => [
  primaryKey({ columns: [table.articleId, table.mediaId] }),
  index('article_media_media_idx').on(table.mediaId, table.articleId)
])

// Ort: at most one place per article.
export const places = sqliteTable('places', {
  articleId: text('article_id').primaryKey().references(() => articles.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  // A JSON object of the place's names by language tag, as written; `{}` for none.
  names: text('names', { mode: 'json' }).$type<Record<string, string>>().notNull().default({}),
  locality: text('locality'),
  country: text('country'),
  countryCode: text('country_code'),
  latitude: real('latitude'),
  longitude: real('longitude'),
  // The locality as the lists' `place` filter matches it: NFC, in lower case (src/metadata/match-key.ts).
  localityKey: text('locality_key')
}, (table) => [
  // The `place` filter: by country code or by locality.
  index('places_country_code_idx').on(table.countryCode),
  index('places_locality_key_idx').on(table.localityKey),
  check('places_latitude_check', sql`${table.latitude} between -90 and 90`),
  check('places_longitude_check', sql`${table.longitude} between -180 and 180`)
])

// Quellen: an ordered list of sources per article.
export const sources = sqliteTable('sources', {
  id: text('id').primaryKey(),
  articleId: text('article_id').notNull().references(() => articles.id, { onDelete: 'cascade' }),
  position: integer('position').notNull(),
  name: text('name').notNull(),
  url: text('url'),
  publisher: text('publisher'),
  // The name and publisher as the lists' `source` filter matches them: NFC, in lower case (src/metadata/match-key.ts).
  nameKey: text('name_key'),
  publisherKey: text('publisher_key')
}, (table) => [
  uniqueIndex('sources_article_position_unique').on(table.articleId, table.position),
  // The `source` filter: by name or by publisher.
  index('sources_name_key_idx').on(table.nameKey, table.articleId),
  index('sources_publisher_key_idx').on(table.publisherKey, table.articleId)
])

export const comments = sqliteTable('comments', {
  id: text('id').primaryKey(),
  articleId: text('article_id').notNull().references(() => articles.id, { onDelete: 'cascade' }),
  parentId: text('parent_id').references((): AnySQLiteColumn => comments.id),
  // The top-level comment of the thread (itself for a top-level one): a whole thread is one lookup.
  rootId: text('root_id'),
  // 1 for a top-level comment, 2 for a reply to it, and so on up to the documented limit.
  depth: integer('depth').notNull().default(1),
  authorName: text('author_name').notNull(),
  authorEmail: text('author_email'),
  body: text('body').notNull(),
  status: text('status', { enum: ['pending', 'approved', 'rejected', 'spam'] }).notNull().default('pending'),
  createdAt: text('created_at').notNull(),
  // A hash of the poster's address: enough to refuse the same comment twice, nothing more.
  clientHash: text('client_hash'),
  // Set when a comment with replies is deleted: its text goes, its place in the thread stays.
  deletedAt: text('deleted_at'),
  // The index terms of the author's name and the body, each between spaces, for the moderators' search
  // (src/search/words.ts); null until indexed.
  searchTerms: text('search_terms')
}, (table) => [
  // The public list (approved, oldest first) and the comment count both read this index alone.
  index('comments_article_status_created_idx').on(table.articleId, table.status, table.createdAt, table.id),
  // Reply counts.
  index('comments_parent_idx').on(table.parentId, table.status),
  index('comments_root_idx').on(table.rootId, table.status),
  // The moderation queue, newest first.
  index('comments_status_created_idx').on(table.status, table.createdAt, table.id),
  index('comments_created_idx').on(table.createdAt, table.id),
  // The duplicate check: one client's comments on an article that begin with the same text.
  index('comments_duplicate_idx').on(duplicateKey(table.articleId, table.clientHash, table.body)),
  check('comments_status_check', sql`${table.status} in ('pending', 'approved', 'rejected', 'spam')`)
])

// API tokens: only a SHA-256 hash of each secret is kept; the secret is shown once, at creation.
export const tokens = sqliteTable('tokens', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  role: text('role', { enum: ['admin', 'editor', 'moderator'] }).notNull(),
  secretHash: text('secret_hash').notNull(),
  createdAt: text('created_at').notNull(),
  revokedAt: text('revoked_at')
}, (table) => [
  uniqueIndex('tokens_secret_hash_unique').on(table.secretHash),
  index('tokens_created_idx').on(table.createdAt, table.id),
  check('tokens_role_check', sql`${table.role} in ('admin', 'editor', 'moderator')`)
])

// Every accepted write to an article, as the article became: revision N is the article at version N.
export const revisions = sqliteTable('revisions', {
  articleId: text('article_id').notNull().references(() => articles.id, { onDelete: 'cascade' }),
  number: integer('number').notNull(),
  createdAt: text('created_at').notNull(),
  author: text('author').notNull(),
  // The article's content (its fields, sections and metadata) as JSON, compressed: whole
  // (Brotli) in a key, where `base` is null, or deflated with the JSON of the key `base` as
  // dictionary, so that it costs about what the write changed. Rows written before
  // compression keep their content as JSON text in `snapshot` (and `content` null).
  base: integer('base'),
  content: blob('content', { mode: 'buffer' }),
  snapshot: text('snapshot', { mode: 'json' })
}, (table) => [
  primaryKey({ columns: [table.articleId, table.number] })
])

// The change feed: every change to public content, in commit order. Rows are never updated
// or deleted, and `seq` (AUTOINCREMENT) is never reused, so a partner's cursor stays valid.
// `article_id` has no foreign key: the record of a deletion outlives its article.
export const changes = sqliteTable('changes', {
  seq: integer('seq').primaryKey({ autoIncrement: true }),
  type: text('type', { enum: ['article.published', 'article.updated', 'article.unpublished', 'article.archived', 'article.deleted', 'comment.approved', 'comment.removed'] }).notNull(),
  articleId: text('article_id').notNull(),
  commentId: text('comment_id'),
  // The article's version after the change; null for comment changes.
  version: integer('version'),
  at: text('at').notNull()
}, (table) => [
  // Last-Modified of an article and what its comments show.
  index('changes_article_idx').on(table.articleId, table.seq),
  check('changes_type_check', sql`${table.type} in ('article.published', 'article.updated', 'article.unpublished', 'article.archived', 'article.deleted', 'comment.approved', 'comment.removed')`)
])

// Webhook subscriptions: where to send which change types. The signing secret is kept as
// it is (every delivery is signed with it) and shown to the API only once, at creation.
export const webhooks = sqliteTable('webhooks', {
  id: text('id').primaryKey(),
  url: text('url').notNull(),
  // A JSON array of change types, each once.
  events: text('events', { mode: 'json' }).$type<string[]>().notNull(),
  description: text('description'),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  secret: text('secret').notNull(),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull()
}, (table) => [
  index('webhooks_created_idx').on(table.createdAt, table.id)
])

// The webhook outbox: one row per change and subscription, queued in the change's own
// transaction. `body` holds the exact bytes every attempt sends; `id` is the `webhook-id`.
export const webhookDeliveries = sqliteTable('webhook_deliveries', {
  id: text('id').primaryKey(),
  webhookId: text('webhook_id').notNull().references(() => webhooks.id, { onDelete: 'cascade' }),
  changeSeq: integer('change_seq').notNull().references(() => changes.seq),
  body: text('body').notNull(),
  status: text('status', { enum: ['pending', 'succeeded', 'failed'] }).notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  // When the worker sends it next; null once it succeeded or failed for good.
  nextAttemptAt: text('next_attempt_at'),
  createdAt: text('created_at').notNull()
}, (table) => [
  // A subscription's deliveries, newest change first; and one delivery per change.
  uniqueIndex('webhook_deliveries_webhook_change_unique').on(table.webhookId, table.changeSeq),
  // What the worker sends next: pending deliveries by due time, a handful of rows.
  index('webhook_deliveries_due_idx').on(table.nextAttemptAt).where(sql`${table.status} = 'pending'`),
  check('webhook_deliveries_status_check', sql`${table.status} in ('pending', 'succeeded', 'failed')`)
])

// Every attempt to send a delivery: the receiver's status code, or why there was none.
export const webhookAttempts = sqliteTable('webhook_attempts', {
  deliveryId: text('delivery_id').notNull().references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
  number: integer('number').notNull(),
  at: text('at').notNull(),
  statusCode: integer('status_code'),
  error: text('error'),
  durationMs: integer('duration_ms').notNull()
}, (table) => [
  primaryKey({ columns: [table.deliveryId, table.number] })
])

// Seed data loaded into this database, each once: a start loads only what was never loaded,
// so deleting the seed article does not bring it back (nor a second `article.published`).
export const seeds = sqliteTable('seeds', {
  name: text('name').primaryKey(),
  loadedAt: text('loaded_at').notNull()
})

// Each article's entry in the full-text index, by a number: the index itself (article_search) is
// each engine's own, made by its own migration: an FTS5 table on SQLite, whose rows are keyed by
// integers, and a tsvector with a GIN index on PostgreSQL. src/search/ owns both.
export const searchDocuments = sqliteTable('search_documents', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  articleId: text('article_id').notNull().references(() => articles.id, { onDelete: 'cascade' })
}, (table) => [
  uniqueIndex('search_documents_article_unique').on(table.articleId)
])
