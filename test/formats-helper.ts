// Test helpers for the partner formats: the public base URL of the tests, the seed's text as the source page has it, and HTML read back.
import { createRequire } from 'node:module'
import { Ajv2020 } from 'ajv/dist/2020.js'
import type { RemoteDocument } from 'jsonld/jsonld-spec.js'
import { parseFragment, type DefaultTreeAdapterMap } from 'parse5'
import addFormats from 'ajv-formats'
import pg from 'pg'
import type { App } from '../src/app.js'
import type { ArticleBody } from '../src/articles/schemas.js'
import { pictureOf } from '../src/media/pictures.js'
import type { Publisher } from '../src/publisher.js'
import { addArticle, bearer, readShared, tokenFor } from './helper.js'

/** The PUBLIC_BASE_URL the format tests build their apps with. */
export const baseUrl = 'https://news.example.org'

/** Validators of IPTC's ninjs schemas, offline: GeoJSON registered under its $id (a draft-07 schema). */
export function ninjsValidators () {
  const ajv = new Ajv2020({ allErrors: true })
  addFormats.default(ajv)
  ajv.addMetaSchema(createRequire(import.meta.url)('ajv/dist/refs/json-schema-draft-07.json'))
  ajv.addSchema(JSON.parse(readShared('ninjs/deps/GeoJSON.json')))
  return {
    '3.1': ajv.compile(JSON.parse(readShared('ninjs/ninjs-schema_3.1.json'))),
    '2.2': ajv.compile(JSON.parse(readShared('ninjs/ninjs-schema_2.2.json')))
  }
}

// HTML as a browser reads it: parsed with parse5 into a tree of [element, attributes, children] and text.
export type Tree = string | [string, Record<string, string>, Tree[]]

function treeOf (node: DefaultTreeAdapterMap['node']): Tree {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterMap['textNode']).value
  if (!('tagName' in node)) throw new Error(`unexpected ${node.nodeName} in the HTML`)
  return [node.tagName, Object.fromEntries(node.attrs.map((attribute) => [attribute.name, attribute.value])), node.childNodes.map(treeOf)]
}

export const parsed = (html: string | null | undefined): Tree[] => parseFragment(html ?? '').childNodes.map(treeOf)

interface StructuredDataResult { passed: unknown[], failed: Array<{ test: string }>, schemas: string[] }
const { structuredDataTest } = createRequire(import.meta.url)('structured-data-testing-tool') as { structuredDataTest: (html: string, options: object) => Promise<StructuredDataResult> }
const { Google } = createRequire(import.meta.url)('structured-data-testing-tool/presets') as { Google: object }

/** Google's NewsArticle checks of the structured-data-testing-tool on a page, passed or failed (it rejects with the result when a test fails). */
export async function googleCheck (html: string): Promise<StructuredDataResult> {
  try {
    return await structuredDataTest(html, { presets: [Google], schemas: ['NewsArticle'] })
  } catch (error) {
    const result = (error as { res?: StructuredDataResult }).res
    if (result === undefined) throw error
    return result
  }
}

/** A JSON-LD document loader with no network: schema.org's context from ../shared, anything else refused. */
export async function documentLoader (url: string): Promise<RemoteDocument> {
  if (/^https?:\/\/schema\.org\/?$/.test(url)) return { contextUrl: undefined, documentUrl: url, document: JSON.parse(readShared('schemaorg/schemaorgcontext-30.0.jsonld')) }
  throw new Error(`no network in the tests: refused to load ${url}`)
}

/** A schema.org term as JSON-LD expands it. */
export const schema = (term: string) => `http://schema.org/${term}`

/** The newsroom the format tests configure, every part set. */
export const publisher: Required<Publisher> = {
  name: 'Nachrichten Beispiel',
  url: 'https://www.news.example.org/',
  logoUrl: 'https://www.news.example.org/logo.png',
  copyrightNotice: '© 2026 Nachrichten Beispiel'
}

