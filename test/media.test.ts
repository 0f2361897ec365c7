// Pictures: uploads judged by their bytes, renditions made once and without metadata, texts changed and deletion refused while in use.
import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { eq } from 'drizzle-orm'
import exifr from 'exifr'
import sharp from 'sharp'
import t, { type Test } from 'tap'
import type { App } from '../src/app.js'
import { articleMedia, articles, authors, mediaRenditions } from '../src/db/sqlite-schema.js'
import { addArticle, adminToken, bearer, build, tokenFor } from './helper.js'

const admin = bearer(adminToken)
const base = 'http://127.0.0.1:3000'

type Format = 'jpeg' | 'png' | 'webp' | 'avif' | 'gif'

/** A picture made here, `width` × `height`, red, in a format. */
async function image (format: Format, width = 400, height = 300): Promise<Buffer> {
  return await sharp({ create: { width, height, channels: 3, background: '#c0392b' } }).toFormat(format).toBuffer()
}

/** A JPEG as a phone takes it: upright by its EXIF orientation (6: turned a quarter), with where it was taken (GPS). */
async function photoWithGps (): Promise<Buffer> {
  return await sharp({ create: { width: 400, height: 300, channels: 3, background: '#2980b9' } })
    .jpeg()
    .keepExif()
    .withExif({ IFD0: { Artist: 'A photographer', Copyright: 'Their agency' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '55/1 45/1 21/1', GPSLongitudeRef: 'E', GPSLongitude: '37/1 37/1 2/1' } })
    .withMetadata({ orientation: 6 })
    .toBuffer()
}

async function upload (app: App, bytes: Buffer, type: string, headers: Record<string, string> = admin) {
  return await app.inject({ method: 'POST', url: '/v1/media', headers: { ...headers, 'content-type': type }, payload: bytes })
}

async function uploaded (app: App, bytes: Buffer, type: string) {
  const response = await upload(app, bytes, type)
  if (response.statusCode !== 201) throw new Error(`upload failed: ${response.statusCode} ${response.body}`)
  return { picture: response.json(), etag: String(response.headers.etag) }
}

function problem (status: number, type: string, title: string, detail: string) {
  return { type: `/problems/${type}`, title, status, detail }
}

/** A problem body without its request id and input errors. */
function withoutInstance (body: Record<string, unknown>) {
  const rest = { ...body }
  delete rest.instance
  delete rest.errors
  return rest
}

const renditionsOf = (id: string, widths: number[], ownWidth: number) => ['avif', 'webp', 'jpeg'].flatMap((format) => widths.map((width) => ({
  width: Math.min(width, ownWidth),
  format,
  url: `${base}/v1/media/${id}?w=${width}&format=${format}`
})))

/** A media directory of the test's own, to look into. */
function mediaDirectory (t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'cms-media-test-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

const filesIn = (dir: string) => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => entry.name)

t.test('each accepted type is uploaded, measured and described exactly', async (t) => {
  const app = await build(t)
  const types: Array<[Format, string]> = [['jpeg', 'image/jpeg'], ['png', 'image/png'], ['webp', 'image/webp'], ['avif', 'image/avif'], ['gif', 'image/gif']]
  for (const [format, type] of types) {
    const response = await upload(app, await image(format, 700, 500), type)
    t.equal(response.statusCode, 201, type)
    const body = response.json()
    t.equal(response.headers.location, `/v1/media/${body.id}`)
    t.equal(response.headers.etag, '"v1"')
    t.match(body.placeholder, /^[A-Za-z0-9+/]+=*$/)
    t.same(body, {
      id: body.id,
      type,
      width: 700,
      height: 500,
      alt: {},
      caption: null,
      credit: null,
      copyrightNotice: null,
      placeholder: body.placeholder,
      renditions: renditionsOf(body.id, [320, 640], 700),
      version: 1,
      createdAt: body.createdAt,
      updatedAt: body.createdAt
    }, type)
    const read = await app.inject({ url: `/v1/media/${body.id}` })
    t.equal(read.statusCode, 200)
    t.equal(read.headers.etag, '"v1"')
    t.same(read.json(), body)
  }
  // A picture narrower than every width is offered at its own width, never enlarged.
  const { picture } = await uploaded(app, await image('png', 100, 80), 'image/png')
  t.same(picture.renditions, renditionsOf(picture.id, [320], 100))
})

