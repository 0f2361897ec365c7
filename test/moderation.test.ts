// Moderation: the queue, status changes, deletion with tombstones, threads, and counts after each change.
import t from 'tap'
import { addArticle, addComment, adminToken, bearer, build, seedId, tokenFor } from './helper.js'

const commentsUrl = `/v1/articles/${seedId}/comments`

t.test('the queue: newest first, by status and article, with emails; moderators and admins only', async (t) => {
  const app = await build(t)
  const moderator = await tokenFor(app, 'moderator')
  const other = await addArticle(app)
  const a = await addComment(app, { articleId: seedId, status: 'pending', authorEmail: 'a@example.org' })
  const b = await addComment(app, { articleId: other.id, status: 'pending' })
  const c = await addComment(app, { articleId: seedId, status: 'spam' })
  const d = await addComment(app, { articleId: seedId, status: 'approved' })

  const all = await app.inject({ method: 'GET', url: '/v1/comments', headers: bearer(moderator) })
  t.equal(all.statusCode, 200)
  t.same(all.json().data.map((comment: { id: string }) => comment.id), [d.id, c.id, b.id, a.id])
  const pending = await app.inject({ method: 'GET', url: '/v1/comments?status=pending', headers: bearer(moderator) })
  t.same(pending.json().data.map((comment: { id: string }) => comment.id), [b.id, a.id])
  t.match(pending.json().data[1], { id: a.id, articleId: seedId, authorEmail: 'a@example.org', status: 'pending', deleted: false })
  const onSeed = await app.inject({ method: 'GET', url: `/v1/comments?status=pending&article=${seedId}`, headers: bearer(adminToken) })
  t.same(onSeed.json().data.map((comment: { id: string }) => comment.id), [a.id])

  const first = await app.inject({ method: 'GET', url: '/v1/comments?limit=3', headers: bearer(moderator) })
  t.equal(first.json().data.length, 3)
  const next = await app.inject({ method: 'GET', url: '/v1/comments', query: { limit: '3', cursor: first.json().nextCursor }, headers: bearer(moderator) })
  t.same(next.json(), { data: [{ id: a.id, articleId: seedId, parentId: null, authorName: 'Reader', authorEmail: 'a@example.org', body: 'A comment.', status: 'pending', createdAt: a.createdAt, deleted: false }], nextCursor: null })

  t.equal((await app.inject({ method: 'GET', url: '/v1/comments' })).statusCode, 401)
  t.equal((await app.inject({ method: 'GET', url: '/v1/comments', headers: bearer(await tokenFor(app, 'editor')) })).statusCode, 403)
  t.equal((await app.inject({ method: 'GET', url: '/v1/comments?status=hidden', headers: bearer(moderator) })).statusCode, 400)
})

t.test('moderating and deleting need a moderator or admin', async (t) => {
  const app = await build(t)
  const comment = await addComment(app, { articleId: seedId, status: 'pending' })
  for (const [method, payload] of [['PATCH', { status: 'approved' }], ['DELETE', undefined]] as const) {
    const url = `/v1/comments/${comment.id}`
    t.equal((await app.inject({ method, url, payload })).statusCode, 401, `${method} anonymous`)
    t.equal((await app.inject({ method, url, payload, headers: bearer(await tokenFor(app, 'editor')) })).statusCode, 403, `${method} editor`)
  }
  t.equal((await app.inject({ method: 'PATCH', url: `/v1/comments/${comment.id}`, payload: { status: 'approved' }, headers: bearer(adminToken) })).statusCode, 200, 'admin')
  t.equal((await app.inject({ method: 'PATCH', url: '/v1/comments/nope', payload: { status: 'approved' }, headers: bearer(adminToken) })).statusCode, 404)
  t.equal((await app.inject({ method: 'PATCH', url: `/v1/comments/${comment.id}`, payload: { status: 'gone' }, headers: bearer(adminToken) })).statusCode, 400)
})