/** A picture row as the media table holds it, for pictureOf. */
function pictureRow (fields: { id: string, width: number, height: number, alt: Record<string, string>, caption: string | null, credit: string | null, copyrightNotice: string | null }) {
  return {
    ...fields,
    type: 'image/jpeg',
    placeholder: 'mwgKFYJ4h3eIeHiHeHiHeHd4eH8=',
    version: 1,
    createdAt: '2025-03-22T10:00:00.000Z',
    updatedAt: '2025-03-22T10:00:00.000Z'
  } as Parameters<typeof pictureOf>[0]
}

export const leadPictureId = '0195bf00-0000-7000-8000-000000000001'
export const blockPictureId = '0195bf00-0000-7000-8000-000000000002'
export const authorPictureId = '0195bf00-0000-7000-8000-000000000003'

/**
 * A whole article as the repository will build it once authors, topics and pictures are
 * stored: two authors (one with a page and a picture), a credit, two topics (one with an
 * IPTC Media Topic), a lead image with this article's caption and a second picture with an
 * Arabic caption and a credit, and `url` as ARTICLE_URL_TEMPLATE made it.
 */
export function fullArticle (): ArticleBody {
  const lead = pictureOf(pictureRow({ id: leadPictureId, width: 2400, height: 1600, alt: { ar: 'ستيف ويتكوف في موسكو', en: 'Steve Witkoff in Moscow' }, caption: 'Witkoff in Moskau', credit: 'Foto: A. Fotograf', copyrightNotice: '© 2025 A. Fotograf' }), baseUrl)
  const block = pictureOf(pictureRow({ id: blockPictureId, width: 800, height: 600, alt: { ar: 'الكرملين من بعيد' }, caption: 'الكرملين في موسكو، 23 مارس 2025', credit: 'رويترز', copyrightNotice: null }), baseUrl)
  const portrait = pictureOf(pictureRow({ id: authorPictureId, width: 1000, height: 1000, alt: { ar: 'ليلى حسن' }, caption: null, credit: null, copyrightNotice: null }), baseUrl)
  return {
    id: '0195c04c-9800-7843-93ad-d8c489d33570',
    slug: 'اجتماع-موسكو',
    url: 'https://www.news.example.org/ar/2025/03/23/%D8%A7%D8%AC%D8%AA%D9%85%D8%A7%D8%B9-%D9%85%D9%88%D8%B3%D9%83%D9%88',
    title: 'اجتماع في موسكو: <الأمل> & "السلام"',
    language: 'ar',
    originalLanguage: 'de',
    translation: { from: 'de', method: 'machine-post-edited', engine: 'DeepL', reviewedAt: '2025-03-23T08:30:00.000Z' },
    direction: 'rtl',
    status: 'published',
    publishedAt: '2025-03-23T08:00:00.000Z',
    firstPublishedAt: '2025-03-23T08:00:00.000Z',
    createdAt: '2025-03-23T07:00:00.000Z',
    updatedAt: '2025-03-23T09:00:00.000Z',
    version: 3,
    sections: [
      { id: '0195c04c-9800-7843-93ad-d8c489d33571', position: 1, heading: null, blocks: [{ type: 'paragraph', text: 'Moskau, Russland - في 23 مارس 2025 ، أعلن ويتكوف.' }] },
      { id: '0195c04c-9800-7843-93ad-d8c489d33572', position: 2, heading: 'ردود الفعل', blocks: [{ type: 'paragraph', text: 'قال الخبراء إن الطريق طويل.' }] }
    ],
    metadata: {
      place: { name: 'Moskau, Russland', names: {}, locality: 'Moskau', country: 'Russland', countryCode: 'RU', latitude: 55.7558, longitude: 37.6173, display: 'روسيا' },
      sources: []
    },
    authors: [
      { id: '0195be00-0000-7000-8000-000000000001', name: 'ليلى حسن', slug: 'ليلى-حسن', url: 'https://www.news.example.org/authors/layla-hassan', image: portrait },
      { id: '0195be00-0000-7000-8000-000000000002', name: 'Jonas Weber', slug: 'jonas-weber', url: null, image: null }
    ],
    credit: 'dpa',
    topics: [
      { id: '0195bd00-0000-7000-8000-000000000001', slug: 'politik', names: { ar: 'السياسة', de: 'Politik', en: 'Politics' }, mediaTopic: 'medtop:11000000' },
      { id: '0195bd00-0000-7000-8000-000000000002', slug: 'ukraine', names: { de: 'Ukraine', en: 'Ukraine' }, mediaTopic: null }
    ],
    image: { id: leadPictureId, caption: 'ويتكوف لدى وصوله إلى موسكو' },
    pictures: [lead, block],
    translations: [],
    commentCount: 0
  }
}