t.test('bytes are judged, not the header: mismatched, unsupported, corrupt and oversized uploads are refused and leave nothing', async (t) => {
  const dir = mediaDirectory(t)
  const app = await build(t, { media: { dir, maxBytes: 50_000 } })
  const refusals: Array<[string, Buffer, string, number, Record<string, unknown>]> = [
    ['PNG bytes sent as JPEG', await image('png'), 'image/jpeg', 415,
      problem(415, 'unsupported-media-type', 'Unsupported media type', 'Content-Type says image/jpeg, but the body is a PNG image (image/png): send it with Content-Type: image/png.')],
    ['WebP bytes sent as AVIF', await image('webp'), 'image/avif', 415,
      problem(415, 'unsupported-media-type', 'Unsupported media type', 'Content-Type says image/avif, but the body is a WebP image (image/webp): send it with Content-Type: image/webp.')],
    ['TIFF', await image('tiff' as Format), 'image/jpeg', 415,
      problem(415, 'unsupported-media-type', 'Unsupported media type', 'The body is a TIFF file (image/tiff), which is not taken: send JPEG, PNG, WebP, AVIF or GIF.')],
    ['BMP', Buffer.concat([Buffer.from('BM'), Buffer.alloc(60)]), 'image/png', 415,
      problem(415, 'unsupported-media-type', 'Unsupported media type', 'The body is a BMP file (image/bmp), which is not taken: send JPEG, PNG, WebP, AVIF or GIF.')],
    ['SVG', Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'image/png', 415,
      problem(415, 'unsupported-media-type', 'Unsupported media type', 'The body is a SVG file (image/svg+xml), which is not taken: send JPEG, PNG, WebP, AVIF or GIF.')],
    ['an SVG header', Buffer.from('<svg/>'), 'image/svg+xml', 415,
      problem(415, 'unsupported-media-type', 'Unsupported media type', 'Unsupported Media Type')],
    ['text', Buffer.from('hello'), 'text/plain', 415,
      problem(415, 'unsupported-media-type', 'Unsupported media type', 'Unsupported Media Type')],
    ['random bytes', Buffer.from('not a picture at all, just some text'), 'image/jpeg', 400,
      { ...problem(400, 'invalid-request', 'Invalid request', 'The request body is not a picture: its bytes are none of JPEG, PNG, WebP, AVIF or GIF.') }],
    ['a truncated JPEG', (await image('jpeg', 800, 600)).subarray(0, 1500), 'image/jpeg', 400,
      { ...problem(400, 'invalid-request', 'Invalid request', 'The request body is not a JPEG image that can be decoded whole: it is corrupt or cut short.') }],
    ['too large', Buffer.concat([await image('png'), Buffer.alloc(60_000)]), 'image/png', 413,
      problem(413, 'payload-too-large', 'Payload too large', 'Request body is too large')]
  ]
  for (const [what, bytes, type, status, expected] of refusals) {
    const response = await upload(app, bytes, type)
    t.equal(response.statusCode, status, what)
    t.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8', what)
    t.same(withoutInstance(response.json()), expected, what)
  }
  const list = await app.inject({ url: '/v1/media', headers: admin })
  t.same(list.json(), { data: [], nextCursor: null })
  t.same(filesIn(dir), [], 'no file was written')
  // Other routes still refuse image bodies.
  const other = await app.inject({ method: 'POST', url: '/v1/articles', headers: { ...admin, 'content-type': 'image/png' }, payload: await image('png') })
  t.equal(other.statusCode, 415)
})

t.test('only editors and admins upload, list and read originals', async (t) => {
  const app = await build(t)
  const moderator = bearer(await tokenFor(app, 'moderator'))
  const editor = bearer(await tokenFor(app, 'editor'))
  const jpeg = await image('jpeg')
  t.equal((await upload(app, jpeg, 'image/jpeg', {})).statusCode, 401)
  t.equal((await upload(app, jpeg, 'image/jpeg', moderator)).statusCode, 403)
  const created = await upload(app, jpeg, 'image/jpeg', editor)
  t.equal(created.statusCode, 201)
  const { id } = created.json()
  t.equal((await app.inject({ url: '/v1/media' })).statusCode, 401)
  t.equal((await app.inject({ url: `/v1/media/${id}/original` })).statusCode, 401)
  t.equal((await app.inject({ url: `/v1/media/${id}/original`, headers: moderator })).statusCode, 403)
  const original = await app.inject({ url: `/v1/media/${id}/original`, headers: editor })
  t.equal(original.statusCode, 200)
  t.equal(original.headers['content-type'], 'image/jpeg')
  t.ok(original.rawPayload.equals(jpeg), 'the upload as it came')
  // Anyone reads the picture's JSON.
  t.equal((await app.inject({ url: `/v1/media/${id}` })).statusCode, 200)
})

