// GET /v1/sitemaps/{sitemap.xml,articles-N.xml,news.xml}: exact bodies, valid against the official schemas, public articles only, hreflang alternates, split into files, cached like the feeds.
import { readFileSync } from 'node:fs'
import t from 'tap'
import { validateXML, type XMLFileInfo } from 'xmllint-wasm'
import type { App } from '../src/app.js'
import { queryPlan } from '../src/db/dialect.js'
import { sitemapQueries } from '../src/sitemaps/repository.js'
import { exampleArticleUrlTemplate, examples } from '../src/sitemaps/schemas.js'
import { addArticle, addArticles, bearer, build, seedId, seedSlug, tokenFor } from './helper.js'
import { countStatements, republishedArticle } from './formats-helper.js'

const apiBase = 'https://cms.example.org'
const template = 'https://news.example.org/{language}/{slug}'
const page = (language: string, slug: string) => `https://news.example.org/${language}/${encodeURIComponent(slug)}`
const seedPage = page('ar', seedSlug)
const declaration = '<?xml version="1.0" encoding="utf-8"?>\n'
const urlset = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">'
const newsUrlset = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'

// The official schemas (test/fixtures/xsd/README.md says where each comes from).
const xsd = (fileName: string): XMLFileInfo => ({ fileName, contents: readFileSync(new URL(`fixtures/xsd/${fileName}`, import.meta.url), 'utf8') })
// sitemap.xsd takes elements of other namespaces only as their own schemas declare them
// (`processContents="strict"`): Google News's, and XHTML's `link`. The XML namespace is
// imported first, from its copy, so that xhtml1-strict.xsd's import of it from the W3C is skipped.
const urlsetSchema: XMLFileInfo = {
  fileName: 'urlset.xsd',
  contents: `<?xml version="1.0" encoding="UTF-8"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <xsd:import namespace="http://www.w3.org/XML/1998/namespace" schemaLocation="xml.xsd"/>
  <xsd:import namespace="http://www.sitemaps.org/schemas/sitemap/0.9" schemaLocation="sitemap.xsd"/>
  <xsd:import namespace="http://www.w3.org/1999/xhtml" schemaLocation="xhtml1-strict.xsd"/>
  <xsd:import namespace="http://www.google.com/schemas/sitemap-news/0.9" schemaLocation="sitemap-news.xsd"/>
</xsd:schema>
`
}

/** What libxml2 finds wrong with a sitemap (or sitemap index) against the official schemas: nothing, for a valid one. */
async function schemaErrors (xml: string): Promise<string[]> {
  const index = xml.includes('<sitemapindex')
  const result = await validateXML({
    xml: [{ fileName: 'sitemap.xml', contents: xml }],
    schema: [index ? xsd('siteindex.xsd') : urlsetSchema],
    preload: index ? [] : [xsd('xml.xsd'), xsd('sitemap.xsd'), xsd('xhtml1-strict.xsd'), xsd('sitemap-news.xsd')]
  })
  return result.valid ? [] : result.errors.map((error) => error.rawMessage)
}

const get = async (app: App, url: string, headers: Record<string, string> = {}) => await app.inject({ method: 'GET', url, headers })

/** The `<loc>`s of a sitemap or index, in order. */
const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]*)<\/loc>/g)].map((match) => match[1])

/** Each `<url>` of a sitemap as its page and its alternates (`hreflang href`). */
function alternatesByPage (xml: string): Record<string, string[]> {
  return Object.fromEntries([...xml.matchAll(/<url>([\s\S]*?)<\/url>/g)].map(([, url = '']) => [
    /<loc>([^<]*)<\/loc>/.exec(url)?.[1] ?? '',
    [...url.matchAll(/<xhtml:link rel="alternate" hreflang="([^"]*)" href="([^"]*)"\/>/g)].map(([, hreflang, href]) => `${hreflang} ${href}`)
  ]))
}

