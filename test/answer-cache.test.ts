// Whole answers kept in front of the router, over real HTTP: a public read asked again gets exactly what the routes sent
// (headers, bytes, 304s, each encoding, its own request id and log line), never what another audience, origin or version got.
import { get, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Writable } from 'node:stream'
import type { FastifyPluginAsync } from 'fastify'
import t, { type Test } from 'tap'
import type { AppOptions } from '../src/app.js'
import { addArticle, adminToken, build, seedId, seedSlug } from './helper.js'

interface Raw { status: number, headers: IncomingHttpHeaders, body: Buffer }

async function raw (origin: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Raw> {
  return await new Promise((resolve, reject) => {
    get(`${origin}${path}`, { headers, method }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }))
    }).on('error', reject)
  })
}

/** An app listening on a free port, which counts the requests its routes see and collects its log lines (debug and above). */
async function serve (t: Test, options: Partial<AppOptions> = {}) {
  const routed: string[] = []
  const counting: FastifyPluginAsync = async (app) => {
    app.addHook('onRequest', async (request) => { routed.push(`${request.method} ${request.url}`) })
  }
  Object.assign(counting, { [Symbol.for('skip-override')]: true })
  const logs: Array<Record<string, unknown>> = []
  const stream = new Writable({ write (line, _encoding, done) { logs.push(JSON.parse(String(line))); done() } })
  // At debug: an answer sent again is logged there (at info, only what the routes answered is).
  const app = await build(t, { ...options, plugins: [counting], logger: { level: 'debug', stream } })
  await app.listen({ host: '127.0.0.1', port: 0 })
  // An answer is kept once the second its content last changed in (the seed's, just now) is over: its Last-Modified holds from then on.
  await new Promise((resolve) => setTimeout(resolve, 1000))
  return { app, origin: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, routed, logs }
}

/** The headers of an answer but those made for each response. */
function lasting (headers: IncomingHttpHeaders) {
  const { date, 'x-request-id': _id, ...rest } = headers
  return rest
}

/**
 * Whether an answer can be known to come from the cache: on PostgreSQL the version is the
 * cluster's snapshot, which a write in any of its databases moves (the other test files' on a
 * shared test server), so there the answers are checked, not where they came from.
 */
const keptForSure = (app: { database: { engine: string } }) => app.database.engine === 'sqlite'