t.test('the comment count, and the article ETag, follow every approve, reject and delete', async (t) => {
  const app = await build(t)
  const moderator = await tokenFor(app, 'moderator')
  const article = async () => {
    const response = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}` })
    const list = await app.inject({ method: 'GET', url: '/v1/articles' })
    const comments = await app.inject({ method: 'GET', url: commentsUrl })
    return { count: response.json().commentCount, etag: response.headers.etag, listed: list.json().data[0].commentCount, total: comments.json().total }
  }
  const ids: string[] = []
  for (let i = 0; i < 3; i++) {
    ids.push((await app.inject({ method: 'POST', url: commentsUrl, payload: { authorName: 'x', body: `c${i}` } })).json().id)
  }
  t.same(await article(), { count: 0, etag: '"v1-c0"', listed: 0, total: 0 }, 'pending comments do not count')
  const set = (id: string | undefined, status: string) => app.inject({ method: 'PATCH', url: `/v1/comments/${id}`, headers: bearer(moderator), payload: { status } })
  await set(ids[0], 'approved')
  await set(ids[1], 'approved')
  t.same(await article(), { count: 2, etag: '"v1-c2"', listed: 2, total: 2 })
  await set(ids[1], 'rejected')
  t.same(await article(), { count: 1, etag: '"v1-c1"', listed: 1, total: 1 })
  await set(ids[2], 'spam')
  t.same(await article(), { count: 1, etag: '"v1-c1"', listed: 1, total: 1 })
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/comments/${ids[0]}`, headers: bearer(moderator) })).statusCode, 204)
  t.same(await article(), { count: 0, etag: '"v1-c0"', listed: 0, total: 0 })
  const editorWrite = await app.inject({ method: 'PATCH', url: `/v1/articles/${seedId}`, headers: { ...bearer(await tokenFor(app, 'editor')), 'if-match': '"v1-c2"' }, payload: { title: 'عنوان' } })
  t.equal(editorWrite.statusCode, 200, 'an ETag read before comments changed still names the version')
})

t.test('threads: replies nested under their comment, paginated by top-level comment', async (t) => {
  const app = await build(t, { commentsAutoApprove: true })
  const post = async (body: string, parentId?: string) => (await app.inject({ method: 'POST', url: commentsUrl, payload: { authorName: 'R', body, ...(parentId && { parentId }) } })).json()
  const one = await post('one')
  const oneA = await post('one-a', one.id)
  const oneA1 = await post('one-a-1', oneA.id)
  const oneB = await post('one-b', one.id)
  const two = await post('two')
  const three = await post('three')

  const flat = await app.inject({ method: 'GET', url: commentsUrl })
  t.same(flat.json().data.map((comment: { body: string, replyCount: number }) => [comment.body, comment.replyCount]), [['one', 2], ['one-a', 1], ['one-a-1', 0], ['one-b', 0], ['two', 0], ['three', 0]])
  t.equal(flat.json().total, 6)

  const page = await app.inject({ method: 'GET', url: `${commentsUrl}?thread=true&limit=2` })
  t.equal(page.statusCode, 200)
  const shape = (comment: { id: string, replies?: unknown[] }): unknown => ({ id: comment.id, replies: (comment.replies ?? []).map((reply) => shape(reply as { id: string })) })
  t.same(page.json().data.map(shape), [
    { id: one.id, replies: [{ id: oneA.id, replies: [{ id: oneA1.id, replies: [] }] }, { id: oneB.id, replies: [] }] },
    { id: two.id, replies: [] }
  ])
  t.equal(page.json().total, 6)
  const rest = await app.inject({ method: 'GET', url: commentsUrl, query: { thread: 'true', limit: '2', cursor: page.json().nextCursor } })
  t.same(rest.json().data.map(shape), [{ id: three.id, replies: [] }])
  t.equal(rest.json().nextCursor, null)
})

t.test('deleting a comment with replies leaves a tombstone; without replies it goes', async (t) => {
  const app = await build(t, { commentsAutoApprove: true })
  const moderator = await tokenFor(app, 'moderator')
  const post = async (body: string, parentId?: string) => (await app.inject({ method: 'POST', url: commentsUrl, payload: { authorName: 'Named', body, authorEmail: 'x@example.org', ...(parentId && { parentId }) } })).json()
  const parent = await post('parent')
  const reply = await post('reply', parent.id)
  const lonely = await post('lonely')

  t.equal((await app.inject({ method: 'DELETE', url: `/v1/comments/${parent.id}`, headers: bearer(moderator) })).statusCode, 204)
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/comments/${lonely.id}`, headers: bearer(moderator) })).statusCode, 204)
  const thread = await app.inject({ method: 'GET', url: `${commentsUrl}?thread=true` })
  t.same(thread.json(), {
    data: [{
      id: parent.id,
      parentId: null,
      authorName: null,
      body: null,
      createdAt: parent.createdAt,
      deleted: true,
      replyCount: 1,
      replies: [{ id: reply.id, parentId: parent.id, authorName: 'Named', body: 'reply', createdAt: reply.createdAt, deleted: false, replyCount: 0, replies: [] }]
    }],
    nextCursor: null,
    total: 1
  })
  const queue = await app.inject({ method: 'GET', url: '/v1/comments', headers: bearer(moderator) })
  t.match(queue.json().data.find((comment: { id: string }) => comment.id === parent.id), { deleted: true, authorName: null, authorEmail: null, body: null })
  t.notOk(queue.json().data.some((comment: { id: string }) => comment.id === lonely.id))
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/comments/${lonely.id}`, headers: bearer(moderator) })).statusCode, 404)
  const toTombstone = await app.inject({ method: 'POST', url: commentsUrl, payload: { authorName: 'x', body: 'y', parentId: parent.id } })
  t.equal(toTombstone.statusCode, 400, 'no new replies to a deleted comment')
})
