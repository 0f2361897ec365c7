// GET /v1/feeds/{rss.xml,atom.xml,feed.json}: read back with a real feed parser; text, links and languages exact; public articles only.
import { parseFeed } from '@rowanmanning/feed-parser'
import t from 'tap'
import { v7 as uuidv7 } from 'uuid'
import type { NewArticle } from '../src/articles/repository.js'
import { addArticle, addArticles, bearer, build, readShared, seedId, sharedMissing, tokenFor } from './helper.js'
import { baseUrl, countStatements, htmlTexts, republishedArticle, seedBodyFromSource } from './formats-helper.js'

const seedTitle = 'بوتين وترامب: اجتماع لوقف إطلاق النار - الأمل في أوكرانيا!'
const seedUrl = `${baseUrl}/v1/articles/${seedId}`
const feeds = ['/v1/feeds/rss.xml', '/v1/feeds/atom.xml', '/v1/feeds/feed.json']

interface JsonFeedBody {
  version: string
  title: string
  home_page_url: string
  feed_url: string
  language?: string
  items: Array<{ id: string, url: string, title: string, content_html: string, content_text: string, summary: string, date_published: string, date_modified: string, language: string }>
}

/** An article with markup-like characters in every text field. */
function markupArticle (overrides: Partial<NewArticle> = {}): Partial<NewArticle> {
  return {
    title: 'Talks <b>&"\' end',
    language: 'en',
    sections: [
      { id: uuidv7(), heading: null, blocks: [{ type: 'paragraph', text: 'x < y && "q" \'a\' ]]> </p><script>alert(1)</script>' }] },
      { id: uuidv7(), heading: 'H & <h1>', blocks: [{ type: 'paragraph', text: 'Line one\nline two' }] }
    ],
    ...overrides
  }
}
const markupHtml = '<div lang="en" dir="ltr"><p>x &lt; y &amp;&amp; &quot;q&quot; &#39;a&#39; ]]&gt; &lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;</p><h2>H &amp; &lt;h1&gt;</h2><p>Line one\nline two</p></div>'
const markupLead = '<div lang="en" dir="ltr"><p>x &lt; y &amp;&amp; &quot;q&quot; &#39;a&#39; ]]&gt; &lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;</p></div>'

t.test('RSS 2.0: the seed article with its full text, links on PUBLIC_BASE_URL and its language', async (t) => {
  const app = await build(t, { publicBaseUrl: baseUrl })
  const response = await app.inject({ method: 'GET', url: '/v1/feeds/rss.xml' })
  t.equal(response.statusCode, 200)
  t.equal(response.headers['content-type'], 'application/rss+xml; charset=utf-8')
  const feed = parseFeed(response.body)
  t.same(feed.meta, { type: 'rss', version: '2.0' })
  t.equal(feed.title, 'News CMS')
  t.equal(feed.url, `${baseUrl}/v1/articles`)
  t.equal(feed.self, `${baseUrl}/v1/feeds/rss.xml`)
  t.equal(feed.language, 'ar', 'the channel has the language all its items share')
  t.equal(feed.items.length, 1)
  const [item] = feed.items
  t.equal(item?.title, seedTitle)
  t.equal(item?.url, seedUrl)
  t.equal(item?.id, `urn:uuid:${seedId}`)
  t.equal(item?.published?.toISOString(), '2025-03-23T00:00:00.000Z')
  t.equal(item?.element.findElementWithName('language')?.textContent, 'ar', 'dc:language')
  const html = item?.element.findElementWithName('encoded')?.textContent ?? ''
  t.ok(html.startsWith('<div lang="ar" dir="rtl"><p>Moskau, Russland - في 23 مارس 2025 ، أعلن'), 'content:encoded is the HTML, marked Arabic and right-to-left')
  t.ok(html.endsWith('</p></div>'))
  t.same(htmlTexts(html).slice(2, 3), ['وقف إطلاق النار والجهود الدبلوماسية'], 'headings are h2')
  t.match(html, /بوتين بأنه &quot;رجل سيء&quot; ويؤكد/, 'quotes in the text are escaped in the HTML')
  const description = item?.element.findElementWithName('description')?.textContent ?? ''
  t.equal(htmlTexts(description).length, 1, 'description is the first paragraph')
})

