import { get } from 'node:http'
import type { AddressInfo } from 'node:net'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import t from 'tap'
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
  t.equal(response.headers['last-modified'], new Date(published).toUTCString(), 'the seed last changed when it entered the feed')

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
  const editor = tokenFor(app, 'editor')
  const second = addArticle(app, { title: 'Second' })
  const before = await app.inject({ method: 'GET', url: '/v1/feeds/atom.xml' })
  await new Promise((resolve) => setTimeout(resolve, 1000))
  const unpublished = await app.inject({ method: 'POST', url: `/v1/articles/${second.id}/unpublish`, headers: { ...bearer(editor), 'if-match': '"v1-c0"' } })
  t.equal(unpublished.statusCode, 200)
  const after = await app.inject({ method: 'GET', url: '/v1/feeds/atom.xml', headers: { 'if-none-match': String(before.headers.etag), 'if-modified-since': String(before.headers['last-modified']) } })
  t.equal(after.statusCode, 200)
  t.not(after.headers.etag, before.headers.etag)
  t.ok(Date.parse(String(after.headers['last-modified'])) > Date.parse(String(before.headers['last-modified'])), 'later, though the newest article left')
  t.equal((await app.inject({ method: 'GET', url: '/v1/feeds/atom.xml', headers: { 'if-modified-since': String(after.headers['last-modified']) } })).statusCode, 304)
})

t.test('the freshness is configurable; answers to a token and errors are not for shared caches', async (t) => {
  const app = await build(t, { cache: { maxAge: 5, staleWhileRevalidate: 30 } })
  t.equal((await app.inject({ method: 'GET', url: articleUrl })).headers['cache-control'], 'public, max-age=5, stale-while-revalidate=30')
  const editor = tokenFor(app, 'editor')
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
  addComment(app, { articleId: seedId })
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
  const first = await app.inject({ method: 'GET', url: articleUrl })
  const modified = String(first.headers['last-modified'])
  t.equal((await app.inject({ method: 'GET', url: articleUrl, headers: { 'if-modified-since': modified } })).statusCode, 304)
  const before = new Date(Date.parse(modified) - 1000).toUTCString()
  t.equal((await app.inject({ method: 'GET', url: articleUrl, headers: { 'if-modified-since': before } })).statusCode, 200)
  t.equal((await app.inject({ method: 'GET', url: articleUrl, headers: { 'if-modified-since': modified, 'if-none-match': '"v0-c0"' } })).statusCode, 200, 'If-None-Match wins')
})

t.test('ETags move on with writes and with comment approvals; preconditions stay on the version', async (t) => {
  const app = await build(t)
  const editor = tokenFor(app, 'editor')
  const moderator = tokenFor(app, 'moderator')
  const first = await app.inject({ method: 'GET', url: articleUrl })
  const list = await app.inject({ method: 'GET', url: '/v1/articles' })
  t.equal(first.headers.etag, '"v1-c0"')

  const comment = addComment(app, { articleId: seedId, status: 'pending' })
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
  addArticle(app, { title: 'Second' })
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
