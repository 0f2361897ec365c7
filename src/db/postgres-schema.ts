// The PostgreSQL tables: the same tables, names and constraints as sqlite-schema.ts (see there for what each column means), from which drizzle-kit generates migrations/postgres/.
import { sql } from 'drizzle-orm'
import { duplicateKey } from '../comments/duplicate-key.js'
import { bigint, boolean, check, customType, doublePrecision, index, integer, json, pgTable, primaryKey, text, uniqueIndex, type AnyPgColumn } from 'drizzle-orm/pg-core'

// Each column reads back as the same JavaScript value as its SQLite twin, so the shared
// repositories see no difference. Where the type differs from SQLite's it says why:
// - timestamps stay text (ISO 8601 UTC with milliseconds), served and sorted as they are stored;
// - SQLite's boolean-mode integers are `boolean`, which pg reads as true/false as Drizzle's mode does;
// - `real` is `double precision`: SQLite's REAL is 8 bytes, PostgreSQL's `real` only 4;
// - JSON-mode text is `json`, not `jsonb`: `json` keeps the text as written (key order,
//   duplicate keys, spacing), which is what SQLite hands back; `jsonb` reorders keys;
// - buffer-mode blobs are `bytea`, which pg reads as a Buffer.

/** Bytes in and out as a Buffer, like SQLite's blob in buffer mode (Drizzle's pg-core has no bytea column). */
const bytea = customType<{ data: Buffer, driverData: Buffer }>({
  dataType () {
    return 'bytea'
  }
})

export const articles = pgTable('articles', {
  id: text('id').primaryKey(),
  slug: text('slug').notNull(),
  title: text('title').notNull(),
  language: text('language').notNull(),
  originalLanguage: text('original_language'),
  direction: text('direction', { enum: ['rtl', 'ltr'] }).notNull(),
  status: text('status', { enum: ['draft', 'published', 'archived'] }).notNull(),
  publishedAt: text('published_at'),
  firstPublishedAt: text('first_published_at'),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
  version: integer('version').notNull().default(1),
  listed: boolean('listed').notNull().default(false),
  credit: text('credit'),
  imageId: text('image_id').references((): AnyPgColumn => media.id),
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
  // Scheduled publications still to be announced. SQLite's `listed = 0` is `listed = false`
  // here: PostgreSQL does not compare a boolean with an integer.
  index('articles_unlisted_published_idx').on(table.publishedAt).where(sql`${table.status} = 'published' and ${table.listed} = false`)
])

export const sections = pgTable('sections', {
  id: text('id').primaryKey(),
  articleId: text('article_id').notNull().references(() => articles.id, { onDelete: 'cascade' }),
  position: integer('position').notNull(),
  heading: text('heading'),
  blocks: json('blocks').notNull()
}, (table) => [
  uniqueIndex('sections_article_position_unique').on(table.articleId, table.position),
  check('sections_position_check', sql`${table.position} >= 1`)
])

export const media = pgTable('media', {
  id: text('id').primaryKey(),
  sha256: text('sha256').notNull(),
  type: text('type').notNull(),
  width: integer('width').notNull(),
  height: integer('height').notNull(),
  bytes: integer('bytes').notNull(),
  alt: json('alt').$type<Record<string, string>>().notNull(),
  caption: text('caption'),
  credit: text('credit'),
  copyrightNotice: text('copyright_notice'),
  placeholder: text('placeholder').notNull(),
  version: integer('version').notNull().default(1),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull()
}, (table) => [
  index('media_created_idx').on(table.createdAt, table.id),
  index('media_sha256_idx').on(table.sha256)
])

export const mediaRenditions = pgTable('media_renditions', {
  mediaId: text('media_id').notNull().references(() => media.id, { onDelete: 'cascade' }),
  width: integer('width').notNull(),
  format: text('format').notNull(),
  sha256: text('sha256').notNull(),
  bytes: integer('bytes').notNull(),
  createdAt: text('created_at').notNull()
}, (table) => [
  primaryKey({ columns: [table.mediaId, table.width, table.format] })
])