t.test('the full text of every feed is the source text, character for character', { skip: sharedMissing('seed-article.txt') }, async (t) => {
  const body = seedBodyFromSource()
  const app = await build(t, { publicBaseUrl: baseUrl })
  const rss = parseFeed((await app.inject({ method: 'GET', url: '/v1/feeds/rss.xml' })).body)
  t.equal(htmlTexts(rss.items[0]?.element.findElementWithName('encoded')?.textContent ?? '').join('\n\n'), body, 'RSS content:encoded')
  const atom = parseFeed((await app.inject({ method: 'GET', url: '/v1/feeds/atom.xml' })).body)
  t.equal(htmlTexts(atom.items[0]?.element.findElementWithName('content')?.textContent ?? '').join('\n\n'), body, 'Atom content')
  const json = (await app.inject({ method: 'GET', url: '/v1/feeds/feed.json' })).json() as JsonFeedBody
  t.equal(json.items[0]?.content_text, body, 'JSON Feed content_text')
  t.equal(htmlTexts(json.items[0]?.content_html ?? '').join('\n\n'), body, 'JSON Feed content_html')
  t.ok(readShared('seed-article.txt').startsWith(`${json.items[0]?.title}\n`), 'the title too')
})

t.test('Atom 1.0: each entry carries its language as xml:lang', async (t) => {
  const app = await build(t, { publicBaseUrl: baseUrl })
  const english = await addArticle(app, { title: 'Ceasefire talks', language: 'en-GB' })
  const response = await app.inject({ method: 'GET', url: '/v1/feeds/atom.xml' })
  t.equal(response.statusCode, 200)
  t.equal(response.headers['content-type'], 'application/atom+xml; charset=utf-8')
  const feed = parseFeed(response.body)
  t.same(feed.meta, { type: 'atom', version: '1.0' })
  t.equal(feed.title, 'News CMS')
  t.equal(feed.self, `${baseUrl}/v1/feeds/atom.xml`)
  t.equal(feed.element.getAttribute('xml:lang'), null, 'no feed language when the entries differ')
  t.equal(feed.updated?.toISOString(), english.updatedAt, 'updated when the newest change was')
  t.same(feed.items.map((item) => [item.title, item.url, item.id, item.element.getAttribute('xml:lang')]), [
    ['Ceasefire talks', `${baseUrl}/v1/articles/${english.id}`, `urn:uuid:${english.id}`, 'en-GB'],
    [seedTitle, seedUrl, `urn:uuid:${seedId}`, 'ar']
  ])
  t.equal(feed.items[0]?.element.findElementWithName('content')?.textContent, '<div lang="en-GB" dir="ltr"><p>Text.</p></div>')
  t.equal(feed.items[0]?.published?.toISOString(), english.publishedAt)
  t.equal(feed.items[0]?.updated?.toISOString(), english.updatedAt)
})

t.test('JSON Feed 1.1: every field, exactly', async (t) => {
  const app = await build(t, { publicBaseUrl: baseUrl })
  const english = await addArticle(app, {
    title: 'Ceasefire talks',
    sections: [{ id: uuidv7(), heading: 'Talks', blocks: [{ type: 'paragraph', text: 'First.' }, { type: 'paragraph', text: 'Second.' }] }]
  })
  const response = await app.inject({ method: 'GET', url: '/v1/feeds/feed.json' })
  t.equal(response.statusCode, 200)
  t.equal(response.headers['content-type'], 'application/feed+json; charset=utf-8')
  const body = response.json() as JsonFeedBody
  t.same({ ...body, items: body.items.slice(0, 1) }, {
    version: 'https://jsonfeed.org/version/1.1',
    title: 'News CMS',
    description: 'The newest published articles, full text.',
    home_page_url: `${baseUrl}/v1/articles`,
    feed_url: `${baseUrl}/v1/feeds/feed.json`,
    items: [{
      id: `urn:uuid:${english.id}`,
      url: `${baseUrl}/v1/articles/${english.id}`,
      title: 'Ceasefire talks',
      content_html: '<div lang="en" dir="ltr"><h2>Talks</h2><p>First.</p><p>Second.</p></div>',
      content_text: 'Talks\n\nFirst.\n\nSecond.',
      summary: 'First.',
      date_published: english.publishedAt,
      date_modified: english.updatedAt,
      language: 'en'
    }]
  }, 'no top-level language: the items differ')
  t.same(body.items.map((item) => [item.id, item.language, item.title]), [[`urn:uuid:${english.id}`, 'en', 'Ceasefire talks'], [`urn:uuid:${seedId}`, 'ar', seedTitle]])
  t.equal(body.items[1]?.date_published, '2025-03-23T00:00:00.000Z')
})