t.test('the seed: the index and its one file, byte for byte, valid, with the headers of a cached public read', async (t) => {
  const app = await build(t, { publicBaseUrl: apiBase, articleUrlTemplate: template })

  const index = await get(app, '/v1/sitemaps/sitemap.xml')
  t.equal(index.statusCode, 200)
  t.equal(index.headers['content-type'], 'application/xml; charset=utf-8')
  t.equal(index.body, `${declaration}<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap>
    <loc>${apiBase}/v1/sitemaps/articles-1.xml</loc>
  </sitemap>
</sitemapindex>
`, 'the file\'s absolute address, on PUBLIC_BASE_URL')
  t.same(await schemaErrors(index.body), [], 'valid against siteindex.xsd')

  const file = await get(app, '/v1/sitemaps/articles-1.xml')
  t.equal(file.statusCode, 200)
  t.equal(file.headers['content-type'], 'application/xml; charset=utf-8')
  t.equal(file.body, `${declaration}${urlset}
  <url>
    <loc>${seedPage}</loc>
    <lastmod>2025-03-23T00:00:00.000Z</lastmod>
  </url>
</urlset>
`, 'the seed\'s page, its Arabic slug percent-encoded, and its last change; alone in its language, no alternates')
  t.equal(locs(file.body)[0], (await get(app, `/v1/articles/${seedId}`)).json().url, 'the page is the article\'s own url')
  t.same(await schemaErrors(file.body), [], 'valid against sitemap.xsd')

  for (const [url, response] of [['/v1/sitemaps/sitemap.xml', index], ['/v1/sitemaps/articles-1.xml', file]] as const) {
    const name = url.slice('/v1/sitemaps/'.length)
    t.match(response.headers.etag, /^"[\w+/=-]+"$/, `${name}: a strong ETag`)
    t.equal(response.headers['cache-control'], 'public, max-age=60, stale-while-revalidate=300', `${name}: cached like the feeds`)
    t.equal(response.headers['surrogate-key'], 'articles', `${name}: purged with the lists`)
    t.ok(response.headers['last-modified'], `${name}: Last-Modified`)
    const again = await get(app, url, { 'if-none-match': String(response.headers.etag) })
    t.equal(again.statusCode, 304, `${name}: 304 for its ETag`)
    t.equal(again.body, '')
    t.equal(again.headers.etag, response.headers.etag)
    t.equal((await get(app, url, { 'if-none-match': '"something-else"' })).statusCode, 200, `${name}: 200 for another ETag`)
  }
})

t.test('the OpenAPI examples are what the server serves for the seed, and valid', async (t) => {
  const app = await build(t, { articleUrlTemplate: exampleArticleUrlTemplate })
  t.equal((await get(app, '/v1/sitemaps/sitemap.xml')).body, examples.index, 'the index')
  t.equal((await get(app, '/v1/sitemaps/articles-1.xml')).body, examples.articles, 'the file of articles')
  for (const [name, example] of Object.entries(examples)) t.same(await schemaErrors(example), [], `${name}: valid`)
})

t.test('translations: each public member of a group names all of them and x-default; drafts and scheduled ones never', async (t) => {
  const app = await build(t, { publicBaseUrl: apiBase, articleUrlTemplate: template })
  const editor = await tokenFor(app, 'editor')
  const translate = async (language: string, title: string) => {
    const response = await app.inject({ method: 'POST', url: `/v1/articles/${seedId}/translations`, headers: bearer(editor), payload: { language, title } })
    t.equal(response.statusCode, 201, `${language} started`)
    return { id: response.json().id as string, etag: String(response.headers.etag) }
  }
  const publish = async (article: { id: string, etag: string }, payload: Record<string, unknown> = {}) => {
    const response = await app.inject({ method: 'POST', url: `/v1/articles/${article.id}/publish`, headers: { ...bearer(editor), 'if-match': article.etag }, payload })
    t.equal(response.statusCode, 200, 'published')
    return response.json() as { id: string, slug: string, url: string }
  }
  const german = await publish(await translate('de', 'Putin und Trump: Treffen für eine Waffenruhe'))
  const english = await translate('en', 'Putin and Trump: a meeting for a ceasefire')
  const french = await publish(await translate('fr', 'Poutine et Trump : une réunion pour un cessez-le-feu'), { publishAt: '2099-01-01T00:00:00.000Z' })
  t.equal(german.url, page('de', german.slug))

  const file = await get(app, '/v1/sitemaps/articles-1.xml')
  const both = [`ar ${seedPage}`, `de ${german.url}`, `x-default ${seedPage}`]
  t.same(alternatesByPage(file.body), { [seedPage]: both, [german.url]: both },
    'the seed and its German translation name each other and themselves, by language; x-default is the seed, the article the group grew from')
  t.match(file.body, `<loc>${german.url}</loc>
    <lastmod>`, 'the German article has its own url, with its last change')
  t.notMatch(file.body, english.id, 'no draft')
  t.notMatch(file.body, '/fr/', 'no scheduled article')
  t.same(await schemaErrors(file.body), [], 'valid: every xhtml:link as XHTML declares link')
  t.equal((await get(app, '/v1/sitemaps/articles-1.xml', bearer(editor))).body, file.body, 'an editor\'s token shows no more')

  // A broken alternate is caught: the validation reads each xhtml:link, not just the sitemap's own elements.
  t.not((await schemaErrors(file.body.replace('hreflang="x-default"', 'hreflang="x default"'))).length, 0, 'an hreflang that is no language tag is invalid')
  t.not((await schemaErrors(file.body.replace('rel="alternate"', 'rel="alternate" hidden="hidden"'))).length, 0, 'an attribute link does not have is invalid')

  // The seed unpublished, the group's first published public article stands in as x-default.
  const englishPublished = await publish(english)
  const seedEtag = String((await get(app, `/v1/articles/${seedId}`, bearer(editor))).headers.etag)
  t.equal((await app.inject({ method: 'POST', url: `/v1/articles/${seedId}/unpublish`, headers: { ...bearer(editor), 'if-match': seedEtag } })).statusCode, 200)
  const after = await get(app, '/v1/sitemaps/articles-1.xml')
  const germanAndEnglish = [`de ${german.url}`, `en ${englishPublished.url}`, `x-default ${german.url}`]
  t.same(alternatesByPage(after.body), { [german.url]: germanAndEnglish, [englishPublished.url]: germanAndEnglish },
    'without the seed: German and English, and x-default the German, published first')
  t.notMatch(after.body, seedPage, 'the unpublished seed is neither listed nor an alternate')
  t.not(after.headers.etag, file.headers.etag, 'a new ETag')
  t.same(await schemaErrors(after.body), [])
  t.equal(french.id.length, 36)
})

