import { get, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { eq } from 'drizzle-orm'
import t from 'tap'
import { articles, changes } from '../src/db/sqlite-schema.js'
import { addArticle, addComment, bearer, build, seedId, tokenFor } from './helper.js'

const articleUrl = `/v1/articles/${seedId}`

t.test('public reads say how long caches may keep them, what they vary on and what purges them', async (t) => {
  const app = await build(t)
  const response = await app.inject({ method: 'GET', url: articleUrl })
  t.equal(response.statusCode, 200)
  t.equal(response.headers['cache-control'], 'public, max-age=60, stale-while-revalidate=300')
  t.equal(response.headers.vary, 'authorization, accept-encoding')
  t.equal(response.headers['surrogate-key'], `article-${seedId}`)
  const published = (await app.inject({ method: 'GET', url: '/v1/changes' })).json().data[0].at
  t.equal(response.headers['last-modified'], lastModifiedAfter(published, response.headers.date), 'the seed last changed when it entered the feed')

  const list = await app.inject({ method: 'GET', url: '/v1/articles' })
  t.equal(list.headers['surrogate-key'], `articles article-${seedId}`)
  t.equal(list.headers['cache-control'], 'public, max-age=60, stale-while-revalidate=300')
  for (const part of ['sections', 'metadata']) {
    const read = await app.inject({ method: 'GET', url: `${articleUrl}/${part}` })
    t.equal(read.headers['surrogate-key'], `article-${seedId}`, part)
    t.equal(read.headers['last-modified'], response.headers['last-modified'], part)
  }
  t.equal((await app.inject({ method: 'GET', url: `${articleUrl}/comments` })).headers['surrogate-key'], `comments-${seedId}`)
  for (const format of ['ninjs', 'jsonld']) {
    const read = await app.inject({ method: 'GET', url: `${articleUrl}/${format}` })
    t.equal(read.headers['surrogate-key'], `article-${seedId}`, format)
    t.equal(read.headers['last-modified'], response.headers['last-modified'], format)
  }
  for (const feed of ['rss.xml', 'atom.xml', 'feed.json']) {
    const read = await app.inject({ method: 'GET', url: `/v1/feeds/${feed}` })
    t.equal(read.headers['surrogate-key'], `articles article-${seedId}`, feed)
    t.equal(read.headers['last-modified'], response.headers['last-modified'], `${feed}: the last change to public content`)
    t.equal(read.headers['cache-control'], 'public, max-age=60, stale-while-revalidate=300', feed)
  }
})

t.test('a feed changes its tag and date when an article leaves it', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const second = await addArticle(app, { title: 'Second' })
  const before = await app.inject({ method: 'GET', url: '/v1/feeds/atom.xml' })
  await new Promise((resolve) => setTimeout(resolve, 1000))
  const unpublished = await app.inject({ method: 'POST', url: `/v1/articles/${second.id}/unpublish`, headers: { ...bearer(editor), 'if-match': '"v1-c0"' } })
  t.equal(unpublished.statusCode, 200)
  const after = await app.inject({ method: 'GET', url: '/v1/feeds/atom.xml', headers: { 'if-none-match': String(before.headers.etag), 'if-modified-since': String(before.headers['last-modified']) } })
  t.equal(after.statusCode, 200)
  t.not(after.headers.etag, before.headers.etag)
  t.ok(Date.parse(String(after.headers['last-modified'])) > Date.parse(String(before.headers['last-modified'])), 'later, though the newest article left')
  const left = (await app.inject({ method: 'GET', url: '/v1/changes?limit=100' })).json().data.at(-1).at as string
  t.equal(after.headers['last-modified'], lastModifiedAfter(left, after.headers.date))
  const secondAfter = new Date(Date.parse(left) + 1000).toUTCString()
  t.equal((await app.inject({ method: 'GET', url: '/v1/feeds/atom.xml', headers: { 'if-modified-since': secondAfter } })).statusCode, 304)
})