t.test('markup characters come back as text in every feed, escaped once', async (t) => {
  const app = await build(t, { publicBaseUrl: baseUrl })
  const article = await addArticle(app, markupArticle())
  const rssResponse = await app.inject({ method: 'GET', url: '/v1/feeds/rss.xml' })
  t.match(rssResponse.body, '<title>Talks &lt;b&gt;&amp;&quot;&apos; end</title>', 'XML escapes & < > " \'')
  t.notMatch(rssResponse.body, /<script>|<b>/, 'no markup of the text is live in the XML')
  const rss = parseFeed(rssResponse.body)
  t.equal(rss.items[0]?.title, 'Talks <b>&"\' end')
  t.equal(rss.items[0]?.element.findElementWithName('encoded')?.textContent, markupHtml)
  t.equal(rss.items[0]?.element.findElementWithName('description')?.textContent, markupLead)
  const atom = parseFeed((await app.inject({ method: 'GET', url: '/v1/feeds/atom.xml' })).body)
  t.equal(atom.items[0]?.title, 'Talks <b>&"\' end')
  t.equal(atom.items[0]?.element.findElementWithName('content')?.textContent, markupHtml)
  t.equal(atom.items[0]?.element.findElementWithName('summary')?.textContent, markupLead)
  const json = (await app.inject({ method: 'GET', url: '/v1/feeds/feed.json' })).json() as JsonFeedBody
  t.match(json.items[0], {
    id: `urn:uuid:${article.id}`,
    title: 'Talks <b>&"\' end',
    content_html: markupHtml,
    content_text: 'x < y && "q" \'a\' ]]> </p><script>alert(1)</script>\n\nH & <h1>\n\nLine one\nline two',
    summary: 'x < y && "q" \'a\' ]]> </p><script>alert(1)</script>'
  })
})

t.test('the 20 newest published articles, newest first; never drafts, scheduled or archived ones, even for editors', async (t) => {
  const app = await build(t, { publicBaseUrl: baseUrl })
  const published = await addArticles(app, 22)
  await addArticle(app, { status: 'draft', publishedAt: null })
  await addArticle(app, { status: 'archived' })
  await addArticle(app, { status: 'published', publishedAt: '2099-01-01T00:00:00.000Z' })
  const expected = published.slice(-20).reverse().map((article) => `${baseUrl}/v1/articles/${article.id}`)
  for (const headers of [{}, bearer(await tokenFor(app, 'editor'))]) {
    const rss = parseFeed((await app.inject({ method: 'GET', url: '/v1/feeds/rss.xml', headers })).body)
    t.same(rss.items.map((item) => item.url), expected, 'RSS')
    const atom = parseFeed((await app.inject({ method: 'GET', url: '/v1/feeds/atom.xml', headers })).body)
    t.same(atom.items.map((item) => item.url), expected, 'Atom')
    const json = (await app.inject({ method: 'GET', url: '/v1/feeds/feed.json', headers })).json() as JsonFeedBody
    t.same(json.items.map((item) => item.url), expected, 'JSON Feed')
  }
})