/** The log line of a request, once written (Fastify writes a route's after the response). */
async function logLineOf (logs: Array<Record<string, unknown>>, requestId: unknown) {
  for (let wait = 0; wait < 100; wait++) {
    const line = logs.find((entry) => entry.reqId === requestId && entry.msg === 'request completed')
    if (line !== undefined) return line
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return undefined
}

const article = `/v1/articles/${encodeURIComponent(seedSlug)}`
const reads = [article, `/v1/articles/${seedId}?lang=ar`, '/v1/articles?limit=20', '/v1/articles?language=ar&place=Moskau', '/v1/feeds/rss.xml', '/v1/feeds/atom.xml', '/v1/feeds/feed.json', `${article}/ninjs`, `${article}/ninjs?version=2.2`, `${article}/jsonld`]

t.test('a read asked again is answered as the routes answered it, before routing, with a request id and a log line of its own', async (t) => {
  const { app, origin, routed, logs } = await serve(t)
  const sure = keptForSure(app)
  for (const path of reads) {
    for (const encoding of ['identity', 'br', 'gzip']) {
      const first = await raw(origin, path, { 'accept-encoding': encoding })
      t.equal(first.status, 200, `${path} ${encoding}`)
      const seen = routed.length
      const again = await raw(origin, path, { 'accept-encoding': encoding })
      if (sure) t.equal(routed.length, seen, `${path} ${encoding}: answered before routing`)
      t.same(lasting(again.headers), lasting(first.headers), `${path} ${encoding}: the same headers`)
      t.ok(again.body.equals(first.body), `${path} ${encoding}: the same bytes`)
      t.not(again.headers['x-request-id'], first.headers['x-request-id'], `${path} ${encoding}: a request id of its own`)
      t.ok(again.headers.date, 'a date')
      t.match(await logLineOf(logs, again.headers['x-request-id']), { msg: 'request completed', req: { method: 'GET', url: path, remoteAddress: '127.0.0.1' }, res: { statusCode: 200 }, responseTime: Number }, `${path} ${encoding}: logged`)

      // The client's copy is current: a 304 with the tag, dates and caching headers, nothing describing a body.
      const byTag = await raw(origin, path, { 'accept-encoding': encoding, 'if-none-match': String(first.headers.etag) })
      t.equal(byTag.status, 304)
      t.equal(byTag.body.length, 0)
      t.equal(byTag.headers.etag, first.headers.etag)
      t.equal(byTag.headers['cache-control'], first.headers['cache-control'])
      t.equal(byTag.headers['content-type'], undefined)
      t.equal(byTag.headers['content-length'], undefined)
      t.equal(byTag.headers['content-encoding'], undefined)
      t.equal((await raw(origin, path, { 'accept-encoding': encoding, 'if-none-match': '"another"' })).status, 200, `${path} ${encoding}: another tag, the answer`)
      if (first.headers['last-modified'] !== undefined) {
        const since = new Date(Date.parse(first.headers['last-modified']) + 1000).toUTCString()
        t.equal((await raw(origin, path, { 'accept-encoding': encoding, 'if-modified-since': since })).status, 304, `${path} ${encoding}: unchanged since`)
        const before = new Date(Date.parse(first.headers['last-modified']) - 2000).toUTCString()
        t.equal((await raw(origin, path, { 'accept-encoding': encoding, 'if-modified-since': before })).status, 200, `${path} ${encoding}: changed since`)
      }
      if (sure) t.equal(routed.length, seen, `${path} ${encoding}: every condition judged before routing`)
    }
  }
})

t.test('a write shows in the next read of every kept answer, and a token is never answered what the public was', async (t) => {
  const { app, origin, routed } = await serve(t)
  for (const path of reads) await raw(origin, path)
  t.equal((await raw(origin, '/v1/articles?limit=x')).status, 400, 'another address is another request')
  const seen = routed.length
  for (const path of reads) await raw(origin, path)
  if (keptForSure(app)) t.equal(routed.length, seen, 'all kept')

  const draft = await app.inject({ method: 'POST', url: '/v1/articles', headers: { authorization: `Bearer ${adminToken}` }, payload: { title: 'مسودة', language: 'ar' } })
  t.equal(draft.statusCode, 201)
  const editors = await raw(origin, '/v1/articles?limit=20', { authorization: `Bearer ${adminToken}` })
  t.ok(JSON.parse(editors.body.toString()).data.some((summary: { title: string }) => summary.title === 'مسودة'), 'an editor sees the draft')
  t.equal(editors.headers['cache-control'], 'private, no-store')
  t.notOk(JSON.parse((await raw(origin, '/v1/articles?limit=20')).body.toString()).data.some((summary: { title: string }) => summary.title === 'مسودة'), 'the public does not')

  const title = 'بوتين وترامب: عنوان جديد'
  t.equal((await app.inject({ method: 'PATCH', url: `/v1/articles/${seedId}`, headers: { authorization: `Bearer ${adminToken}`, 'if-match': '"v1"' }, payload: { title } })).statusCode, 200)
  for (const path of reads) {
    const text = (await raw(origin, path)).body.toString()
    t.ok(text.includes(title), `${path}: the new title at once`)
  }
})

t.test('an answer is kept per origin, encoding and address, and only for GET', async (t) => {
  const { origin } = await serve(t, { corsOrigins: ['https://news.example.org', 'https://app.example.org'] })
  const path = '/v1/articles?limit=20'
  for (const site of ['https://news.example.org', 'https://app.example.org', 'https://elsewhere.example.org']) {
    const first = await raw(origin, path, { origin: site })
    const again = await raw(origin, path, { origin: site })
    t.equal(again.headers['access-control-allow-origin'], first.headers['access-control-allow-origin'])
    t.equal(again.headers['access-control-allow-origin'], site === 'https://elsewhere.example.org' ? undefined : site, `${site}: its own CORS answer`)
  }
  for (const asked of [{ 'accept-encoding': 'br' }, { 'accept-encoding': 'br', 'x-no-compression': '1' }, { 'accept-encoding': 'gzip' }, { 'accept-encoding': 'br' }] as Array<Record<string, string>>) {
    t.equal((await raw(origin, article, asked)).headers['content-encoding'], asked['x-no-compression'] === undefined ? asked['accept-encoding'] : undefined, `${JSON.stringify(asked)}: as asked`)
  }
  const head = await raw(origin, path, {}, 'HEAD')
  t.equal(head.status, 200)
  t.equal(head.body.length, 0, 'HEAD: no body')
})

t.test('a scheduled publication shows in kept answers when its time comes, with no write', async (t) => {
  const { app, origin } = await serve(t)
  const created = await addArticle(app, { status: 'draft', publishedAt: null })
  const etag = (await app.inject({ url: `/v1/articles/${created.id}`, headers: { authorization: `Bearer ${adminToken}` } })).headers.etag as string
  const publishAt = new Date(Date.now() + 3000).toISOString()
  t.equal((await app.inject({ method: 'POST', url: `/v1/articles/${created.id}/publish`, headers: { authorization: `Bearer ${adminToken}`, 'if-match': etag }, payload: { publishAt } })).statusCode, 200)
  const ids = async () => JSON.parse((await raw(origin, '/v1/articles?limit=20')).body.toString()).data.map((summary: { id: string }) => summary.id)
  t.notOk((await ids()).includes(created.id), 'not before its time')
  t.notOk((await ids()).includes(created.id), 'nor from what was kept')
  t.equal((await raw(origin, `/v1/articles/${created.id}`)).status, 404)
  await new Promise((resolve) => setTimeout(resolve, Date.parse(publishAt) - Date.now() + 50))
  t.ok((await ids()).includes(created.id), 'out at its time')
  t.equal((await raw(origin, `/v1/articles/${created.id}`)).status, 200)
})

t.test('kept answers count against MEMORY_CACHE_MAX_BYTES', async (t) => {
  const maxBytes = 65_536
  const { app, origin } = await serve(t, { cache: { keptBytes: maxBytes } })
  for (let n = 0; n < 30; n++) {
    const { id } = await addArticle(app, { sections: [{ id: crypto.randomUUID(), heading: null, blocks: [{ type: 'paragraph', text: `Text ${n} ${'x'.repeat(3000)}` }] }] })
    for (const encoding of ['identity', 'gzip']) {
      t.equal((await raw(origin, `/v1/articles/${id}`, { 'accept-encoding': encoding })).status, 200)
      t.equal((await raw(origin, `/v1/articles/${id}`, { 'accept-encoding': encoding })).status, 200)
    }
    t.ok(app.keptAnswers.usedBytes <= maxBytes, `${app.keptAnswers.usedBytes} bytes kept`)
  }
})

t.test('the content version is read only for the reads that keep answers', async (t) => {
  const { app, origin } = await serve(t)
  let reads = 0
  const contentVersion = app.articles.contentVersion
  app.articles.contentVersion = () => { reads++; return contentVersion() }
  for (const path of [`/v1/articles/${seedId}/sections`, `/v1/articles/${seedId}/comments`, '/health']) {
    for (let times = 0; times < 2; times++) t.equal((await raw(origin, path)).status, 200, path)
  }
  t.equal(reads, 0, 'none for reads no answer of is kept')
  t.equal((await raw(origin, `${article}/jsonld`)).status, 200)
  t.equal(reads, 1, 'once before the route reads the data of an answer to keep')
  t.equal((await raw(origin, `${article}/jsonld`)).status, 200)
  t.equal(reads, 2, 'once to tell whether a kept answer still holds')
})
