// Rich text through the API: every kind of block and every mark written and read back exactly,
// and marks that break the rules refused on every write path, naming the mark at fault.
import t, { type Test } from 'tap'
import { media } from '../src/db/sqlite-schema.js'
import { bearer, build, createDraft, tokenFor } from './helper.js'

const pictureId = '0195c04c-9810-7e1a-9b7c-3d1f2a4b5c6d'

/** A picture stored as an upload leaves it, so that an image block names one that exists. */
async function addPicture (app: Awaited<ReturnType<typeof build>>) {
  const at = '2026-01-01T00:00:00.000Z'
  await app.database.write((tx) => tx.insert(media).values({
    id: pictureId, sha256: '0'.repeat(64), type: 'image/jpeg', width: 1600, height: 900, bytes: 1000,
    alt: { ar: 'ستيف ويتكوف في موسكو' }, caption: 'موسكو', credit: 'dpa', copyrightNotice: null,
    placeholder: 'AAAA', createdAt: at, updatedAt: at
  }))
}

// 🇷🇺 and 🕊️ are astral: two UTF-16 units per code point, so offsets in units would be off.
const text = 'قال 🕊️ ويتكوف: «السلام ممكن» — Moskau 🇷🇺'
const codePoints = [...text]
const at = (piece: string) => codePoints.findIndex((_, index) => codePoints.slice(index, index + [...piece].length).join('') === piece)
const span = (piece: string) => ({ start: at(piece), end: at(piece) + [...piece].length })