t.test('the freshness is configurable; answers to a token and errors are not for shared caches', async (t) => {
  const app = await build(t, { cache: { maxAge: 5, staleWhileRevalidate: 30 } })
  t.equal((await app.inject({ method: 'GET', url: articleUrl })).headers['cache-control'], 'public, max-age=5, stale-while-revalidate=30')
  const editor = await tokenFor(app, 'editor')
  const privately = await app.inject({ method: 'GET', url: articleUrl, headers: bearer(editor) })
  t.equal(privately.statusCode, 200)
  t.equal(privately.headers['cache-control'], 'private, no-store')
  const missing = await app.inject({ method: 'GET', url: '/v1/articles/nothing-here' })
  t.equal(missing.statusCode, 404)
  t.equal(missing.headers['cache-control'], 'no-store')
  const write = await app.inject({ method: 'PATCH', url: articleUrl, headers: { ...bearer(editor), 'if-match': '"v1-c0"' }, payload: { title: 'T' } })
  t.equal(write.headers['cache-control'], 'private, no-store')
})

t.test('every public read answers a current If-None-Match with 304 and no body', async (t) => {
  const app = await build(t)
  await addComment(app, { articleId: seedId })
  // Last-Modified is the second after the last change, or now if that second has not ended: the
  // app's start recorded changes, and a GET and a HEAD either side of that second's end would differ.
  await new Promise((resolve) => setTimeout(resolve, 1001 - (Date.now() % 1000)))
  const urls = ['/v1/articles', articleUrl, `${articleUrl}/sections`, `${articleUrl}/metadata`, `${articleUrl}/comments`, '/v1/changes',
    '/v1/feeds/rss.xml', '/v1/feeds/atom.xml', '/v1/feeds/feed.json', `${articleUrl}/ninjs`, `${articleUrl}/ninjs?version=2.2`, `${articleUrl}/jsonld`]
  for (const url of urls) {
    const first = await app.inject({ method: 'GET', url })
    const etag = String(first.headers.etag)
    t.match(etag, /^"[^"]+"$/, `${url} has a strong ETag`)
    const again = await app.inject({ method: 'GET', url, headers: { 'if-none-match': etag } })
    t.equal(again.statusCode, 304, url)
    t.equal(again.body, '', url)
    t.equal(again.headers.etag, etag, url)
    t.equal(again.headers['cache-control'], first.headers['cache-control'], url)
    const among = await app.inject({ method: 'GET', url, headers: { 'if-none-match': `"other", W/${etag}` } })
    t.equal(among.statusCode, 304, `${url}: any tag of a list, weak comparison`)
    t.equal((await app.inject({ method: 'GET', url, headers: { 'if-none-match': '"other"' } })).statusCode, 200, url)
  }
})

t.test('If-Modified-Since answers 304 until the article changes again', async (t) => {
  const app = await build(t)
  const article = await addArticle(app, { title: 'Settled' })
  await backdate(app, article.id, '2026-03-04T05:06:07.089Z')
  const url = `/v1/articles/${article.id}`
  const first = await app.inject({ method: 'GET', url })
  const modified = String(first.headers['last-modified'])
  t.equal((await app.inject({ method: 'GET', url, headers: { 'if-modified-since': modified } })).statusCode, 304)
  const before = new Date(Date.parse(modified) - 1000).toUTCString()
  t.equal((await app.inject({ method: 'GET', url, headers: { 'if-modified-since': before } })).statusCode, 200)
  t.equal((await app.inject({ method: 'GET', url, headers: { 'if-modified-since': modified, 'if-none-match': '"v0-c0"' } })).statusCode, 200, 'If-None-Match wins')
  const editor = await tokenFor(app, 'editor')
  await app.inject({ method: 'PATCH', url, headers: { ...bearer(editor), 'if-match': String(first.headers.etag) }, payload: { title: 'Unsettled' } })
  t.equal((await app.inject({ method: 'GET', url, headers: { 'if-modified-since': modified } })).statusCode, 200)
})

