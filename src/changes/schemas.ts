// The change feed: what partners replay to mirror our public content, deletions included.
import { Type, type Static } from 'typebox'
import { Defaulted, Nullable, StringEnum, Timestamp, closed, ref } from '../schema-helpers.js'

export const ChangeTypeName = StringEnum(['article.published', 'article.updated', 'article.unpublished', 'article.archived', 'article.deleted', 'comment.approved', 'comment.removed'], {
  description: 'What happened. `article.published`: the article became public (fetch it). `article.updated`: a public article changed (fetch it again). `article.unpublished`, `article.archived`, `article.deleted`: it is no longer public (drop it). `comment.approved`, `comment.removed`: a comment of a public article appeared or went (fetch its comments again).'
})

export type ChangeType = Static<typeof ChangeTypeName>

const exampleChange = {
  seq: 1,
  type: 'article.published',
  articleId: '0195c04c-9800-7843-93ad-d8c489d33569',
  commentId: null,
  version: 1,
  at: '2026-11-29T08:00:00.000Z'
}

export const Change = Type.Object({
  seq: Type.Integer({ minimum: 1, description: 'Position in the feed: grows with every change, in commit order, and is never reused.' }),
  type: ChangeTypeName,
  articleId: Type.String({ description: 'The article the change is about. It may no longer exist (`article.deleted`).' }),
  commentId: Nullable(Type.String({ description: 'The comment, for `comment.*` changes; `null` otherwise.' })),
  version: Nullable(Type.Integer({ minimum: 1, description: 'The article\'s version after the change, for `article.*` changes; `null` for comment changes.' })),
  at: Type.String({ ...Timestamp, description: 'When the change was committed.' })
}, {
  $id: 'Change',
  title: 'Change',
  description: 'One change to public content.',
  examples: [exampleChange]
})

export type ChangeBody = Static<typeof Change>

export const ChangePage = Type.Object({
  data: Type.Array(ref(Change), { description: 'Changes after `since`, oldest first.' }),
  nextCursor: Type.String({ description: 'Pass as `since` to continue after the last change here. Present even when `data` is empty: it is where new changes will appear.' })
}, {
  $id: 'ChangePage',
  title: 'Change page',
  description: 'A page of the change feed.',
  examples: [{ data: [exampleChange], nextCursor: 'WyJjaGFuZ2VzIiwiMSJd' }]
})

export const ChangesQuery = Type.Object({
  since: Type.Optional(Type.String({
    minLength: 1,
    maxLength: 500,
    description: 'The `nextCursor` of your last page. Omit it to start from the beginning of the feed. Opaque; it survives restarts.'
  })),
  limit: Defaulted(Type.Integer({ minimum: 1, maximum: 1000, default: 100, description: 'Changes per page, 1 to 1000.' }))
}, closed)