t.test('the list is newest first, in pages', async (t) => {
  const app = await build(t)
  const ids: string[] = []
  for (let index = 0; index < 3; index++) ids.push((await uploaded(app, await image('png', 50 + index, 50), 'image/png')).picture.id)
  const first = await app.inject({ url: '/v1/media?limit=2', headers: admin })
  t.same(first.json().data.map((picture: { id: string }) => picture.id), [ids[2], ids[1]])
  const second = await app.inject({ url: `/v1/media?limit=2&cursor=${first.json().nextCursor}`, headers: admin })
  t.same(second.json(), { data: [(await app.inject({ url: `/v1/media/${ids[0]}` })).json()], nextCursor: null })
})

t.test('renditions are made once, kept, and served immutable with a strong ETag', async (t) => {
  const app = await build(t)
  const { picture } = await uploaded(app, await image('png', 700, 500), 'image/png')
  for (const [format, type] of [['webp', 'image/webp'], ['avif', 'image/avif'], ['jpeg', 'image/jpeg']] as const) {
    const url = `/v1/media/${picture.id}?w=640&format=${format}`
    const response = await app.inject({ url })
    t.equal(response.statusCode, 200, format)
    t.equal(response.headers['content-type'], type)
    t.equal(response.headers['cache-control'], 'public, max-age=31536000, immutable')
    t.equal(response.headers.etag, `"${createHash('sha256').update(response.rawPayload).digest('hex')}"`)
    t.equal(response.headers['content-length'], String(response.rawPayload.length))
    t.equal(response.headers['content-encoding'], undefined, 'never compressed')
    const metadata = await sharp(response.rawPayload).metadata()
    t.same([metadata.format, metadata.width, metadata.height], [format === 'avif' ? 'heif' : format, 640, 457])

    const again = await app.inject({ url, headers: { 'accept-encoding': 'gzip, br' } })
    t.equal(again.headers.etag, response.headers.etag, 'the same bytes again')
    t.ok(again.rawPayload.equals(response.rawPayload))
    const notModified = await app.inject({ url, headers: { 'if-none-match': String(response.headers.etag) } })
    t.equal(notModified.statusCode, 304)
    t.equal(notModified.body, '')
  }
  const rows = await app.database.db.select().from(mediaRenditions).where(eq(mediaRenditions.mediaId, picture.id))
  t.same(rows.map((row) => `${row.width} ${row.format}`).sort(), ['640 avif', '640 jpeg', '640 webp'], 'one row each')

  // A burst of first requests makes one rendition.
  const burst = await Promise.all([1, 2, 3].map(() => app.inject({ url: `/v1/media/${picture.id}?w=320&format=webp` })))
  t.same(burst.map((response) => response.statusCode), [200, 200, 200])
  t.equal(new Set(burst.map((response) => response.headers.etag)).size, 1)
  t.equal((await app.database.db.select().from(mediaRenditions).where(eq(mediaRenditions.width, 320))).length, 1)

  // A width above the picture's is made at its own width.
  const wide = await app.inject({ url: `/v1/media/${picture.id}?w=1920&format=jpeg` })
  t.equal((await sharp(wide.rawPayload).metadata()).width, 700)
})