t.test('ETags move on with writes and with comment approvals; preconditions stay on the version', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const moderator = await tokenFor(app, 'moderator')
  const first = await app.inject({ method: 'GET', url: articleUrl })
  const list = await app.inject({ method: 'GET', url: '/v1/articles' })
  t.equal(first.headers.etag, '"v1-c0"')

  const comment = await addComment(app, { articleId: seedId, status: 'pending' })
  t.equal((await app.inject({ method: 'GET', url: articleUrl, headers: { 'if-none-match': '"v1-c0"' } })).statusCode, 304, 'a pending comment shows nowhere')
  await app.inject({ method: 'PATCH', url: `/v1/comments/${comment.id}`, headers: bearer(moderator), payload: { status: 'approved' } })
  const approved = await app.inject({ method: 'GET', url: articleUrl, headers: { 'if-none-match': '"v1-c0"' } })
  t.equal(approved.statusCode, 200)
  t.equal(approved.headers.etag, '"v1-c1"')
  t.not(approved.headers['last-modified'], undefined)
  const relisted = await app.inject({ method: 'GET', url: '/v1/articles', headers: { 'if-none-match': String(list.headers.etag) } })
  t.equal(relisted.statusCode, 200, 'the list shows the count too')

  const written = await app.inject({ method: 'PATCH', url: articleUrl, headers: { ...bearer(editor), 'if-match': '"v1-c0-gzip"' }, payload: { title: 'New title' } })
  t.equal(written.statusCode, 200, 'If-Match judged on the version, whatever the count and encoding suffix')
  t.equal((await app.inject({ method: 'GET', url: articleUrl, headers: { 'if-none-match': '"v1-c1"' } })).headers.etag, '"v2-c1"')
})

t.test('large answers are compressed for clients that accept it, each encoding with its own tag', async (t) => {
  const app = await build(t)
  const plain = await app.inject({ method: 'GET', url: articleUrl })
  t.equal(plain.headers['content-encoding'], undefined)

  const brotli = await app.inject({ method: 'GET', url: articleUrl, headers: { 'accept-encoding': 'br, gzip' } })
  t.equal(brotli.headers['content-encoding'], 'br')
  t.equal(brotli.headers.etag, '"v1-c0-br"')
  t.equal(brotli.headers.vary, 'authorization, accept-encoding')
  t.equal(brotliDecompressSync(brotli.rawPayload).toString('utf8'), plain.body, 'the same bytes once decompressed')

  const gzip = await app.inject({ method: 'GET', url: articleUrl, headers: { 'accept-encoding': 'gzip' } })
  t.equal(gzip.headers['content-encoding'], 'gzip')
  t.equal(gzip.headers.etag, '"v1-c0-gzip"')
  t.equal(gunzipSync(gzip.rawPayload).toString('utf8'), plain.body)

  const revalidated = await app.inject({ method: 'GET', url: articleUrl, headers: { 'accept-encoding': 'br', 'if-none-match': '"v1-c0-br"' } })
  t.equal(revalidated.statusCode, 304)
  t.equal(revalidated.headers.etag, '"v1-c0-br"')
  t.equal(revalidated.rawPayload.length, 0)

  const small = await app.inject({ method: 'GET', url: `${articleUrl}/metadata`, headers: { 'accept-encoding': 'br' } })
  t.ok(small.rawPayload.length < 1024)
  t.equal(small.headers['content-encoding'], undefined, 'small answers are sent as they are')
  t.equal(small.headers.etag, '"v1"')
})

t.test('over real HTTP, a compressed article arrives whole', async (t) => {
  const app = await build(t)
  await addArticle(app, { title: 'Second' })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as AddressInfo
  const plain = await app.inject({ method: 'GET', url: articleUrl })
  const response = await new Promise<{ headers: Record<string, unknown>, body: Buffer }>((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: encodeURI(articleUrl), headers: { 'accept-encoding': 'br' } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }))
    }).on('error', reject)
  })
  t.equal(response.headers['content-encoding'], 'br')
  t.equal(response.headers.etag, '"v1-c0-br"')
  t.equal(brotliDecompressSync(response.body).toString('utf8'), plain.body)
})