const everyBlock = [
  {
    type: 'paragraph',
    text,
    marks: [
      { type: 'link', ...span('«السلام ممكن»'), href: 'https://example.org/a?b=1&c=\'2\'' },
      { type: 'strong', ...span('السلام') },
      { type: 'emphasis', ...span('السلام') },
      { type: 'emphasis', ...span('Moskau 🇷🇺') }
    ]
  },
  { type: 'paragraph', text: 'Plain, as the seed is.' },
  { type: 'quote', text: 'تعد الأشهر المقبلة بمرحلة مثيرة.', attribution: 'ستيف ويتكوف', marks: [{ type: 'emphasis', start: 4, end: 10 }] },
  { type: 'quote', text: 'Unattributed.' },
  { type: 'list', ordered: true, items: [{ text: 'First 🕊️', marks: [{ type: 'strong', start: 6, end: 8 }] }, { text: 'Second' }] },
  { type: 'list', ordered: false, items: [{ text: 'Only' }] },
  { type: 'image', id: pictureId, caption: 'ستيف ويتكوف في موسكو' },
  { type: 'image', id: pictureId },
  { type: 'embed', url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ', provider: 'YouTube', fallback: 'ستيف ويتكوف يصل إلى موسكو' }
]

async function setUp (t: Test) {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  await addPicture(app)
  return { app, editor }
}

t.test('an article with every kind of block and every mark reads back exactly as written', async (t) => {
  const { app, editor } = await setUp(t)
  const sections = [{ heading: null, blocks: everyBlock }, { heading: 'عنوان', blocks: [everyBlock[1]] }]
  const { article } = await createDraft(app, editor, { language: 'ar', sections })
  t.strictSame(article.sections.map(({ heading, blocks }: { heading: string | null, blocks: unknown[] }) => ({ heading, blocks })), sections)

  const read = await app.inject({ method: 'GET', url: `/v1/articles/${article.id}`, headers: bearer(editor) })
  t.equal(read.statusCode, 200)
  t.strictSame(read.json().sections, article.sections)
  // A paragraph without marks has no `marks` key at all, as before marks existed.
  t.match(read.body, `{"type":"paragraph","text":"Plain, as the seed is."}`)

  const section = await app.inject({ method: 'GET', url: `/v1/articles/${article.id}/sections/${article.sections[0].id}`, headers: bearer(editor) })
  t.strictSame(section.json().blocks, everyBlock)
})

t.test('marks may nest, the same range included, and may touch', async (t) => {
  const { app, editor } = await setUp(t)
  const blocks = [{
    type: 'paragraph',
    text: 'abcdef',
    marks: [
      { type: 'strong', start: 0, end: 6 },
      { type: 'emphasis', start: 0, end: 6 },
      { type: 'link', start: 1, end: 3, href: 'http://example.org/' },
      { type: 'strong', start: 3, end: 6 },
      { type: 'emphasis', start: 4, end: 5 }
    ]
  }]
  const { article } = await createDraft(app, editor, { sections: [{ blocks }] })
  t.strictSame(article.sections[0].blocks, blocks)
})

/** Bad marks and what the 400 names: the pointer below the block, and why. */
const refusals: Array<{ name: string, block: Record<string, unknown>, pointer: string, detail: RegExp }> = [
  {
    name: 'crossing marks',
    block: { type: 'paragraph', text: 'abcdef', marks: [{ type: 'strong', start: 0, end: 6 }, { type: 'strong', start: 0, end: 3 }, { type: 'emphasis', start: 2, end: 5 }] },
    pointer: '/marks/2',
    detail: /^crosses mark 1 \(0–3\): marks must be apart or one inside the other$/
  },
  {
    name: 'a mark past the end of the text (counted in code points)',
    block: { type: 'paragraph', text: 'a🕊b', marks: [{ type: 'strong', start: 1, end: 4 }] },
    pointer: '/marks/0',
    detail: /^ends at 4, after the end of the text \(3 code points\)$/
  },
  {
    name: 'a mark that starts where it ends',
    block: { type: 'paragraph', text: 'abc', marks: [{ type: 'strong', start: 0, end: 1 }, { type: 'emphasis', start: 2, end: 2 }] },
    pointer: '/marks/1',
    detail: /^starts at 2, which is not before its end 2$/
  },
  {
    name: 'a mark that starts after it ends',
    block: { type: 'paragraph', text: 'abc', marks: [{ type: 'emphasis', start: 2, end: 1 }] },
    pointer: '/marks/0',
    detail: /^starts at 2, which is not before its end 1$/
  },
  {
    name: 'a link without href',
    block: { type: 'paragraph', text: 'abc', marks: [{ type: 'link', start: 0, end: 1 }] },
    pointer: '/marks/0/href',
    detail: /^is required$/
  },
  {
    name: 'href on a strong mark',
    block: { type: 'paragraph', text: 'abc', marks: [{ type: 'strong', start: 0, end: 1, href: 'https://example.org/' }] },
    pointer: '/marks/0/href',
    detail: /^is not a known field$/
  },
  {
    name: 'a javascript: href',
    block: { type: 'paragraph', text: 'abc', marks: [{ type: 'link', start: 0, end: 1, href: 'javascript:alert(1)' }] },
    pointer: '/marks/0/href',
    detail: /^must match pattern/
  },
  {
    name: 'a link inside a link',
    block: { type: 'paragraph', text: 'abc', marks: [{ type: 'link', start: 0, end: 3, href: 'https://example.org/' }, { type: 'link', start: 1, end: 2, href: 'https://example.org/b' }] },
    pointer: '/marks/1',
    detail: /^is a link inside link 0, which HTML cannot show$/
  },
  {
    name: 'an unknown kind of mark',
    block: { type: 'paragraph', text: 'abc', marks: [{ type: 'underline', start: 0, end: 1 }] },
    pointer: '/marks/0/type',
    detail: /^is not a known kind: "underline"$/
  },
  {
    name: 'crossing marks in a quote',
    block: { type: 'quote', text: 'abcdef', marks: [{ type: 'strong', start: 0, end: 3 }, { type: 'emphasis', start: 2, end: 5 }] },
    pointer: '/marks/1',
    detail: /^crosses mark 0/
  },
  {
    name: 'a mark past the end of a list item',
    block: { type: 'list', ordered: false, items: [{ text: 'ok' }, { text: 'abc', marks: [{ type: 'strong', start: 0, end: 9 }] }] },
    pointer: '/items/1/marks/0',
    detail: /^ends at 9/
  },
  {
    name: 'an embed with a non-http URL',
    block: { type: 'embed', url: 'ftp://example.org/video', provider: 'X', fallback: 'A post' },
    pointer: '/url',
    detail: /^must match pattern/
  },
  {
    name: 'an embed without fallback',
    block: { type: 'embed', url: 'https://x.com/a/status/1', provider: 'X' },
    pointer: '/fallback',
    detail: /^is required$/
  },
  {
    name: 'an empty list',
    block: { type: 'list', ordered: true, items: [] },
    pointer: '/items',
    detail: /^must NOT have fewer than 1 items$/
  }
]

t.test('marks and blocks that break the rules are refused on every write path, naming the field', async (t) => {
  const { app, editor } = await setUp(t)
  const { article, etag } = await createDraft(app, editor, { sections: [{ blocks: [{ type: 'paragraph', text: 'one' }] }] })
  const sectionUrl = `/v1/articles/${article.id}/sections`
  const headers = { ...bearer(editor), 'if-match': etag }
  const ok = { type: 'paragraph', text: 'fine' }

  for (const { name, block, pointer, detail } of refusals) {
    const paths = [
      { path: 'POST /v1/articles', prefix: '/sections/1/blocks/2', request: { method: 'POST' as const, url: '/v1/articles', headers: bearer(editor), payload: { title: 'x', language: 'en', sections: [{ blocks: [ok] }, { blocks: [ok, ok, block] }] } } },
      { path: 'POST sections', prefix: '/blocks/1', request: { method: 'POST' as const, url: sectionUrl, headers, payload: { blocks: [ok, block] } } },
      { path: 'PATCH a section', prefix: '/blocks/0', request: { method: 'PATCH' as const, url: `${sectionUrl}/${article.sections[0].id}`, headers, payload: { blocks: [block] } } }
    ]
    for (const { path, prefix, request } of paths) {
      const response = await app.inject(request)
      t.equal(response.statusCode, 400, `${name}: ${path}`)
      const body = response.json()
      t.match(body, { status: 400, errors: [{ in: 'body', name: `${prefix}${pointer}`, detail }] }, `${name}: ${path}`)
      t.equal(body.detail, `Field "${prefix}${pointer}" ${body.errors[0].detail}.`)
    }
  }
  // Nothing was written.
  const sections = await app.inject({ method: 'GET', url: sectionUrl, headers: bearer(editor) })
  t.strictSame(sections.json().data.map((section: { blocks: unknown[] }) => section.blocks), [[{ type: 'paragraph', text: 'one' }]])
  t.equal(sections.headers.etag, '"v1"')
})

t.test('restoring a revision brings back its blocks and marks', async (t) => {
  const { app, editor } = await setUp(t)
  const { article, etag } = await createDraft(app, editor, { language: 'ar', sections: [{ blocks: everyBlock }] })
  const sectionUrl = `/v1/articles/${article.id}/sections/${article.sections[0].id}`
  const changed = await app.inject({ method: 'PATCH', url: sectionUrl, headers: { ...bearer(editor), 'if-match': etag }, payload: { blocks: [{ type: 'paragraph', text: 'plain' }] } })
  t.equal(changed.statusCode, 200)
  const restored = await app.inject({ method: 'POST', url: `/v1/articles/${article.id}/revisions/1/restore`, headers: { ...bearer(editor), 'if-match': String(changed.headers.etag) } })
  t.equal(restored.statusCode, 200)
  t.strictSame(restored.json().sections[0].blocks, everyBlock)
})
