// Comments: what readers see of the approved comments on an article.
import { Type } from 'typebox'
import { NextCursor } from '../pagination.js'
import { Nullable, Timestamp, ref } from '../schema-helpers.js'

// An allowlist: the author's email and the moderation status are stored but never public.
export const Comment = Type.Object({
  id: Type.String({ description: 'Opaque, stable id.' }),
  parentId: Nullable(Type.String({ description: 'The comment this one replies to, or `null`.' })),
  authorName: Type.String({ description: 'The name the reader gave, as plain text.' }),
  body: Type.String({ description: 'The comment, as plain text: never HTML.' }),
  createdAt: Type.String({ ...Timestamp, description: 'When the comment was posted.' })
}, {
  $id: 'Comment',
  title: 'Comment',
  description: 'An approved reader comment.',
  examples: [{
    id: '0195c1a2-3b00-7c00-8000-000000000001',
    parentId: null,
    authorName: 'ليلى',
    body: 'شكرًا على هذا التقرير.',
    createdAt: '2025-03-23T09:30:00.000Z'
  }]
})

export const CommentPage = Type.Object({
  data: Type.Array(ref(Comment)),
  nextCursor: NextCursor,
  total: Type.Integer({ minimum: 0, description: 'Approved comments on the article, on all pages.' })
}, {
  $id: 'CommentPage',
  title: 'CommentPage',
  description: 'One page of an article\'s approved comments, oldest first.',
  // The seed article has no comments yet ("Kommentare (0)").
  examples: [{ data: [], nextCursor: null, total: 0 }]
})