/** Last-Modified for a change at `at`: the start of the second after it, unless the answer's Date is earlier. */
function lastModifiedAfter (at: string, date: unknown): string {
  return new Date(Math.min(Math.floor(Date.parse(at) / 1000) * 1000 + 1000, Date.parse(String(date)))).toUTCString()
}

/** Moves an article's last change (and its dates) back in time, as if it had been written then. */
async function backdate (app: Awaited<ReturnType<typeof build>>, articleId: string, at: string) {
  await app.database.write(async (tx) => {
    await tx.update(changes).set({ at }).where(eq(changes.articleId, articleId))
    await tx.update(articles).set({ updatedAt: at, publishedAt: at, createdAt: at }).where(eq(articles.id, articleId))
  })
}

t.test('a 304 carries the tag of the representation this request would have got, never another variant', async (t) => {
  const app = await build(t)
  const cases = [
    { acceptEncoding: 'identity', held: '"v1-c0-gzip", "v1-c0"', expected: '"v1-c0"' },
    { acceptEncoding: 'gzip', held: '"v1-c0", "v1-c0-br", "v1-c0-gzip"', expected: '"v1-c0-gzip"' },
    { acceptEncoding: 'br, gzip', held: '"v1-c0-gzip", "v1-c0-br"', expected: '"v1-c0-br"' },
    { acceptEncoding: 'br', held: 'W/"v1-c0-br"', expected: '"v1-c0-br"' },
    { acceptEncoding: 'identity', held: 'W/"v1-c0"', expected: '"v1-c0"' }
  ]
  for (const { acceptEncoding, held, expected } of cases) {
    const response = await app.inject({ method: 'GET', url: articleUrl, headers: { 'accept-encoding': acceptEncoding, 'if-none-match': held } })
    t.equal(response.statusCode, 304, `${acceptEncoding}: ${held}`)
    t.equal(response.headers.etag, expected, `${acceptEncoding}: ${held} answers with our strong tag of the variant asked for`)
  }
  // A client holding only a variant it no longer accepts gets the one it asks for.
  for (const [acceptEncoding, held, tag] of [['identity', '"v1-c0-gzip"', '"v1-c0"'], ['gzip', '"v1-c0-br", "v1-c0"', '"v1-c0-gzip"']]) {
    const response = await app.inject({ method: 'GET', url: articleUrl, headers: { 'accept-encoding': acceptEncoding, 'if-none-match': held } })
    t.equal(response.statusCode, 200, `${acceptEncoding}: ${held}`)
    t.equal(response.headers.etag, tag)
  }
  // Hashed tags (lists) follow the same rule.
  const list = await app.inject({ method: 'GET', url: '/v1/changes', headers: { 'accept-encoding': 'identity' } })
  const weak = await app.inject({ method: 'GET', url: '/v1/changes', headers: { 'if-none-match': `W/${String(list.headers.etag)}` } })
  t.equal(weak.statusCode, 304)
  t.equal(weak.headers.etag, list.headers.etag)
})