t.test('a rendition is asked for by a width of the set and a format, together', async (t) => {
  const app = await build(t)
  const { picture } = await uploaded(app, await image('png'), 'image/png')
  const refused: Array<[string, string, string]> = [
    ['w=500&format=webp', 'w', 'must be one of the rendition widths 320, 640, 960, 1280, 1920'],
    ['w=abc&format=webp', 'w', 'must be one of the rendition widths 320, 640, 960, 1280, 1920'],
    ['w=320', 'format', 'is required with "w": one of avif, webp, jpeg'],
    ['format=webp', 'w', 'is required with "format": one of 320, 640, 960, 1280, 1920'],
    ['w=320&format=png', 'format', 'must be equal to one of the allowed values'],
    ['w=320&format=webp&h=10', 'h', 'is not a known parameter']
  ]
  for (const [query, name, detail] of refused) {
    const response = await app.inject({ url: `/v1/media/${picture.id}?${query}` })
    t.equal(response.statusCode, 400, query)
    t.same(response.json().errors, [{ in: 'query', name, detail }], query)
  }
})

t.test('renditions carry no metadata: the GPS position stays in the original, for editors', async (t) => {
  const app = await build(t)
  const photo = await photoWithGps()
  t.same(await exifr.gps(photo), { latitude: 55 + 45 / 60 + 21 / 3600, longitude: 37 + 37 / 60 + 2 / 3600 }, 'the upload has a GPS position')
  const { picture } = await uploaded(app, photo, 'image/jpeg')
  t.same([picture.width, picture.height], [300, 400], 'measured upright, as its orientation shows it')

  const original = await app.inject({ url: `/v1/media/${picture.id}/original`, headers: admin })
  t.same(await exifr.gps(original.rawPayload), await exifr.gps(photo), 'the original keeps it')

  for (const format of ['jpeg', 'webp', 'avif']) {
    const rendition = await app.inject({ url: `/v1/media/${picture.id}?w=320&format=${format}` })
    t.equal(rendition.statusCode, 200)
    const metadata = await sharp(rendition.rawPayload).metadata()
    t.same([metadata.width, metadata.height, metadata.orientation], [300, 400, undefined], `${format}: turned upright, no orientation left`)
    t.same([metadata.exif, metadata.xmp, metadata.iptc, metadata.icc], [undefined, undefined, undefined, undefined], `${format}: no EXIF, XMP, IPTC or ICC`)
    for (const marker of ['Exif', 'GPS', 'xpacket', 'Artist', 'A photographer']) t.notOk(rendition.rawPayload.includes(marker), `${format}: no ${marker}`)
    if (format === 'jpeg') t.equal(await exifr.parse(rendition.rawPayload, true), undefined, 'exifr finds nothing in the JPEG')
  }
})

t.test('texts are changed by merge patch, held to If-Match', async (t) => {
  const app = await build(t)
  const { picture, etag } = await uploaded(app, await image('jpeg'), 'image/jpeg')
  const url = `/v1/media/${picture.id}`
  const patch = (payload: object, headers: Record<string, string> = {}) => app.inject({ method: 'PATCH', url, headers: { ...admin, ...headers }, payload })

  const missing = await patch({ caption: 'x' })
  t.equal(missing.statusCode, 428)
  const stale = await patch({ caption: 'x' }, { 'if-match': '"v7"' })
  t.equal(stale.statusCode, 412)
  t.equal(stale.headers.etag, '"v1"')

  const first = await patch({ alt: { ar: 'ستيف ويتكوف في موسكو', en: 'Steve Witkoff in Moscow' }, caption: 'ستيف ويتكوف في موسكو، 23 مارس 2025', credit: 'Photo: Agency', copyrightNotice: '© 2025 Agency' }, { 'if-match': etag })
  t.equal(first.statusCode, 200)
  t.equal(first.headers.etag, '"v2"')
  const changed = first.json()
  t.same(changed, {
    ...picture,
    alt: { ar: 'ستيف ويتكوف في موسكو', en: 'Steve Witkoff in Moscow' },
    caption: 'ستيف ويتكوف في موسكو، 23 مارس 2025',
    credit: 'Photo: Agency',
    copyrightNotice: '© 2025 Agency',
    version: 2,
    updatedAt: changed.updatedAt
  })

  const second = await patch({ alt: { EN: null, de: 'Steve Witkoff in Moskau' }, credit: null }, { 'if-match': '"v2"' })
  t.equal(second.statusCode, 200)
  t.same([second.json().alt, second.json().credit, second.json().caption, second.json().version],
    [{ ar: 'ستيف ويتكوف في موسكو', de: 'Steve Witkoff in Moskau' }, null, changed.caption, 3])
  t.same((await app.inject({ url })).json(), second.json())

  const bad = await patch({ alt: { ar: '' } }, { 'if-match': '"v3"' })
  t.equal(bad.statusCode, 400)
  t.same(bad.json().errors, [{ in: 'body', name: '/alt/ar', detail: 'must NOT have fewer than 1 characters' }])
  const unknown = await patch({ width: 10 }, { 'if-match': '"v3"' })
  t.equal(unknown.statusCode, 400)
  t.same(unknown.json().errors, [{ in: 'body', name: '/width', detail: 'is not a known field' }])
})