export const authors = pgTable('authors', {
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

export const topics = pgTable('topics', {
  id: text('id').primaryKey(),
  slug: text('slug').notNull(),
  names: json('names').$type<Record<string, string>>().notNull(),
  mediaTopic: text('media_topic'),
  version: integer('version').notNull().default(1),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull()
}, (table) => [
  uniqueIndex('topics_slug_unique').on(table.slug),
  index('topics_created_idx').on(table.createdAt, table.id)
])

export const articleAuthors = pgTable('article_authors', {
  articleId: text('article_id').notNull().references(() => articles.id, { onDelete: 'cascade' }),
  position: integer('position').notNull(),
  authorId: text('author_id').notNull().references(() => authors.id)
}, (table) => [
  primaryKey({ columns: [table.articleId, table.position] }),
  index('article_authors_author_idx').on(table.authorId, table.articleId)
])

export const articleTopics = pgTable('article_topics', {
  articleId: text('article_id').notNull().references(() => articles.id, { onDelete: 'cascade' }),
  position: integer('position').notNull(),
  topicId: text('topic_id').notNull().references(() => topics.id)
}, (table) => [
  primaryKey({ columns: [table.articleId, table.position] }),
  index('article_topics_topic_idx').on(table.topicId, table.articleId)
])

export const articleMedia = pgTable('article_media', {
  articleId: text('article_id').notNull().references(() => articles.id, { onDelete: 'cascade' }),
  mediaId: text('media_id').notNull().references(() => media.id)
}, (table) => [
  primaryKey({ columns: [table.articleId, table.mediaId] }),
  index('article_media_media_idx').on(table.mediaId, table.articleId)
])

// Ort: at most one place per article.
export const places = pgTable('places', {
  articleId: text('article_id').primaryKey().references(() => articles.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  names: json('names').$type<Record<string, string>>().notNull().default({}),
  locality: text('locality'),
  country: text('country'),
  countryCode: text('country_code'),
  latitude: doublePrecision('latitude'),
  longitude: doublePrecision('longitude'),
  localityKey: text('locality_key')
}, (table) => [
  index('places_country_code_idx').on(table.countryCode),
  index('places_locality_key_idx').on(table.localityKey),
  check('places_latitude_check', sql`${table.latitude} between -90 and 90`),
  check('places_longitude_check', sql`${table.longitude} between -180 and 180`)
])

// Quellen: an ordered list of sources per article.
export const sources = pgTable('sources', {
  id: text('id').primaryKey(),
  articleId: text('article_id').notNull().references(() => articles.id, { onDelete: 'cascade' }),
  position: integer('position').notNull(),
  name: text('name').notNull(),
  url: text('url'),
  publisher: text('publisher'),
  nameKey: text('name_key'),
  publisherKey: text('publisher_key')
}, (table) => [
  uniqueIndex('sources_article_position_unique').on(table.articleId, table.position),
  index('sources_name_key_idx').on(table.nameKey, table.articleId),
  index('sources_publisher_key_idx').on(table.publisherKey, table.articleId)
])

export const comments = pgTable('comments', {
  id: text('id').primaryKey(),
  articleId: text('article_id').notNull().references(() => articles.id, { onDelete: 'cascade' }),
  parentId: text('parent_id').references((): AnyPgColumn => comments.id),
  rootId: text('root_id'),
  depth: integer('depth').notNull().default(1),
  authorName: text('author_name').notNull(),
  authorEmail: text('author_email'),
  body: text('body').notNull(),
  status: text('status', { enum: ['pending', 'approved', 'rejected', 'spam'] }).notNull().default('pending'),
  createdAt: text('created_at').notNull(),
  clientHash: text('client_hash'),
  deletedAt: text('deleted_at'),
  searchTerms: text('search_terms')
}, (table) => [
  index('comments_article_status_created_idx').on(table.articleId, table.status, table.createdAt, table.id),
  index('comments_parent_idx').on(table.parentId, table.status),
  index('comments_root_idx').on(table.rootId, table.status),
  index('comments_status_created_idx').on(table.status, table.createdAt, table.id),
  index('comments_created_idx').on(table.createdAt, table.id),
  // The duplicate check: one client's comments on an article that begin with the same text.
  index('comments_duplicate_idx').on(duplicateKey(table.articleId, table.clientHash, table.body)),
  check('comments_status_check', sql`${table.status} in ('pending', 'approved', 'rejected', 'spam')`)
])

// API tokens: only a SHA-256 hash of each secret is kept.
export const tokens = pgTable('tokens', {
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

// Every accepted write to an article: revision N is the article at version N.
export const revisions = pgTable('revisions', {
  articleId: text('article_id').notNull().references(() => articles.id, { onDelete: 'cascade' }),
  number: integer('number').notNull(),
  createdAt: text('created_at').notNull(),
  author: text('author').notNull(),
  base: integer('base'),
  content: bytea('content'),
  snapshot: json('snapshot')
}, (table) => [
  primaryKey({ columns: [table.articleId, table.number] })
])

// The change feed. `seq` is a 64-bit identity, as SQLite's rowid is 64-bit, read as a
// number (exact up to 2^53, far beyond any newsroom's changes). BY DEFAULT rather than
// ALWAYS leaves room to assign the feed position explicitly, should the ordering under
// concurrent writers need it. `article_id` has no foreign key, as in SQLite.
export const changes = pgTable('changes', {
  seq: bigint('seq', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  type: text('type', { enum: ['article.published', 'article.updated', 'article.unpublished', 'article.archived', 'article.deleted', 'comment.approved', 'comment.removed'] }).notNull(),
  articleId: text('article_id').notNull(),
  commentId: text('comment_id'),
  version: integer('version'),
  at: text('at').notNull()
}, (table) => [
  index('changes_article_idx').on(table.articleId, table.seq),
  check('changes_type_check', sql`${table.type} in ('article.published', 'article.updated', 'article.unpublished', 'article.archived', 'article.deleted', 'comment.approved', 'comment.removed')`)
])

// Webhook subscriptions: where to send which change types.
export const webhooks = pgTable('webhooks', {
  id: text('id').primaryKey(),
  url: text('url').notNull(),
  events: json('events').$type<string[]>().notNull(),
  description: text('description'),
  active: boolean('active').notNull().default(true),
  secret: text('secret').notNull(),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull()
}, (table) => [
  index('webhooks_created_idx').on(table.createdAt, table.id)
])

// The webhook outbox: one row per change and subscription.
export const webhookDeliveries = pgTable('webhook_deliveries', {
  id: text('id').primaryKey(),
  webhookId: text('webhook_id').notNull().references(() => webhooks.id, { onDelete: 'cascade' }),
  // bigint, as the `changes.seq` it refers to.
  changeSeq: bigint('change_seq', { mode: 'number' }).notNull().references(() => changes.seq),
  body: text('body').notNull(),
  status: text('status', { enum: ['pending', 'succeeded', 'failed'] }).notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: text('next_attempt_at'),
  createdAt: text('created_at').notNull()
}, (table) => [
  uniqueIndex('webhook_deliveries_webhook_change_unique').on(table.webhookId, table.changeSeq),
  index('webhook_deliveries_due_idx').on(table.nextAttemptAt).where(sql`${table.status} = 'pending'`),
  check('webhook_deliveries_status_check', sql`${table.status} in ('pending', 'succeeded', 'failed')`)
])

// Every attempt to send a delivery.
export const webhookAttempts = pgTable('webhook_attempts', {
  deliveryId: text('delivery_id').notNull().references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
  number: integer('number').notNull(),
  at: text('at').notNull(),
  statusCode: integer('status_code'),
  error: text('error'),
  durationMs: integer('duration_ms').notNull()
}, (table) => [
  primaryKey({ columns: [table.deliveryId, table.number] })
])

// Seed data loaded into this database, each once.
export const seeds = pgTable('seeds', {
  name: text('name').primaryKey(),
  loadedAt: text('loaded_at').notNull()
})

export const searchDocuments = pgTable('search_documents', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  articleId: text('article_id').notNull().references(() => articles.id, { onDelete: 'cascade' })
}, (table) => [
  uniqueIndex('search_documents_article_unique').on(table.articleId)
])