t.test('a 304 has no body and no Content-Length, over inject and over real HTTP', async (t) => {
  const app = await build(t)
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as AddressInfo
  for (const acceptEncoding of ['identity', 'gzip', 'br']) {
    const first = await app.inject({ method: 'GET', url: articleUrl, headers: { 'accept-encoding': acceptEncoding } })
    const again = await app.inject({ method: 'GET', url: articleUrl, headers: { 'accept-encoding': acceptEncoding, 'if-none-match': String(first.headers.etag) } })
    t.equal(again.statusCode, 304, acceptEncoding)
    t.equal(again.headers['content-length'], undefined, acceptEncoding)
    t.equal(again.headers['content-encoding'], undefined, acceptEncoding)
    t.equal(again.rawPayload.length, 0)
    const overHttp = await new Promise<{ status?: number, headers: Record<string, unknown> }>((resolve, reject) => {
      get({ host: '127.0.0.1', port, path: encodeURI(articleUrl), headers: { 'accept-encoding': acceptEncoding, 'if-none-match': String(first.headers.etag) } }, (res) => {
        res.resume()
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers }))
      }).on('error', reject)
    })
    t.equal(overHttp.status, 304)
    t.equal(overHttp.headers['content-length'], undefined, `${acceptEncoding} over HTTP`)
    t.equal(overHttp.headers.etag, first.headers.etag)
  }
})

t.test('If-Modified-Since never answers 304 when the representation changed at or after the date', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const article = await addArticle(app, { title: 'Dated' })
  const url = `/v1/articles/${article.id}`
  const read = await app.inject({ method: 'GET', url })
  const written = await app.inject({ method: 'PATCH', url, headers: { ...bearer(editor), 'if-match': String(read.headers.etag) }, payload: { title: 'Dated again' } })
  t.equal(written.statusCode, 200)
  const changedAt = written.json().updatedAt as string
  // The second the change was made in names a time before it (HTTP dates drop the milliseconds).
  const sameSecond = await app.inject({ method: 'GET', url, headers: { 'if-modified-since': new Date(changedAt).toUTCString() } })
  t.equal(sameSecond.statusCode, 200, 'changed during the second the date names')
  t.equal(sameSecond.json().title, 'Dated again')
  // The date a client got before the change, whenever within its second the change came.
  const before = await app.inject({ method: 'GET', url, headers: { 'if-modified-since': String(read.headers['last-modified']) } })
  t.equal(before.statusCode, 200, 'changed since the Last-Modified the client holds')
  const after = new Date(Date.parse(changedAt) + 1000).toUTCString()
  t.equal((await app.inject({ method: 'GET', url, headers: { 'if-modified-since': after } })).statusCode, 304, 'unchanged since a later second')
})

t.test('Last-Modified is the start of the second after the last change, never later than the answer', async (t) => {
  const app = await build(t)
  const article = await addArticle(app, { title: 'Old news' })
  await backdate(app, article.id, '2026-01-02T03:04:05.678Z')
  const url = `/v1/articles/${article.id}`
  const read = await app.inject({ method: 'GET', url })
  t.equal(read.headers['last-modified'], 'Fri, 02 Jan 2026 03:04:06 GMT')
  t.equal((await app.inject({ method: 'GET', url, headers: { 'if-modified-since': 'Fri, 02 Jan 2026 03:04:06 GMT' } })).statusCode, 304)
  t.equal((await app.inject({ method: 'GET', url, headers: { 'if-modified-since': 'Fri, 02 Jan 2026 03:04:05 GMT' } })).statusCode, 200)

  // Changed just now: the date is the answer's own, and a copy of that date revalidates with its tag only.
  const editor = await tokenFor(app, 'editor')
  const written = await app.inject({ method: 'PATCH', url, headers: { ...bearer(editor), 'if-match': String(read.headers.etag) }, payload: { title: 'News' } })
  const fresh = await app.inject({ method: 'GET', url })
  const modified = Date.parse(String(fresh.headers['last-modified']))
  t.ok(modified <= Date.parse(String(fresh.headers.date)), 'not after the Date of the answer')
  t.ok(modified > Date.parse(written.json().updatedAt) || modified === Date.parse(String(fresh.headers.date)), 'after the change, or the answer\'s own second')
  t.equal((await app.inject({ method: 'GET', url, headers: { 'if-modified-since': String(fresh.headers['last-modified']) } })).statusCode,
    modified > Date.parse(written.json().updatedAt) ? 304 : 200)
})