t.test('split into files of urlsPerFile articles, oldest first, behind the index; past the last a 404', async (t) => {
  const app = await build(t, { publicBaseUrl: apiBase, articleUrlTemplate: template, sitemaps: { urlsPerFile: 2 } })
  const published = await addArticles(app, 4)
  await addArticle(app, { status: 'draft', publishedAt: null })
  await addArticle(app, { publishedAt: '2099-01-01T00:00:00.000Z' })
  const pages = [seedPage, ...published.map((article) => page('en', article.slug))]

  const index = await get(app, '/v1/sitemaps/sitemap.xml')
  t.same(locs(index.body), [1, 2, 3].map((number) => `${apiBase}/v1/sitemaps/articles-${number}.xml`), 'five public articles, two a file: three files')
  t.same(await schemaErrors(index.body), [])
  const files = await Promise.all([1, 2, 3].map(async (number) => await get(app, `/v1/sitemaps/articles-${number}.xml`)))
  t.same(files.map((file) => locs(file.body)), [pages.slice(0, 2), pages.slice(2, 4), pages.slice(4)], 'in order of publication; the draft and the scheduled article in none')
  for (const file of files) t.same(await schemaErrors(file.body), [], 'valid')

  const past = await get(app, '/v1/sitemaps/articles-4.xml')
  t.equal(past.statusCode, 404)
  t.equal(past.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.match(past.json(), { type: '/problems/not-found', status: 404, detail: 'There is no sitemap file 4: the public articles fill 3. The sitemap index lists them.' })
  t.equal((await get(app, '/v1/sitemaps/articles-0.xml')).statusCode, 400, 'files count from 1')

  // One query for a file, whatever it holds, and one for when public content last changed.
  for (const number of [1, 3]) {
    t.equal(await countStatements(app, async () => await get(app, `/v1/sitemaps/articles-${number}.xml`)), 2, `file ${number}: two statements`)
  }
})

t.test('news.xml: the public articles of the last two days, newest first, titles exact, valid', async (t) => {
  const app = await build(t, { publicBaseUrl: apiBase, articleUrlTemplate: template, publisher: { name: 'Nachrichten Beispiel' } })
  const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString()
  const arabic = await addArticle(app, { language: 'ar-EG', slug: 'محادثات-جنيف', title: 'محادثات "وقف إطلاق النار" في جنيف & <روما>', publishedAt: hoursAgo(1) })
  const chinese = await addArticle(app, { language: 'zh-Hant', slug: 'taipei', title: '停火談判', publishedAt: hoursAgo(47) })
  await addArticle(app, { title: 'Three days old', publishedAt: hoursAgo(72) })
  await addArticle(app, { title: 'Still to come', publishedAt: new Date(Date.now() + 3_600_000).toISOString() })
  await addArticle(app, { title: 'A draft', status: 'draft', publishedAt: null, createdAt: hoursAgo(1) })
  const { article: republished } = await republishedArticle(app)

  const response = await get(app, '/v1/sitemaps/news.xml')
  t.equal(response.statusCode, 200)
  t.equal(response.headers['content-type'], 'application/xml; charset=utf-8')
  const expected = `${declaration}${newsUrlset}
  <url>
    <loc>${page('ar-EG', 'محادثات-جنيف')}</loc>
    <news:news>
      <news:publication>
        <news:name>Nachrichten Beispiel</news:name>
        <news:language>ar</news:language>
      </news:publication>
      <news:publication_date>${arabic.publishedAt}</news:publication_date>
      <news:title>محادثات &quot;وقف إطلاق النار&quot; في جنيف &amp; &lt;روما&gt;</news:title>
    </news:news>
  </url>
  <url>
    <loc>${page('zh-Hant', 'taipei')}</loc>
    <news:news>
      <news:publication>
        <news:name>Nachrichten Beispiel</news:name>
        <news:language>zh-tw</news:language>
      </news:publication>
      <news:publication_date>${chinese.publishedAt}</news:publication_date>
      <news:title>停火談判</news:title>
    </news:news>
  </url>
</urlset>
`
  t.ok(Buffer.from(response.rawPayload).equals(Buffer.from(expected, 'utf8')), 'byte for byte: the Arabic title as stored, its markup escaped; the language as Google News names it')
  t.equal(response.body, expected)
  t.notMatch(response.body, republished.id, 'an article published again keeps its first date, here too old')
  t.same(await schemaErrors(response.body), [], 'valid against sitemap.xsd with sitemap-news.xsd')
  t.match(response.headers.etag, /^"[\w+/=-]+"$/)
  t.equal(response.headers['last-modified'], undefined, 'no Last-Modified: articles leave it as they grow old')
  t.equal((await get(app, '/v1/sitemaps/news.xml', { 'if-none-match': String(response.headers.etag) })).statusCode, 304)

  const unnamed = await build(t, { articleUrlTemplate: template })
  await addArticle(unnamed, { title: 'Talks', publishedAt: hoursAgo(1) })
  t.match((await get(unnamed, '/v1/sitemaps/news.xml')).body, '<news:name>News CMS</news:name>', 'without PUBLISHER_NAME, the feeds\' title')
})

t.test('a page address with a query: its ampersand escaped as XML wants it, in loc and in href', async (t) => {
  const app = await build(t, { articleUrlTemplate: 'https://news.example.org/read?id={id}&lang={language}' })
  const editor = await tokenFor(app, 'editor')
  const german = await app.inject({ method: 'POST', url: `/v1/articles/${seedId}/translations`, headers: bearer(editor), payload: { language: 'de' } })
  await app.inject({ method: 'POST', url: `/v1/articles/${german.json().id}/publish`, headers: { ...bearer(editor), 'if-match': String(german.headers.etag) } })
  const file = (await get(app, '/v1/sitemaps/articles-1.xml')).body
  const seedAddress = `https://news.example.org/read?id=${seedId}&amp;lang=ar`
  t.match(file, `<loc>${seedAddress}</loc>`)
  t.match(file, `<xhtml:link rel="alternate" hreflang="x-default" href="${seedAddress}"/>`)
  t.notMatch(file, /&(?!amp;)/, 'no bare ampersand')
  t.same(await schemaErrors(file), [])
})

t.test('without ARTICLE_URL_TEMPLATE: a 404 problem that says why', async (t) => {
  const app = await build(t)
  for (const url of ['/v1/sitemaps/sitemap.xml', '/v1/sitemaps/articles-1.xml', '/v1/sitemaps/news.xml']) {
    const response = await get(app, url)
    t.equal(response.statusCode, 404, url)
    t.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8')
    t.equal(response.headers['cache-control'], 'no-store')
    t.match(response.json(), {
      type: '/problems/not-found',
      status: 404,
      detail: 'Sitemaps list the pages of the articles on the newsroom\'s own site, and this server does not know where they are: ARTICLE_URL_TEMPLATE is not set.'
    })
  }
})

t.test('every sitemap query reads articles by an index, and a file\'s translations by the group\'s', async (t) => {
  const app = await build(t)
  const engine = app.database.engine
  const fullScan = { sqlite: /^SCAN articles(?! USING)/, postgres: /Seq Scan on articles\b/ }[engine]
  const byGroup = { sqlite: /USING INDEX articles_translation_language_unique \(translation_group=\?\)/, postgres: /Index Scan using articles_translation_language_unique on articles/ }[engine]
  const queries = sitemapQueries(app.database.db, { now: '2026-06-01T00:00:00.000Z', offset: 100_000, size: 50_000, since: '2026-05-30T00:00:00.000Z', limit: 1000 })
  for (const [name, query] of Object.entries(queries)) {
    // As test/query-plans.test.ts asks: whether an index can answer at all, as it must at a million articles.
    const plan = await app.database.write((tx) => queryPlan(tx, query.getSQL(), { indexesFirst: true }))
    t.notOk(plan.some((line) => fullScan.test(line.trim())), `${name}: no table read whole`, { plan })
    if (name === 'file') t.ok(plan.some((line) => byGroup.test(line.trim())), 'file: the members by their group', { plan })
  }
})
