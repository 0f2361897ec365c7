// Comments: what readers post and see, and what moderators see of them.
import { Type, type Static, type TSchema } from 'typebox'
import { ArticleParams } from '../articles/params.js'
import { NextCursor, PageQuery } from '../pagination.js'
import { maxQueryLength } from '../search/query.js'
import { Defaulted, Nullable, StringEnum, Timestamp, closed, ref } from '../schema-helpers.js'

/** How deep replies nest: a top-level comment is 1, a reply to it 2, a reply to that 3. */
export const MAX_DEPTH = 3

export const CommentStatus = StringEnum(['pending', 'approved', 'rejected', 'spam'], {
  description: 'Only `approved` comments are public. New comments are `pending` unless the server approves them at once.'
})

// Text is trimmed before it is checked, so white space alone is refused: `\S` says so to clients.
const authorName = Type.String({ minLength: 1, maxLength: 80, pattern: '\\S', description: 'The name the reader gave, as plain text (1–80 characters, not only white space).' })
const body = Type.String({ minLength: 1, maxLength: 5000, pattern: '\\S', description: 'The comment, as plain text (1–5,000 characters, not only white space): never HTML, shown exactly as stored.' })

// An allowlist: the author's email and the moderation status are stored but never public.
const commentFields = {
  id: Type.String({ description: 'Opaque, stable id.' }),
  parentId: Nullable(Type.String({ description: 'The comment this one replies to, or `null`.' })),
  authorName: Nullable({ ...authorName, description: 'The name the reader gave; `null` once the comment is deleted.' }),
  body: Nullable({ ...body, description: 'The comment as plain text; `null` once the comment is deleted.' }),
  createdAt: Type.String({ ...Timestamp, description: 'When the comment was posted.' }),
  deleted: Type.Boolean({ description: '`true` for a deleted comment that had replies: it stays, without name or text, so that the thread still reads.' }),
  replyCount: Type.Integer({ minimum: 0, description: 'Approved direct replies.' })
}

function repliesOf (model: TSchema) {
  return Type.Optional(Type.Array(ref(model), {
    description: 'With `thread=true` only: the approved replies, oldest first, each with its own.'
  }))
}

// A thread is published level by level, one shape per depth (MAX_DEPTH of them), not as a
// recursive `$ref`: replies nest at most that deep, and some client generators refuse recursion.
export const CommentReplyToReply = Type.Object(commentFields, {
  $id: 'CommentReplyToReply',
  title: 'CommentReplyToReply',
  description: `A reply to a reply, in a thread: the deepest level (${MAX_DEPTH}), so it has no replies.`
})

export const CommentReply = Type.Object({ ...commentFields, replies: repliesOf(CommentReplyToReply) }, {
  $id: 'CommentReply',
  title: 'CommentReply',
  description: 'A reply to a top-level comment, in a thread.'
})

export const Comment = Type.Object({ ...commentFields, replies: repliesOf(CommentReply) }, {
  $id: 'Comment',
  title: 'Comment',
  description: `An approved reader comment, or the tombstone of a deleted one. Replies nest at most ${MAX_DEPTH} deep.`,
  examples: [{
    id: '0195c1a2-3b00-7c00-8000-000000000001',
    parentId: null,
    authorName: 'ليلى',
    body: 'شكرًا على هذا التقرير. هل سيحضر Witkoff الاجتماع؟',
    createdAt: '2025-03-23T09:30:00.000Z',
    deleted: false,
    replyCount: 0
  }]
})

export type CommentBody = Static<typeof Comment>

export const CommentPage = Type.Object({
  data: Type.Array(ref(Comment)),
  nextCursor: NextCursor,
  total: Type.Integer({ minimum: 0, description: 'Approved comments on the article, on all pages (tombstones not counted).' })
}, {
  $id: 'CommentPage',
  title: 'CommentPage',
  description: 'One page of an article\'s approved comments, oldest first; with `thread=true`, one page of threads.',
  // The seed article has no comments yet ("Kommentare (0)").
  examples: [{ data: [], nextCursor: null, total: 0 }]
})

export const CommentQuery = Type.Object({
  ...PageQuery.properties,
  thread: Defaulted(Type.Boolean({ default: false, description: 'Return threads: top-level comments (paginated) with their replies nested under `replies`.' }))
}, closed)

export const NewComment = Type.Object({
  authorName,
  body,
  authorEmail: Type.Optional(Type.String({ format: 'email', maxLength: 254, description: 'Never shown publicly; moderators see it.' })),
  parentId: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: `An approved comment of the same article to reply to; replies nest at most ${MAX_DEPTH} deep.` }))
}, {
  ...closed,
  description: 'A reader\'s comment. Text is stored as plain text: normalized to NFC, CR LF folded to LF, trimmed of white space. Direction marks (U+200E, U+200F, U+061C) are kept; bidirectional overrides and isolates and other control characters (but newline and tab) are refused.',
  examples: [{ authorName: 'ليلى', body: 'شكرًا على هذا التقرير.\nهل سيحضر Witkoff الاجتماع؟', authorEmail: 'leila@example.org' }]
})

export const ModeratedComment = Type.Object({
  id: Comment.properties.id,
  articleId: Type.String({ description: 'The article commented on.' }),
  parentId: Comment.properties.parentId,
  authorName: Comment.properties.authorName,
  authorEmail: Nullable(Type.String({ description: 'The address the reader gave, if any.' })),
  body: Comment.properties.body,
  status: CommentStatus,
  createdAt: Comment.properties.createdAt,
  deleted: Comment.properties.deleted
}, {
  $id: 'ModeratedComment',
  title: 'ModeratedComment',
  description: 'A comment as moderators see it: any status, with the author\'s email.',
  examples: [{
    id: '0195c1a2-3b00-7c00-8000-000000000001',
    articleId: '0195c04c-9800-7843-93ad-d8c489d33569',
    parentId: null,
    authorName: 'ليلى',
    authorEmail: 'leila@example.org',
    body: 'شكرًا على هذا التقرير. هل سيحضر Witkoff الاجتماع؟',
    status: 'pending',
    createdAt: '2025-03-23T09:30:00.000Z',
    deleted: false
  }]
})

export type ModeratedCommentBody = Static<typeof ModeratedComment>

export const ModerationPage = Type.Object({
  data: Type.Array(ref(ModeratedComment)),
  nextCursor: NextCursor
}, { $id: 'ModerationPage', title: 'ModerationPage', description: 'One page of the moderation queue, newest first.' })

export const ModerationQuery = Type.Object({
  ...PageQuery.properties,
  status: Type.Optional(CommentStatus),
  article: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: 'Only comments on this article (id).' })),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: maxQueryLength, description: 'Only comments whose author\'s name or text holds every word, matched as article search matches (case, diacritics, tashkeel, tatweel and the forms of alef ignored, light stemming; `"a phrase"`, `prefix*`, `-excluded`).', examples: ['ويتكوف', '"رجل سيء"'] }))
}, closed)

export const CommentStatusChange = Type.Object({
  status: CommentStatus
}, { ...closed, examples: [{ status: 'approved' }] })

export const CommentParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 100, description: 'The comment id.', examples: ['0195c1a2-3b00-7c00-8000-000000000001'] })
}, closed)

export const ArticleCommentParams = Type.Object({
  ...ArticleParams.properties,
  commentId: Type.String({ minLength: 1, maxLength: 100, description: 'The comment id (the seed article has none: post one first).', examples: ['0195c1a2-3b00-7c00-8000-000000000001'] })
}, closed)