t.test('If-None-Match takes precedence over If-Modified-Since', async (t) => {
  const app = await build(t)
  const first = await app.inject({ method: 'GET', url: articleUrl })
  const future = new Date(Date.now() + 3_600_000).toUTCString()
  const past = 'Thu, 01 Jan 2026 00:00:00 GMT'
  t.equal((await app.inject({ method: 'GET', url: articleUrl, headers: { 'if-none-match': '"v0-c0"', 'if-modified-since': future } })).statusCode, 200, 'a stale tag wins over a later date')
  t.equal((await app.inject({ method: 'GET', url: articleUrl, headers: { 'if-none-match': String(first.headers.etag), 'if-modified-since': past } })).statusCode, 304, 'a current tag wins over an earlier date')
})

t.test('HEAD sends exactly the headers GET sends, with no body', async (t) => {
  const app = await build(t)
  await addComment(app, { articleId: seedId })
  // Last-Modified is the second after the last change, or now if that second has not ended: the
  // app's start recorded changes, and a GET and a HEAD either side of that second's end would differ.
  await new Promise((resolve) => setTimeout(resolve, 1001 - (Date.now() % 1000)))
  const urls = ['/v1/articles', articleUrl, `${articleUrl}/sections`, `${articleUrl}/comments`, '/v1/changes', '/v1/feeds/atom.xml', `${articleUrl}/ninjs`, '/v1/articles/nothing-here']
  for (const url of urls) {
    for (const acceptEncoding of [undefined, 'identity', 'gzip', 'br, gzip']) {
      const headers = acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding }
      const get = await app.inject({ method: 'GET', url, headers })
      const head = await app.inject({ method: 'HEAD', url, headers })
      const strip = ({ date, 'x-request-id': id, ...rest }: Record<string, unknown>) => rest
      t.same(strip(head.headers), strip(get.headers), `${url} (${acceptEncoding ?? 'no Accept-Encoding'})`)
      t.equal(head.statusCode, get.statusCode)
      t.equal(head.rawPayload.length, 0)
      const revalidated = await app.inject({ method: 'HEAD', url, headers: { ...headers, 'if-none-match': String(get.headers.etag) } })
      if (get.statusCode === 200) t.equal(revalidated.statusCode, 304, `${url}: HEAD revalidates too`)
    }
  }
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as AddressInfo
  const overHttp = (method: string, url: string) => new Promise<{ headers: Record<string, unknown>, body: Buffer }>((resolve, reject) => {
    request({ host: '127.0.0.1', port, method, path: encodeURI(url), headers: { 'accept-encoding': 'br' } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }))
    }).on('error', reject).end()
  })
  for (const url of [articleUrl, `${articleUrl}/ninjs`, '/v1/articles']) {
    const get = await overHttp('GET', url)
    const head = await overHttp('HEAD', url)
    const strip = ({ date, 'x-request-id': id, ...rest }: Record<string, unknown>) => rest
    t.same(strip(head.headers), strip(get.headers), `${url} over HTTP`)
    t.equal(head.body.length, 0)
  }
})

t.test('error responses carry no ETag, but a 412 names the current one', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const errors = [
    await app.inject({ method: 'GET', url: '/v1/articles/nothing-here' }),
    await app.inject({ method: 'GET', url: '/v1/articles?limit=1000' }),
    await app.inject({ method: 'GET', url: '/v1/articles', headers: bearer('not-a-token') }),
    await app.inject({ method: 'PATCH', url: articleUrl, headers: bearer(editor), payload: { title: 'T' } })
  ]
  t.same(errors.map((response) => response.statusCode), [404, 400, 401, 428])
  for (const response of errors) t.equal(response.headers.etag, undefined, `${response.statusCode}`)
  const stale = await app.inject({ method: 'PATCH', url: articleUrl, headers: { ...bearer(editor), 'if-match': '"v0"' }, payload: { title: 'T' } })
  t.equal(stale.statusCode, 412)
  t.equal(stale.headers.etag, '"v1-c0"')
})