t.test('a picture in use is not deleted: the 409 names the articles and authors', async (t) => {
  const dir = mediaDirectory(t)
  const app = await build(t, { media: { dir } })
  const bytes = await image('jpeg')
  const { picture, etag } = await uploaded(app, bytes, 'image/jpeg')
  const twin = await uploaded(app, bytes, 'image/jpeg')
  await app.inject({ url: `/v1/media/${picture.id}?w=320&format=webp` })
  const shown = await addArticle(app)
  const lead = await addArticle(app)
  const authorId = '019ad1c4-5a00-7000-8000-00000000a001'
  const at = new Date().toISOString()
  await app.database.write(async (tx) => {
    await tx.insert(articleMedia).values({ articleId: shown.id, mediaId: picture.id })
    await tx.update(articles).set({ imageId: picture.id }).where(eq(articles.id, lead.id))
    await tx.insert(authors).values({ id: authorId, slug: 'a-writer', name: 'A writer', imageId: picture.id, createdAt: at, updatedAt: at })
  })
  const remove = (headers: Record<string, string>) => app.inject({ method: 'DELETE', url: `/v1/media/${picture.id}`, headers: { ...admin, ...headers } })

  t.equal((await remove({})).statusCode, 428)
  t.equal((await remove({ 'if-match': '"v2"' })).statusCode, 412)
  const conflict = await remove({ 'if-match': etag })
  t.equal(conflict.statusCode, 409)
  const [firstArticle, secondArticle] = [shown.id, lead.id].sort()
  t.same(withoutInstance(conflict.json()), problem(409, 'conflict', 'Conflict',
    `Picture "${picture.id}" is in use, by articles ${firstArticle}, ${secondArticle} and authors ${authorId}: take it out of them first.`))

  await app.database.write(async (tx) => {
    await tx.delete(articleMedia)
    await tx.update(articles).set({ imageId: null })
    await tx.update(authors).set({ imageId: null })
  })
  const files = filesIn(dir).length
  const deleted = await remove({ 'if-match': etag })
  t.equal(deleted.statusCode, 204)
  t.equal(deleted.body, '')
  t.equal((await app.inject({ url: `/v1/media/${picture.id}` })).statusCode, 404)
  t.equal(filesIn(dir).length, files - 1, 'its rendition is gone; the original stays for the twin upload')
  t.equal((await app.database.db.select().from(mediaRenditions)).length, 0)
  const original = await app.inject({ url: `/v1/media/${twin.picture.id}/original`, headers: admin })
  t.ok(original.rawPayload.equals(bytes))

  t.equal((await app.inject({ method: 'DELETE', url: `/v1/media/${twin.picture.id}`, headers: { ...admin, 'if-match': twin.etag } })).statusCode, 204)
  t.same(filesIn(dir), [], 'the last one takes its bytes with it')
})

t.test('an unknown picture is a 404 problem everywhere', async (t) => {
  const app = await build(t)
  const id = '019ad1c4-5a00-7000-8000-0000000000ff'
  const expected = problem(404, 'not-found', 'Not found', `There is no picture "${id}".`)
  for (const [method, url, headers] of [
    ['GET', `/v1/media/${id}`, {}],
    ['GET', `/v1/media/${id}?w=320&format=webp`, {}],
    ['GET', `/v1/media/${id}/original`, admin],
    ['PATCH', `/v1/media/${id}`, { ...admin, 'if-match': '"v1"' }],
    ['DELETE', `/v1/media/${id}`, { ...admin, 'if-match': '"v1"' }]
  ] as const) {
    const response = await app.inject({ method, url, headers, ...(method === 'PATCH' && { payload: { caption: 'x' } }) })
    t.equal(response.statusCode, 404, `${method} ${url}`)
    t.same(withoutInstance(response.json()), expected)
  }
})