/** The seed article's body in ../shared/seed-article.txt: headings and paragraphs between the title (twice) and the Details block. */
export function seedBodyFromSource (): string {
  const source = readShared('seed-article.txt')
  const [title] = source.split('\n\n')
  const start = `${title}\n\n${title}\n\n`
  if (title === undefined || !source.startsWith(start)) throw new Error('the source page no longer starts with its title twice')
  return source.slice(start.length, source.indexOf('\n\nDetails\n'))
}

const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': '\'' }

/** The texts of an article's HTML, heading and paragraph elements in order, unescaped. */
export function htmlTexts (html: string): string[] {
  return [...html.matchAll(/<(h2|p)>(.*?)<\/\1>/gs)].map((match) => (match[2] ?? '').replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => entities[entity] ?? entity))
}

/**
 * Counts the SQL statements run while `action` runs: on SQLite every run, get, all and
 * iterate of every prepared statement; on PostgreSQL every query sent by any client.
 */
export async function countStatements (app: App, action: () => Promise<unknown>): Promise<number> {
  const prototype = app.database.engine === 'postgres'
    ? pg.Client.prototype as unknown as Record<string, (...args: unknown[]) => unknown>
    : Object.getPrototypeOf((app.database.db as unknown as { $client: { prepare: (sql: string) => object } }).$client.prepare('select 1')) as Record<string, (...args: unknown[]) => unknown>
  const methods = app.database.engine === 'postgres' ? ['query'] : ['run', 'get', 'all', 'iterate']
  const originals = Object.fromEntries(methods.map((name) => [name, prototype[name]]))
  let count = 0
  for (const name of methods) {
    const original = originals[name]
    prototype[name] = function (this: unknown, ...args: unknown[]) {
      count++
      return original?.apply(this, args)
    }
  }
  try {
    await action()
  } finally {
    for (const name of methods) {
      const original = originals[name]
      if (original) prototype[name] = original
    }
  }
  return count
}

/**
 * An article first published long ago (as stored), then unpublished and published again
 * through the API: returns its first publication and the article as republished.
 */
export async function republishedArticle (app: App) {
  // Created (as a draft) well before its first publication, which is what partners date it by.
  const first = await addArticle(app, { title: 'Back again', language: 'en', createdAt: '2025-12-01T00:00:00.000Z' })
  const editor = bearer(await tokenFor(app, 'editor'))
  const url = `/v1/articles/${first.id}`
  const etag = String((await app.inject({ method: 'GET', url })).headers.etag)
  const unpublished = await app.inject({ method: 'POST', url: `${url}/unpublish`, headers: { ...editor, 'if-match': etag } })
  const republished = await app.inject({ method: 'POST', url: `${url}/publish`, headers: { ...editor, 'if-match': String(unpublished.headers.etag) } })
  if (republished.statusCode !== 200) throw new Error(`republishing failed: ${republished.statusCode} ${republished.body}`)
  const article = republished.json() as { id: string, publishedAt: string, firstPublishedAt: string, updatedAt: string }
  return { firstPublishedAt: first.publishedAt as string, article }
}
