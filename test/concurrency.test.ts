// No lost updates: editors writing at once with the same ETag over real HTTP; exactly one wins, nothing is lost.
import t from 'tap'
import { bearer, build, seedId, tokenFor } from './helper.js'

t.test('concurrent writers holding the same ETag: exactly one succeeds', async (t) => {
  const app = await build(t)
  const origin = await app.listen({ host: '127.0.0.1', port: 0 })
  const editor = await tokenFor(app, 'editor')
  const url = `${origin}/v1/articles/${seedId}`
  const { etag } = { etag: (await fetch(url)).headers.get('etag') ?? '' }

  const writers = Array.from({ length: 12 }, (_, index) => fetch(url, {
    method: 'PATCH',
    headers: { ...bearer(editor), 'if-match': etag, 'content-type': 'application/json' },
    body: JSON.stringify({ title: `عنوان ${index}` })
  }).then(async (response) => ({ index, status: response.status, body: await response.json() as { title?: string } })))
  const results = await Promise.all(writers)

  const winners = results.filter((result) => result.status === 200)
  t.equal(winners.length, 1, 'one write wins')
  t.equal(results.filter((result) => result.status === 412).length, 11, 'the others are told they are stale')
  const after = await (await fetch(url)).json() as { title: string, version: number }
  t.equal(after.title, winners[0]?.body.title, 'the winner\'s write is what is stored')
  t.equal(after.version, 2)
  const history = await (await fetch(`${url}/revisions`, { headers: bearer(editor) })).json() as { data: unknown[] }
  t.equal(history.data.length, 2, 'one revision per accepted write')

  // The losers retry on the current ETag, one at a time: every change lands, none is lost.
  for (const loser of results.filter((result) => result.status === 412)) {
    const current = await fetch(url)
    const retry = await fetch(url, {
      method: 'PATCH',
      headers: { ...bearer(editor), 'if-match': current.headers.get('etag') ?? '', 'content-type': 'application/json' },
      body: JSON.stringify({ title: `عنوان ${loser.index}` })
    })
    t.equal(retry.status, 200)
  }
  const final = await (await fetch(`${url}/revisions`, { headers: bearer(editor) })).json() as { data: Array<{ title: string }> }
  t.same(new Set(final.data.slice(1).map((revision) => revision.title)), new Set(results.map((result) => `عنوان ${result.index}`)), 'every writer\'s change is in the history')
})