t.test('lang narrows by language range: the tag itself and its subtags, case aside', async (t) => {
  const app = await build(t, { publicBaseUrl: baseUrl })
  const en = await addArticle(app, { language: 'en' })
  const enGb = await addArticle(app, { language: 'en-GB' })
  const egyptian = await addArticle(app, { language: 'ar-EG' })
  await addArticle(app, { language: 'eng' })
  await addArticle(app, { language: 'de' })
  const ids = async (lang: string) => {
    const response = await app.inject({ method: 'GET', url: '/v1/feeds/feed.json', query: { lang } })
    t.equal(response.statusCode, 200)
    const body = response.json() as JsonFeedBody
    return { language: body.language, ids: body.items.map((item) => item.id.slice('urn:uuid:'.length)) }
  }
  t.same(await ids('en'), { language: 'en', ids: [enGb.id, en.id] }, 'en takes en-GB, not eng')
  t.same(await ids('en-GB'), { language: 'en-GB', ids: [enGb.id] })
  t.same(await ids('EN-gb'), { language: 'EN-gb', ids: [enGb.id] }, 'as asked')
  t.same(await ids('ar'), { language: 'ar', ids: [egyptian.id, seedId] })
  t.same(await ids('ar-EG'), { language: 'ar-EG', ids: [egyptian.id] }, 'ar-EG does not take plain ar')
  t.same(await ids('fr'), { language: 'fr', ids: [] })

  const rss = await app.inject({ method: 'GET', url: '/v1/feeds/rss.xml?lang=ar' })
  const rssFeed = parseFeed(rss.body)
  t.equal(rssFeed.language, 'ar')
  t.equal(rssFeed.self, `${baseUrl}/v1/feeds/rss.xml?lang=ar`)
  t.same(rssFeed.items.map((item) => item.element.findElementWithName('language')?.textContent), ['ar-EG', 'ar'])
  const atom = parseFeed((await app.inject({ method: 'GET', url: '/v1/feeds/atom.xml?lang=ar-EG' })).body)
  t.equal(atom.element.getAttribute('xml:lang'), 'ar-EG')
  t.equal(atom.self, `${baseUrl}/v1/feeds/atom.xml?lang=ar-EG`)
  t.same(atom.items.map((item) => item.element.getAttribute('xml:lang')), ['ar-EG'])
})

t.test('an empty feed is still a valid feed', async (t) => {
  const app = await build(t, { publicBaseUrl: baseUrl })
  const atom = await app.inject({ method: 'GET', url: '/v1/feeds/atom.xml?lang=fr' })
  t.equal(atom.statusCode, 200)
  const feed = parseFeed(atom.body)
  t.equal(feed.items.length, 0)
  const lastChange = (await app.inject({ method: 'GET', url: '/v1/changes' })).json().data.at(-1).at
  t.equal(feed.updated?.toISOString(), lastChange, 'updated when public content last changed')
  const rss = (await app.inject({ method: 'GET', url: '/v1/feeds/rss.xml?lang=fr' })).body
  t.equal(parseFeed(rss).items.length, 0)
  t.equal(/<lastBuildDate>(.*)<\/lastBuildDate>/.exec(rss)?.[1], new Date(lastChange).toUTCString(), 'and so is the RSS channel built')
  t.equal((await app.inject({ method: 'GET', url: '/v1/feeds/atom.xml?lang=fr' })).body, atom.body, 'the same bytes until something changes')
})

t.test('a feed of a database that never changed was updated when the server started', async (t) => {
  const before = new Date()
  const app = await build(t, { publicBaseUrl: baseUrl, seedOnce: false })
  const after = new Date()
  const updated = parseFeed((await app.inject({ method: 'GET', url: '/v1/feeds/atom.xml' })).body).updated
  t.ok(updated !== null && updated >= before && updated <= after, `${updated?.toISOString()} is the start, not 1970`)
  const rss = (await app.inject({ method: 'GET', url: '/v1/feeds/rss.xml' })).body
  t.equal(/<lastBuildDate>(.*)<\/lastBuildDate>/.exec(rss)?.[1], updated?.toUTCString())
})

t.test('RSS lastBuildDate is the newest change of the articles it holds', async (t) => {
  const app = await build(t, { publicBaseUrl: baseUrl })
  const english = await addArticle(app, { language: 'en' })
  const rss = (await app.inject({ method: 'GET', url: '/v1/feeds/rss.xml' })).body
  t.equal(/<lastBuildDate>(.*)<\/lastBuildDate>/.exec(rss)?.[1], new Date(english.updatedAt).toUTCString())
})

t.test('bad or unknown parameters are refused with 400', async (t) => {
  const app = await build(t)
  for (const url of feeds) {
    for (const query of ['lang=', 'lang=english', 'lang=a', 'lang=en_GB', 'lang=en%25', 'limit=5', 'lang=en&page=2']) {
      const response = await app.inject({ method: 'GET', url: `${url}?${query}` })
      t.equal(response.statusCode, 400, `${url}?${query}`)
      t.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8')
    }
  }
  const unknown = await app.inject({ method: 'GET', url: '/v1/feeds/rss.xml?limit=5' })
  t.match(unknown.json(), { type: '/problems/invalid-request', errors: [{ in: 'query', name: 'limit', detail: 'is not a known parameter' }] })
})

