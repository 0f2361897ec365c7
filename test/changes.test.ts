import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { adminToken, bearer, build, createDraft, seedId, tokenFor } from './helper.js'
import { testDatabaseUrl, testEngine } from './databases.js'
import type { App } from '../src/app.js'

interface Change { seq: number, type: string, articleId: string, commentId: string | null, version: number | null, at: string, takedown: boolean }

async function changesSince (app: App, since?: string) {
  const response = await app.inject({ method: 'GET', url: '/v1/changes', query: since === undefined ? {} : { since } })
  if (response.statusCode !== 200) throw new Error(`GET /v1/changes: ${response.statusCode} ${response.body}`)
  return response.json() as { data: Change[], nextCursor: string }
}

/** The changes after a cursor, as `type article` pairs, and where to go on from. */
async function typesSince (app: App, since: string) {
  const page = await changesSince(app, since)
  return { types: page.data.map((change) => change.type), page }
}

async function write (app: App, token: string, method: 'POST' | 'PATCH' | 'DELETE', url: string, etag: string, payload?: object) {
  const response = await app.inject({ method, url, headers: { ...bearer(token), 'if-match': etag }, ...(payload && { payload }) })
  if (response.statusCode >= 300) throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`)
  return String(response.headers.etag)
}

t.test('the seed\'s publication opens the feed, which revalidates on every request', async (t) => {
  const app = await build(t)
  const response = await app.inject({ method: 'GET', url: '/v1/changes' })
  t.equal(response.statusCode, 200)
  t.equal(response.headers['content-type'], 'application/json; charset=utf-8')
  t.equal(response.headers['cache-control'], 'no-cache')
  t.match(response.headers.etag, /^"[^"]+"$/)
  const page = response.json()
  t.same(page.data, [{ seq: 1, type: 'article.published', articleId: seedId, commentId: null, version: 1, at: page.data[0].at, takedown: false }])
  t.ok(Date.parse(page.data[0].at) > 0)

  const again = await app.inject({ method: 'GET', url: '/v1/changes', headers: { 'if-none-match': String(response.headers.etag) } })
  t.equal(again.statusCode, 304)
  t.equal(again.headers['cache-control'], 'no-cache')

  const nothingNew = await changesSince(app, page.nextCursor)
  t.same(nothingNew, { data: [], nextCursor: page.nextCursor, caughtUp: true }, 'at the end, nextCursor stays where it was')
})

t.test('every public change is recorded in order; drafts are nobody\'s business', async (t) => {
  const app = await build(t, { commentsAutoApprove: false })
  const editor = await tokenFor(app, 'editor')
  const moderator = await tokenFor(app, 'moderator')
  const start = (await changesSince(app)).nextCursor

  const { article, etag: created } = await createDraft(app, editor)
  const url = `/v1/articles/${article.id}`
  const draftEdit = await write(app, editor, 'PATCH', url, created, { title: 'Still a draft' })
  t.same((await typesSince(app, start)).types, [], 'creating and editing a draft changes nothing public')

  const published = await write(app, editor, 'POST', `${url}/publish`, draftEdit)
  const edited = await write(app, editor, 'PATCH', url, published, { title: 'Ceasefire talks resume' })
  const posted = await app.inject({ method: 'POST', url: `${url}/comments`, payload: { authorName: 'Lina', body: 'Finally.' } })
  const commentId = posted.json().id
  t.same((await typesSince(app, start)).types, ['article.published', 'article.updated'], 'a pending comment is not public')

  await app.inject({ method: 'PATCH', url: `/v1/comments/${commentId}`, headers: bearer(moderator), payload: { status: 'approved' } })
  await app.inject({ method: 'PATCH', url: `/v1/comments/${commentId}`, headers: bearer(moderator), payload: { status: 'approved' } })
  await app.inject({ method: 'DELETE', url: `/v1/comments/${commentId}`, headers: bearer(moderator) })
  const unpublished = await write(app, editor, 'POST', `${url}/unpublish`, edited)
  const republished = await write(app, editor, 'POST', `${url}/publish`, unpublished)
  const archived = await write(app, editor, 'POST', `${url}/archive`, republished)
  await write(app, editor, 'DELETE', url, archived)

  const { page } = await typesSince(app, start)
  t.same(page.data.map(({ type, articleId, commentId, version, takedown }) => ({ type, articleId, commentId, version, takedown })), [
    { type: 'article.published', articleId: article.id, commentId: null, version: 3, takedown: false },
    { type: 'article.updated', articleId: article.id, commentId: null, version: 4, takedown: false },
    { type: 'comment.approved', articleId: article.id, commentId, version: null, takedown: false },
    { type: 'comment.removed', articleId: article.id, commentId, version: null, takedown: false },
    { type: 'article.unpublished', articleId: article.id, commentId: null, version: 5, takedown: true },
    { type: 'article.updated', articleId: article.id, commentId: null, version: 6, takedown: false },
    { type: 'article.archived', articleId: article.id, commentId: null, version: 7, takedown: true }
  ], 'approving twice is one change; publishing again is an update; deleting an archived article is no public change')
  const seqs = page.data.map((change) => change.seq)
  t.same(seqs, [...seqs].sort((a, b) => a - b), 'in commit order')

  const seedEtag = String((await app.inject({ method: 'GET', url: `/v1/articles/${seedId}` })).headers.etag)
  await write(app, editor, 'DELETE', `/v1/articles/${seedId}`, seedEtag)
  t.match((await changesSince(app, page.nextCursor)).data, [{ type: 'article.deleted', articleId: seedId, version: 1, takedown: true }])
})

t.test('a write that fails records nothing', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const start = (await changesSince(app)).nextCursor
  const stale = await app.inject({ method: 'PATCH', url: `/v1/articles/${seedId}`, headers: { ...bearer(editor), 'if-match': '"v9-c0"' }, payload: { title: 'Lost' } })
  t.equal(stale.statusCode, 412)
  const { article: draft } = await createDraft(app, editor)
  const taken = await app.inject({ method: 'PATCH', url: `/v1/articles/${seedId}`, headers: { ...bearer(editor), 'if-match': '"v1-c0"' }, payload: { slug: draft.slug } })
  t.equal(taken.statusCode, 409)
  t.same((await changesSince(app, start)).data, [])
})

t.test('a scheduled article is announced by the sweeper when its time comes', async (t) => {
  const app = await build(t, { sweepIntervalMs: 50 })
  const editor = await tokenFor(app, 'editor')
  const start = (await changesSince(app)).nextCursor
  const { article, etag } = await createDraft(app, editor)
  const publishAt = new Date(Date.now() + 3000).toISOString()
  await write(app, editor, 'POST', `/v1/articles/${article.id}/publish`, etag, { publishAt })
  t.same((await changesSince(app, start)).data, [], 'not before its time')

  let changes: Change[] = []
  for (let tries = 0; changes.length === 0 && tries < 200; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 50))
    changes = (await changesSince(app, start)).data
  }
  t.match(changes, [{ type: 'article.published', articleId: article.id, version: 2 }])
  t.ok(changes[0] && changes[0].at >= publishAt, 'recorded once its time had come')
})

t.test('replaying the feed into an empty mirror gives exactly the published articles', async (t) => {
  const app = await build(t, { commentsAutoApprove: true })
  const editor = await tokenFor(app, 'editor')
  const etags = new Map<string, string>()
  for (const title of ['One', 'Two', 'Three', 'Four']) {
    const { article, etag } = await createDraft(app, editor, { title })
    etags.set(article.id, await write(app, editor, 'POST', `/v1/articles/${article.id}/publish`, etag))
  }
  const [one, two, three] = [...etags.keys()] as [string, string, string]
  etags.set(one, await write(app, editor, 'PATCH', `/v1/articles/${one}`, etags.get(one) as string, { title: 'One, changed' }))
  await write(app, editor, 'POST', `/v1/articles/${two}/unpublish`, etags.get(two) as string)
  await write(app, editor, 'DELETE', `/v1/articles/${three}`, etags.get(three) as string)
  await app.inject({ method: 'POST', url: `/v1/articles/${one}/comments`, payload: { authorName: 'Lina', body: 'Good.' } })
  await createDraft(app, editor, { title: 'Never published' })

  // The mirror: fetch what is published or updated, drop what goes, a page of 2 at a time.
  const mirror = new Map<string, unknown>()
  let since: string | undefined
  for (;;) {
    const response = await app.inject({ method: 'GET', url: '/v1/changes', query: { limit: '2', ...(since && { since }) } })
    const page = response.json() as { data: Change[], nextCursor: string }
    for (const change of page.data) {
      if (change.type === 'article.published' || change.type === 'article.updated' || change.type.startsWith('comment.')) {
        const article = await app.inject({ method: 'GET', url: `/v1/articles/${change.articleId}` })
        if (article.statusCode === 200) mirror.set(change.articleId, article.json())
      } else {
        mirror.delete(change.articleId)
      }
    }
    if (page.data.length === 0) break
    since = page.nextCursor
  }

  const list = (await app.inject({ method: 'GET', url: '/v1/articles', query: { limit: '100' } })).json().data as Array<{ id: string }>
  t.same([...mirror.keys()].sort(), list.map((article) => article.id).sort())
  for (const { id } of list) t.same(mirror.get(id), (await app.inject({ method: 'GET', url: `/v1/articles/${id}` })).json(), `${id} mirrored exactly`)
  t.match(mirror.get(one), { title: 'One, changed', commentCount: 1 })
})

t.test('bad cursors are 400s that say to replay from the start', async (t) => {
  const app = await build(t)
  const articlesCursor = (await app.inject({ method: 'GET', url: '/v1/articles', query: { limit: '1' } })).json().nextCursor
  const ahead = Buffer.from(JSON.stringify(['changes', '999'])).toString('base64url')
  for (const [since, why] of [['not a cursor', 'it is not a cursor of this feed'], [articlesCursor, 'it is not a cursor of this feed'], [ahead, 'it is ahead of this feed, so it was issued by another database']]) {
    const response = await app.inject({ method: 'GET', url: '/v1/changes', query: { since } })
    t.equal(response.statusCode, 400)
    t.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8')
    t.match(response.json(), {
      type: '/problems/invalid-cursor',
      status: 400,
      detail: `Query parameter "since" is invalid: ${why}. Replay the feed from the start: request it without "since", rebuild your mirror from what it lists and follow "nextCursor".`
    })
  }
  t.equal((await app.inject({ method: 'GET', url: '/v1/changes', query: { limit: '1001' } })).statusCode, 400)
})

t.test('cursors survive a restart', async (t) => {
  const folder = mkdtempSync(join(tmpdir(), 'changes-'))
  t.teardown(() => rmSync(folder, { recursive: true, force: true }))
  const databaseUrl = testEngine === 'sqlite' ? `file:${join(folder, 'cms.db')}` : await testDatabaseUrl(t)
  const first = await build(t, { databaseUrl })
  const cursor = (await changesSince(first)).nextCursor
  await first.close()

  const second = await build(t, { databaseUrl })
  const { etag } = await createDraft(second, adminToken, { title: 'After the restart' }).then(async ({ article, etag }) => ({ article, etag: await write(second, adminToken, 'POST', `/v1/articles/${article.id}/publish`, etag) }))
  t.ok(etag)
  t.match((await changesSince(second, cursor)).data, [{ seq: 2, type: 'article.published' }])
})

t.test('caughtUp says whether a page reached the end of the feed, without an empty page to tell', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  for (const title of ['One', 'Two']) {
    const { article, etag } = await createDraft(app, editor, { title })
    await write(app, editor, 'POST', `/v1/articles/${article.id}/publish`, etag)
  }
  const pages = []
  let since: string | undefined
  for (let page = 0; page < 3; page++) {
    const response = await app.inject({ method: 'GET', url: '/v1/changes', query: { limit: '2', ...(since !== undefined && { since }) } })
    const body = response.json()
    pages.push([body.data.length, body.caughtUp])
    since = body.nextCursor
  }
  t.same(pages, [[2, false], [1, true], [0, true]], 'three changes by two: a full page with more, then the last one, caught up')
  const exact = await app.inject({ method: 'GET', url: '/v1/changes', query: { limit: '3' } })
  t.same([exact.json().data.length, exact.json().caughtUp], [3, true], 'a page that ends exactly at the end says so')
})

t.test('a scheduled publication of an article withdrawn before is announced as an update', async (t) => {
  const app = await build(t, { sweepIntervalMs: 50 })
  const editor = await tokenFor(app, 'editor')
  const { article, etag } = await createDraft(app, editor)
  const url = `/v1/articles/${article.id}`
  const published = await write(app, editor, 'POST', `${url}/publish`, etag)
  const unpublished = await write(app, editor, 'POST', `${url}/unpublish`, published)
  const start = (await changesSince(app)).nextCursor
  await write(app, editor, 'POST', `${url}/publish`, unpublished, { publishAt: new Date(Date.now() + 200).toISOString() })
  let changes: Change[] = []
  for (let tries = 0; changes.length === 0 && tries < 100; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 50))
    changes = (await changesSince(app, start)).data
  }
  t.match(changes, [{ type: 'article.updated', articleId: article.id, takedown: false }])
})
