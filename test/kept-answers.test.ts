// Answers kept between requests (an article's bytes per version, and each compressed form of them) are never stale: a write on
// another instance shows in the next read of every variant, identity, Brotli, gzip and 304, over real HTTP.
import { createHash } from 'node:crypto'
import { get } from 'node:http'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import t from 'tap'
import { seedId } from './helper.js'
import { must, sharedDatabaseUrl, startPair } from './instances.js'

interface Raw { status: number, headers: Record<string, string | string[] | undefined>, body: Buffer }

/** A GET as a browser sends it, the bytes as they came (Node's fetch would decompress them). */
async function raw (origin: string, path: string, headers: Record<string, string>): Promise<Raw> {
  return await new Promise((resolve, reject) => {
    get(`${origin}${path}`, { headers }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }))
    }).on('error', reject)
  })
}

const decoders: Record<string, (bytes: Buffer) => Buffer> = { br: brotliDecompressSync, gzip: gunzipSync, identity: (bytes) => bytes }

t.test('every variant of a kept article follows a write made on another instance', async (t) => {
  const [reader, writer] = await startPair(t, await sharedDatabaseUrl(t))
  const path = `/v1/articles/${seedId}`

  const before = new Map<string, Raw>()
  for (const encoding of ['identity', 'br', 'gzip']) {
    // Twice: the second answer comes from what the first kept.
    const first = await raw(reader.origin, path, { 'accept-encoding': encoding })
    const again = await raw(reader.origin, path, { 'accept-encoding': encoding })
    t.equal(first.status, 200)
    t.same([again.headers['content-encoding'], again.headers.etag], [encoding === 'identity' ? undefined : encoding, encoding === 'identity' ? '"v1-c0"' : `"v1-c0-${encoding}"`], `${encoding}: its own tag`)
    t.ok(again.body.equals(first.body), `${encoding}: kept, the same bytes`)
    t.equal(JSON.parse(decoders[encoding]!(again.body).toString('utf8')).version, 1)
    before.set(encoding, again)
    t.equal((await raw(reader.origin, path, { 'accept-encoding': encoding, 'if-none-match': String(again.headers.etag) })).status, 304, `${encoding}: current, 304`)
  }

  const title = 'بوتين وترامب: عنوان جديد'
  await must(writer, 200, 'PATCH', path, { ifMatch: '"v1"', body: { title } })

  for (const encoding of ['identity', 'br', 'gzip']) {
    const held = before.get(encoding)!
    const revalidated = await raw(reader.origin, path, { 'accept-encoding': encoding, 'if-none-match': String(held.headers.etag) })
    t.equal(revalidated.status, 200, `${encoding}: the copy held is no longer current`)
    const article = JSON.parse(decoders[encoding]!(revalidated.body).toString('utf8'))
    t.same([article.version, article.title], [2, title], `${encoding}: the other instance's write, at once`)
    t.equal(revalidated.headers.etag, encoding === 'identity' ? '"v2-c0"' : `"v2-c0-${encoding}"`)
    t.equal(Number(revalidated.headers['content-length']), revalidated.body.length, `${encoding}: its length is its own`)
  }
})

t.test('the partner formats kept per article version follow a write made on another instance, in every encoding', async (t) => {
  const [reader, writer] = await startPair(t, await sharedDatabaseUrl(t))
  const path = `/v1/articles/${seedId}`
  const formats: Array<[string, (document: any) => string]> = [
    [`${path}/jsonld`, (document) => document.headline],
    [`${path}/ninjs`, (document) => document.headlines[0].value],
    [`${path}/ninjs?version=2.2`, (document) => document.headlines[0].value]
  ]
  const held = new Map<string, string>()
  for (const [url, titleOf] of formats) {
    for (const encoding of ['identity', 'br', 'gzip']) {
      const first = await raw(reader.origin, url, { 'accept-encoding': encoding })
      const again = await raw(reader.origin, url, { 'accept-encoding': encoding })
      t.ok(again.body.equals(first.body), `${url} ${encoding}: kept, the same bytes`)
      t.equal(again.headers.etag, first.headers.etag)
      const identity = decoders[encoding]!(again.body)
      const tag = `"${createHash('sha1').update(identity).digest('base64')}"`
      t.equal(again.headers.etag, encoding === 'identity' ? tag : `${tag.slice(0, -1)}-${encoding}"`, `${url} ${encoding}: tagged by its bytes`)
      t.equal(titleOf(JSON.parse(identity.toString('utf8'))), 'بوتين وترامب: اجتماع لوقف إطلاق النار - الأمل في أوكرانيا!')
      t.equal((await raw(reader.origin, url, { 'accept-encoding': encoding, 'if-none-match': String(again.headers.etag) })).status, 304, `${url} ${encoding}: current, 304`)
      held.set(`${url} ${encoding}`, String(again.headers.etag))
    }
  }

  const title = 'بوتين وترامب: عنوان آخر'
  await must(writer, 200, 'PATCH', path, { ifMatch: '"v1"', body: { title } })

  for (const [url, titleOf] of formats) {
    for (const encoding of ['identity', 'br', 'gzip']) {
      const revalidated = await raw(reader.origin, url, { 'accept-encoding': encoding, 'if-none-match': held.get(`${url} ${encoding}`)! })
      t.equal(revalidated.status, 200, `${url} ${encoding}: the copy held is no longer current`)
      t.equal(titleOf(JSON.parse(decoders[encoding]!(revalidated.body).toString('utf8'))), title, `${url} ${encoding}: the other instance's write, at once`)
    }
  }
})