t.test('links come from PUBLIC_BASE_URL, never from the Host header', async (t) => {
  const app = await build(t, { publicBaseUrl: 'https://partners.example.org/cms/' })
  for (const url of feeds) {
    const plain = await app.inject({ method: 'GET', url })
    const forged = await app.inject({ method: 'GET', url, headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'http' } })
    t.equal(forged.body, plain.body, `${url}: the same bytes whatever Host says`)
    t.notMatch(plain.body, 'evil.example')
    t.match(plain.body, 'https://partners.example.org/cms/v1/articles/', `${url}: links on the base, path kept, no double slash`)
  }
  const json = (await app.inject({ method: 'GET', url: '/v1/feeds/feed.json?lang=ar' })).json() as JsonFeedBody
  t.equal(json.feed_url, 'https://partners.example.org/cms/v1/feeds/feed.json?lang=ar')
  t.equal(json.items[0]?.url, `https://partners.example.org/cms/v1/articles/${seedId}`)
})

t.test('the default base is http://127.0.0.1:3000', async (t) => {
  const app = await build(t)
  const json = (await app.inject({ method: 'GET', url: '/v1/feeds/feed.json' })).json() as JsonFeedBody
  t.equal(json.items[0]?.url, `http://127.0.0.1:3000/v1/articles/${seedId}`)
})

t.test('a feed reads a fixed number of statements, however many articles it holds', async (t) => {
  // The sweeper and the webhook worker look only at start: their statements are not the feed's.
  const app = await build(t, { publicBaseUrl: baseUrl, sweepIntervalMs: 3_600_000, webhooks: { pollMs: 3_600_000 } })
  const counts: Record<string, number[]> = {}
  for (const url of feeds) counts[url] = [await countStatements(app, () => app.inject({ method: 'GET', url }))]
  for (let i = 0; i < 25; i++) {
    await addArticle(app, {
      sections: [{ id: uuidv7(), heading: 'H', blocks: [{ type: 'paragraph', text: 'A.' }] }, { id: uuidv7(), heading: null, blocks: [{ type: 'paragraph', text: 'B.' }] }],
      metadata: { place: { name: 'Kyiv', locality: null, country: null, countryCode: null, latitude: null, longitude: null }, sources: [{ name: 'A source', url: null, publisher: null }] }
    })
  }
  // On PostgreSQL the data version is the cluster's snapshot, which writes in the other tests' databases move too:
  // a feed asked for after one works the content version out again (one statement more) whoever wrote.
  const slack = app.database.engine === 'postgres' ? 1 : 0
  for (const url of feeds) {
    counts[url]?.push(await countStatements(app, () => app.inject({ method: 'GET', url })))
    const [before, after] = counts[url] ?? []
    t.ok(before !== undefined && after !== undefined && Math.abs(after - before) <= slack, `${url}: as many with 25 articles more (${before}, then ${after})`)
    // The lists' version (the data's, and the next scheduled publication once per data version), the articles, their sections, places, sources, bylines and topics, and the time of the last change.
    t.ok(after !== undefined && after <= 9, `${url}: ${after} statements, at most 9`)
  }
})

t.test('published again after unpublishing: the first publication stays, the new one is an update', async (t) => {
  const app = await build(t, { publicBaseUrl: baseUrl })
  const { firstPublishedAt, article } = await republishedArticle(app)
  t.ok(article.publishedAt > firstPublishedAt, 'the latest publication moved')
  const atom = parseFeed((await app.inject({ method: 'GET', url: '/v1/feeds/atom.xml' })).body)
  const entry = atom.items.find((item) => item.id === `urn:uuid:${article.id}`)
  t.equal(entry?.published?.toISOString(), firstPublishedAt, 'Atom published: the first publication')
  t.equal(entry?.updated?.toISOString(), article.updatedAt, 'Atom updated: the republication')
  const rss = parseFeed((await app.inject({ method: 'GET', url: '/v1/feeds/rss.xml' })).body)
  t.equal(rss.items.find((item) => item.url === `${baseUrl}/v1/articles/${article.id}`)?.published?.toISOString(), firstPublishedAt, 'RSS pubDate: the first publication (a whole second, as the test clock has it)')
  const json = (await app.inject({ method: 'GET', url: '/v1/feeds/feed.json' })).json() as JsonFeedBody
  t.match(json.items.find((item) => item.id === `urn:uuid:${article.id}`), { date_published: firstPublishedAt, date_modified: article.updatedAt })
})
