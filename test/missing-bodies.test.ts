// Writes sent without a body: refused with 400 before anything is written, except actions that take none.
import { getTableName, is, Table } from 'drizzle-orm'
import t from 'tap'
import type { App } from '../src/app.js'
import * as schema from '../src/db/sqlite-schema.js'
import { adminToken, addArticle, addComment, bearer, build, createDraft, tokenFor } from './helper.js'

const admin = bearer(adminToken)

/** Every row of every table the API writes to: what a refused write must leave as it was. */
async function everything (app: App) {
  const tables = Object.values(schema).filter((table) => is(table, Table))
  return Object.fromEntries(await Promise.all(tables.map(async (table) => [getTableName(table), await app.database.db.select().from(table)])))
}

t.test('a write that needs a body answers 400 without one, and writes nothing', async (t) => {
  // Each delivery is tried once (the address does not resolve) and then left alone: the
  // snapshots below are taken once the worker is done with them.
  const app = await build(t, { webhooks: { pollMs: 3_600_000, maxAttempts: 1 } })
  const editor = bearer(await tokenFor(app, 'editor'))
  const moderator = bearer(await tokenFor(app, 'moderator'))
  const hook = await app.inject({ method: 'POST', url: '/v1/webhooks', headers: admin, payload: { url: 'https://partner.example.org/hooks', events: ['article.updated', 'article.published'] } })
  t.equal(hook.statusCode, 201)
  const { article, etag } = await createDraft(app, await tokenFor(app, 'editor'), {
    sections: [{ heading: 'One', blocks: [{ type: 'paragraph', text: 'First.' }] }],
    metadata: { place: null, sources: [{ name: 'Wire', url: 'https://wire.example.org/1', publisher: 'Wire' }] }
  })
  const published = await app.inject({ method: 'POST', url: `/v1/articles/${article.id}/publish`, headers: { ...editor, 'if-match': etag } })
  t.equal(published.statusCode, 200, 'an action still takes no body')
  const current = { ...editor, 'if-match': String(published.headers.etag) }
  const sectionId = article.sections[0].id
  const sourceId = article.metadata.sources[0].id
  const comment = await addComment(app, { articleId: article.id, status: 'pending' })
  const settled = async () => (await app.inject({ method: 'GET', url: `/v1/webhooks/${hook.json().id}/deliveries`, headers: admin })).json().data.every((delivery: { status: string }) => delivery.status !== 'pending')
  for (let wait = 0; !await settled(); wait++) {
    if (wait === 200) throw new Error('the webhook deliveries never settled')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }

  const writes = [
    { method: 'POST', url: '/v1/articles', headers: editor },
    { method: 'PATCH', url: `/v1/articles/${article.id}`, headers: current },
    { method: 'POST', url: `/v1/articles/${article.id}/sections`, headers: current },
    { method: 'PATCH', url: `/v1/articles/${article.id}/sections/${sectionId}`, headers: current },
    { method: 'PUT', url: `/v1/articles/${article.id}/sections/order`, headers: current },
    { method: 'PUT', url: `/v1/articles/${article.id}/metadata`, headers: current },
    { method: 'POST', url: `/v1/articles/${article.id}/metadata/sources`, headers: current },
    { method: 'PATCH', url: `/v1/articles/${article.id}/metadata/sources/${sourceId}`, headers: current },
    { method: 'POST', url: `/v1/articles/${article.id}/comments`, headers: {} },
    { method: 'PATCH', url: `/v1/comments/${comment.id}`, headers: moderator },
    { method: 'POST', url: '/v1/webhooks', headers: admin },
    { method: 'PATCH', url: `/v1/webhooks/${hook.json().id}`, headers: admin },
    { method: 'POST', url: '/v1/tokens', headers: admin }
  ] as const
  const before = await everything(app)
  for (const write of writes) {
    for (const extra of [{}, { 'content-length': '0' }]) {
      const response = await app.inject({ method: write.method, url: write.url, headers: { ...write.headers, ...extra } })
      const name = `${write.method} ${write.url} ${JSON.stringify(extra)}`
      t.equal(response.statusCode, 400, name)
      t.match(response.headers['content-type'], /^application\/problem\+json/, name)
      t.match(response.json(), {
        type: '/problems/invalid-request',
        status: 400,
        detail: 'The request body is missing: this operation needs a JSON body.',
        errors: [{ in: 'body', name: '', detail: 'is missing: this operation needs a JSON body' }]
      }, name)
    }
  }
  t.same(await everything(app), before, 'no version, revision, change, delivery or anything else was written')
})

t.test('a JSON null is not taken for a missing body', async (t) => {
  const app = await build(t)
  const editor = bearer(await tokenFor(app, 'editor'))
  const { article, etag } = await createDraft(app, await tokenFor(app, 'editor'))
  const before = await everything(app)
  const response = await app.inject({ method: 'PATCH', url: `/v1/articles/${article.id}`, headers: { ...editor, 'if-match': etag, 'content-type': 'application/merge-patch+json' }, payload: 'null' })
  t.equal(response.statusCode, 400)
  t.same(await everything(app), before)
})

t.test('actions that take no body still work without one', async (t) => {
  const app = await build(t)
  const editor = bearer(await tokenFor(app, 'editor'))
  const { id } = await addArticle(app, { status: 'draft', publishedAt: null })
  let etag = '"v1-c0"'
  for (const action of ['publish', 'unpublish', 'archive', 'revisions/1/restore']) {
    const response = await app.inject({ method: 'POST', url: `/v1/articles/${id}/${action}`, headers: { ...editor, 'if-match': etag } })
    t.equal(response.statusCode, 200, action)
    etag = String(response.headers.etag)
  }
})
