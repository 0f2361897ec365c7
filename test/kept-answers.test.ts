// Answers kept between requests (an article's bytes per version, lists, feeds and partner formats, and each compressed form of them) are never stale: a write on
// another instance shows in the next read of every variant, identity, Brotli, gzip and 304, over real HTTP.
import { createHash, randomUUID } from 'node:crypto'
import { get } from 'node:http'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import t from 'tap'
import { addArticle, build, seedId } from './helper.js'
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

t.test('every variant of a kept list and feed follows a write made on another instance, and a scheduled publication coming out', async (t) => {
  const [reader, writer] = await startPair(t, await sharedDatabaseUrl(t))
  const lists = ['/v1/articles?limit=20', '/v1/articles?language=ar&place=Moskau', '/v1/feeds/feed.json', '/v1/feeds/rss.xml', '/v1/feeds/atom.xml?lang=ar']
  // Enough summaries that every list is compressed.
  for (const n of [1, 2, 3]) {
    const created = await must(writer, 201, 'POST', '/v1/articles', { body: { title: `مقال ${n}`, language: 'ar', sections: [], metadata: { place: { name: 'Moskau, Russland', locality: 'Moskau', countryCode: 'RU' }, sources: [] } } })
    await must(writer, 200, 'POST', `/v1/articles/${created.body.id}/publish`, { ifMatch: created.etag })
  }
  /** The title of the newest article a list or feed shows. */
  function newestTitle (body: Buffer, encoding: string): string | undefined {
    const text = decoders[encoding]!(body).toString('utf8')
    if (text.startsWith('<')) return /<(?:item|entry)[\s>][\s\S]*?<title[^>]*>([^<]*)<\/title>/u.exec(text)?.[1]
    const parsed = JSON.parse(text)
    return (parsed.data ?? parsed.items)[0].title
  }

  const held = new Map<string, string>()
  for (const list of lists) {
    for (const encoding of ['identity', 'br', 'gzip']) {
      const first = await raw(reader.origin, list, { 'accept-encoding': encoding })
      const again = await raw(reader.origin, list, { 'accept-encoding': encoding })
      t.equal(again.status, 200)
      t.ok(again.body.equals(first.body), `${list} ${encoding}: kept, the same bytes`)
      t.equal(again.headers['content-encoding'], encoding === 'identity' ? undefined : encoding, `${list} ${encoding}: compressed as asked`)
      const tag = `"${createHash('sha1').update(decoders[encoding]!(again.body)).digest('base64')}"`
      t.equal(again.headers.etag, encoding === 'identity' ? tag : `${tag.slice(0, -1)}-${encoding}"`, `${list} ${encoding}: tagged by its bytes`)
      t.equal(newestTitle(again.body, encoding), 'مقال 3', `${list} ${encoding}: the newest`)
      t.equal((await raw(reader.origin, list, { 'accept-encoding': encoding, 'if-none-match': String(again.headers.etag) })).status, 304, `${list} ${encoding}: current, 304`)
      held.set(`${list} ${encoding}`, String(again.headers.etag))
    }
  }

  // A new article published on the other instance.
  const fourth = await must(writer, 201, 'POST', '/v1/articles', { body: { title: 'مقال 4', language: 'ar', sections: [], metadata: { place: { name: 'Moskau, Russland', locality: 'Moskau', countryCode: 'RU' }, sources: [] } } })
  await must(writer, 200, 'POST', `/v1/articles/${fourth.body.id}/publish`, { ifMatch: fourth.etag })
  for (const list of lists) {
    for (const encoding of ['identity', 'br', 'gzip']) {
      const revalidated = await raw(reader.origin, list, { 'accept-encoding': encoding, 'if-none-match': held.get(`${list} ${encoding}`)! })
      t.equal(revalidated.status, 200, `${list} ${encoding}: the copy held is no longer current`)
      t.equal(newestTitle(revalidated.body, encoding), 'مقال 4', `${list} ${encoding}: the other instance's write, at once`)
    }
  }

  // Scheduled two seconds ahead: not listed before its time, listed from then on, with no write in between from any client.
  const scheduled = await must(writer, 201, 'POST', '/v1/articles', { body: { title: 'مقال مجدول', language: 'ar', sections: [], metadata: { place: { name: 'Moskau, Russland', locality: 'Moskau', countryCode: 'RU' }, sources: [] } } })
  const publishAt = new Date(Date.now() + 2000).toISOString()
  await must(writer, 200, 'POST', `/v1/articles/${scheduled.body.id}/publish`, { ifMatch: scheduled.etag, body: { publishAt } })
  for (const list of lists) t.equal(newestTitle((await raw(reader.origin, list, {})).body, 'identity'), 'مقال 4', `${list}: not yet`)
  await new Promise((resolve) => setTimeout(resolve, Date.parse(publishAt) - Date.now() + 50))
  for (const list of lists) t.equal(newestTitle((await raw(reader.origin, list, {})).body, 'identity'), 'مقال مجدول', `${list}: out at its time`)
})

t.test('what an instance keeps stays within MEMORY_CACHE_MAX_BYTES, and what it no longer keeps is made again the same', async (t) => {
  const maxBytes = 16_384
  const app = await build(t, { cache: { keptBytes: maxBytes } })
  const ids: string[] = []
  for (let n = 0; n < 12; n++) ids.push((await addArticle(app, { sections: [{ id: randomUUID(), heading: null, blocks: [{ type: 'paragraph', text: `Text ${n} ${'x'.repeat(2000)}` }] }] })).id as string)
  const first = new Map<string, Buffer>()
  for (const encoding of ['identity', 'br', 'gzip']) {
    for (const id of ids) {
      for (const path of [`/v1/articles/${id}`, `/v1/articles/${id}/jsonld`, `/v1/articles/${id}/ninjs`, `/v1/articles?limit=${1 + ids.indexOf(id)}`]) {
        const response = await app.inject({ url: path, headers: { 'accept-encoding': encoding } })
        t.equal(response.statusCode, 200)
        const key = `${path} ${encoding}`
        if (first.has(key)) continue
        first.set(key, response.rawPayload)
        t.ok(app.keptAnswers.usedBytes <= maxBytes, `${key}: ${app.keptAnswers.usedBytes} bytes kept`)
      }
    }
  }
  // Read again after everything has been pushed out at least once: the same bytes.
  for (const [key, body] of first) {
    const [path, encoding] = key.split(' ') as [string, string]
    t.ok((await app.inject({ url: path, headers: { 'accept-encoding': encoding } })).rawPayload.equals(body), `${key}: the same again`)
  }
})
