// A whole article (authors, credit, topics, pictures, canonical URL) and the publisher in every partner format, validated as partners read them; then the seed through the API with ARTICLE_URL_TEMPLATE and the publisher set.
import { parseFeed } from '@rowanmanning/feed-parser'
import jsonld from 'jsonld'
import t from 'tap'
import { atomFeed } from '../src/feeds/atom.js'
import { jsonFeed } from '../src/feeds/json-feed.js'
import { rssFeed } from '../src/feeds/rss.js'
import { jsonLdText, newsArticle } from '../src/jsonld/jsonld.js'
import { ninjs } from '../src/ninjs/ninjs.js'
import { build, createDraft, seedId, seedSlug, sharedMissing, tokenFor } from './helper.js'
import { authorPictureId, baseUrl, blockPictureId, documentLoader, fullArticle, googleCheck, leadPictureId, ninjsValidators, publisher, schema } from './formats-helper.js'

const jpeg = (id: string, width: number) => `${baseUrl}/v1/media/${id}?w=${width}&format=jpeg`
const article = fullArticle()
const canonical = article.url as string
const apiAddress = `${baseUrl}/v1/articles/${article.id}`

const page = (json: string) => `<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>t</title><script type="application/ld+json">${json}</script></head><body></body></html>`

t.test('JSON-LD: authors, credit, pictures, publisher and topics', async (t) => {
  const document = newsArticle(article, baseUrl, publisher)
  t.equal(document.url, canonical, 'url is the page on the newsroom\'s site')
  t.equal(document.mainEntityOfPage, canonical)
  t.same(document.author, [
    { '@type': 'Person', name: 'ليلى حسن', url: 'https://www.news.example.org/authors/layla-hassan' },
    { '@type': 'Person', name: 'Jonas Weber' },
    { '@type': 'Organization', name: 'dpa' }
  ])
  t.same(document.image, [
    { '@type': 'ImageObject', url: jpeg(leadPictureId, 1920), width: 1920, height: 1280, caption: 'ويتكوف لدى وصوله إلى موسكو', creditText: 'Foto: A. Fotograf', copyrightNotice: '© 2025 A. Fotograf' },
    { '@type': 'ImageObject', url: jpeg(blockPictureId, 640), width: 640, height: 480, caption: 'الكرملين في موسكو، 23 مارس 2025', creditText: 'رويترز' }
  ], 'the lead image first, with this article\'s caption; each its largest JPEG')
  t.same(document.publisher, { '@type': 'Organization', name: publisher.name, url: publisher.url, logo: { '@type': 'ImageObject', url: publisher.logoUrl } })
  t.equal(document.copyrightNotice, publisher.copyrightNotice)
  t.same(document.about, [
    { '@type': 'Thing', name: 'السياسة', sameAs: 'http://cv.iptc.org/newscodes/mediatopic/11000000' },
    { '@type': 'Thing', name: 'Ukraine' }
  ], 'named in the article\'s language, else in English')
  t.same(document.keywords, ['السياسة', 'Ukraine'])
  t.same(document.translator, { '@type': 'Organization', name: 'DeepL', description: 'Machine-translated from German (DeepL), then edited by a person. Reviewed by an editor on 2025-03-23.' }, 'the engine translated it, as its provenance says')
})

t.test('JSON-LD: Google\'s checks of the structured-data-testing-tool pass for an article with an author and a picture', async (t) => {
  const result = await googleCheck(page(jsonLdText(newsArticle(article, baseUrl, publisher))))
  t.same(result.failed.map((test) => test.test), [], 'no failure')
  t.ok(result.passed.length >= 10, 'the NewsArticle tests ran')
  t.ok(result.schemas.includes('NewsArticle'))
  const seedLike = await googleCheck(page(jsonLdText(newsArticle({ ...article, authors: [], credit: null, pictures: [], image: null }, baseUrl, {}))))
  t.same(seedLike.failed.map((test) => test.test).sort(), ['NewsArticle[0].author', 'NewsArticle[0].image', 'NewsArticle[0].publisher."@type"', 'NewsArticle[0].publisher.logo', 'NewsArticle[0].publisher.logo.url', 'NewsArticle[0].publisher.name'], 'the checks can fail: what the issue found on every article')
})

t.test('JSON-LD: the publisher stands in as author for an article with no authors and no credit', async (t) => {
  const document = newsArticle({ ...article, authors: [], credit: null }, baseUrl, publisher)
  t.same(document.author, [{ '@type': 'Organization', name: publisher.name, url: publisher.url }])
  const bare = newsArticle({ ...article, authors: [], credit: null, topics: [], pictures: [], image: null, url: undefined }, baseUrl, {})
  t.same([bare.author, bare.image, bare.publisher, bare.about, bare.keywords, bare.copyrightNotice, bare.url], [undefined, undefined, undefined, undefined, undefined, undefined, apiAddress], 'nothing made up')
})


t.test('JSON-LD expanded with schema.org\'s context: author, image, publisher and about as partners\' processors read them', { skip: sharedMissing('schemaorg/schemaorgcontext-30.0.jsonld') }, async (t) => {
  const [node] = await jsonld.expand(JSON.parse(jsonLdText(newsArticle(article, baseUrl, publisher))), { documentLoader }) as Array<Record<string, Array<Record<string, unknown>>>>
  t.same(node?.[schema('url')], [{ '@id': canonical }])
  t.same(node?.[schema('author')]?.map((author) => [author['@type'], author[schema('name')], author[schema('url')]]), [
    [[schema('Person')], [{ '@value': 'ليلى حسن' }], [{ '@id': 'https://www.news.example.org/authors/layla-hassan' }]],
    [[schema('Person')], [{ '@value': 'Jonas Weber' }], undefined],
    [[schema('Organization')], [{ '@value': 'dpa' }], undefined]
  ])
  const [lead] = node?.[schema('image')] ?? []
  t.same(lead?.['@type'], [schema('ImageObject')])
  t.same(lead?.[schema('url')], [{ '@id': jpeg(leadPictureId, 1920) }])
  t.same(lead?.[schema('creditText')], [{ '@value': 'Foto: A. Fotograf' }])
  t.same(lead?.[schema('copyrightNotice')], [{ '@value': '© 2025 A. Fotograf' }])
  const [organization] = node?.[schema('publisher')] ?? []
  t.same(organization?.[schema('name')], [{ '@value': publisher.name }])
  t.same((organization?.[schema('logo')] as Array<Record<string, unknown>>)?.[0]?.[schema('url')], [{ '@id': publisher.logoUrl }])
  t.same(node?.[schema('about')]?.[0]?.[schema('sameAs')], [{ '@id': 'http://cv.iptc.org/newscodes/mediatopic/11000000' }])
  t.same(node?.[schema('keywords')], [{ '@value': 'السياسة' }, { '@value': 'Ukraine' }])
  const [translator] = node?.[schema('translator')] ?? []
  t.same([translator?.['@type'], translator?.[schema('name')], translator?.[schema('description')]], [[schema('Organization')], [{ '@value': 'DeepL' }], [{ '@value': 'Machine-translated from German (DeepL), then edited by a person. Reviewed by an editor on 2025-03-23.' }]], 'schema.org\'s translator')
})

t.test('ninjs 3.1 and 2.2: byline, people, subjects, pictures as associations, copyright and the web page, valid against IPTC\'s schemas', { skip: sharedMissing('ninjs/ninjs-schema_3.1.json') }, async (t) => {
  const validate = ninjsValidators()
  const v31 = ninjs(article, baseUrl, '3.1', publisher) as Record<string, unknown>
  t.ok(validate['3.1'](v31), JSON.stringify(validate['3.1'].errors))
  t.equal(v31.uri, apiAddress, 'uri stays the API\'s')
  t.equal(v31.by, 'ليلى حسن وJonas Weber / dpa', 'names joined as Arabic joins a list (its و prefixed to the last name), then the credit')
  t.equal(v31.copyrightNotice, publisher.copyrightNotice)
  t.same(v31.people, [
    { name: 'ليلى حسن', rel: 'author', contactInfo: [{ type: 'web', value: 'https://www.news.example.org/authors/layla-hassan' }] },
    { name: 'Jonas Weber', rel: 'author' }
  ])
  t.same(v31.subjects, [
    { name: 'السياسة', literal: 'politik', uri: 'http://cv.iptc.org/newscodes/mediatopic/11000000' },
    { name: 'Ukraine', literal: 'ukraine' }
  ])
  t.equal(v31.edNote, 'Machine-translated from German (DeepL), then edited by a person. Reviewed by an editor on 2025-03-23.', 'how it was translated, for the partner\'s editors')
  t.same(v31.infoSources, [{ name: 'DeepL', role: 'translator' }, { name: publisher.name, role: 'publisher', contactInfo: [{ type: 'web', role: 'publisher', name: publisher.name, value: publisher.url }] }])
  t.same(v31.renditions, [{ name: 'web', href: canonical, contentType: 'text/html' }])
  const associations = v31.associations as Array<Record<string, unknown>>
  t.same(associations.map((association) => [association.name, association.uri, association.type, association.by, association.copyrightNotice]), [
    ['lead image', `${baseUrl}/v1/media/${leadPictureId}`, 'picture', 'Foto: A. Fotograf', '© 2025 A. Fotograf'],
    ['image 2', `${baseUrl}/v1/media/${blockPictureId}`, 'picture', 'رويترز', undefined]
  ])
  t.same(associations[0]?.descriptions, [
    { role: 'caption', contentType: 'text/plain', value: 'ويتكوف لدى وصوله إلى موسكو' },
    { role: 'alt', contentType: 'text/plain', value: 'ستيف ويتكوف في موسكو' }
  ], 'the alt text in the article\'s language, as a description with role alt')
  t.same(associations[1]?.descriptions, [
    { role: 'caption', contentType: 'text/plain', value: 'الكرملين في موسكو، 23 مارس 2025' },
    { role: 'alt', contentType: 'text/plain', value: 'الكرملين من بعيد' }
  ])
  t.same((associations[1]?.renditions as unknown[]).slice(-2), [
    { name: 'jpeg-320', href: jpeg(blockPictureId, 320), contentType: 'image/jpeg', width: 320, height: 240 },
    { name: 'jpeg-640', href: jpeg(blockPictureId, 640), contentType: 'image/jpeg', width: 640, height: 480 }
  ])
  const v22 = ninjs(article, baseUrl, '2.2', publisher) as Record<string, unknown>
  t.ok(validate['2.2'](v22), JSON.stringify(validate['2.2'].errors))
  t.equal(v22.copyrightnotice, publisher.copyrightNotice)
  t.same((v22.associations as Array<Record<string, unknown>>)[0]?.descriptions, [
    { role: 'caption', contenttype: 'text/plain', value: 'ويتكوف لدى وصوله إلى موسكو' },
    { role: 'alt', contenttype: 'text/plain', value: 'ستيف ويتكوف في موسكو' }
  ])
  const creditOnly = ninjs({ ...article, authors: [] }, baseUrl, '3.1', {}) as Record<string, unknown>
  t.equal(creditOnly.by, 'dpa', 'the credit alone without authors')
  t.ok(validate['3.1'](creditOnly))
})

const feed = { baseUrl, lang: undefined, articles: [article], updatedAt: article.updatedAt, publisher }

t.test('RSS: the page as link, dc:creator per author and the credit, categories, the lead image as media:content, the copyright', async (t) => {
  const xml = rssFeed(feed)
  const parsed = parseFeed(xml)
  t.equal(parsed.copyright, publisher.copyrightNotice)
  t.equal(parsed.url, publisher.url, 'the channel links to the newsroom\'s home page')
  const [item] = parsed.items
  t.equal(item?.url, canonical)
  t.equal(item?.element.findElementsWithName('link').find((link) => link.getAttribute('type') === 'application/json')?.getAttribute('href'), apiAddress, 'the API address as an atom:link alternate')
  t.same(item?.element.findElementsWithName('creator').map((creator) => creator.textContent), ['ليلى حسن', 'Jonas Weber', 'dpa'])
  t.same(item?.categories.map((category) => category.label), ['السياسة', 'Ukraine'])
  t.same(item?.mediaImages.map((image) => [image.url, image.mimeType]), [[jpeg(leadPictureId, 1920), 'image/jpeg']])
  const media = item?.element.findElementWithName('content')
  t.same(['medium', 'width', 'height'].map((name) => media?.getAttribute(name)), ['image', '1920', '1280'])
  t.equal(media?.findElementWithName('description')?.textContent, 'ويتكوف لدى وصوله إلى موسكو')
  t.equal(media?.findElementWithName('credit')?.textContent, 'Foto: A. Fotograf')
  t.match(xml, '<title>اجتماع في موسكو: &lt;الأمل&gt; &amp; &quot;السلام&quot;</title>', 'escaped')
})

t.test('Atom: the page as alternate text/html, the API as application/json, an author per byline and credit, categories, rights', async (t) => {
  const parsed = parseFeed(atomFeed(feed))
  t.equal(parsed.copyright, publisher.copyrightNotice)
  t.same(parsed.authors.map((author) => [author.name, author.url]), [[publisher.name, publisher.url]], 'the feed\'s author is the publisher')
  const [entry] = parsed.items
  const links = entry?.element.findElementsWithName('link').map((link) => [link.getAttribute('rel'), link.getAttribute('type'), link.getAttribute('href')])
  t.same(links, [['alternate', 'text/html', canonical], ['alternate', 'application/json', apiAddress]])
  t.same(entry?.authors.map((author) => [author.name, author.url]), [['ليلى حسن', 'https://www.news.example.org/authors/layla-hassan'], ['Jonas Weber', null], ['dpa', null]])
  t.same(entry?.categories.map((category) => [category.term, category.label]), [['politik', 'السياسة'], ['ukraine', 'Ukraine']])
  const anonymous = parseFeed(atomFeed({ ...feed, articles: [{ ...article, authors: [], credit: null }] }))
  t.same(anonymous.items[0]?.authors.map((author) => [author.name, author.url]), [[publisher.name, publisher.url]], 'the publisher for an entry with neither')
})

t.test('JSON Feed: the page as url, authors with avatars, the lead image, tags, the publisher as the feed\'s author', async (t) => {
  const body = jsonFeed(feed)
  t.same(body.authors, [{ name: publisher.name, url: publisher.url }])
  t.equal(body.home_page_url, publisher.url)
  const [item] = body.items
  t.equal(item?.url, canonical)
  t.equal(item?.id, `urn:uuid:${article.id}`)
  t.same(item?.authors, [
    { name: 'ليلى حسن', url: 'https://www.news.example.org/authors/layla-hassan', avatar: jpeg(authorPictureId, 640) },
    { name: 'Jonas Weber' },
    { name: 'dpa' }
  ])
  t.equal(item?.image, jpeg(leadPictureId, 1920))
  t.same(item?.tags, ['السياسة', 'Ukraine'])
})

const template = 'https://www.news.example.org/{language}/{yyyy}/{mm}/{dd}/{slug}'
const seedPage = `https://www.news.example.org/ar/2025/03/23/${encodeURIComponent(seedSlug)}`

t.test('the seed through the API with ARTICLE_URL_TEMPLATE and the publisher: url on the article and in every format', async (t) => {
  const app = await build(t, { publicBaseUrl: baseUrl, articleUrlTemplate: template, publisher })
  const article = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}` })
  t.equal(article.json().url, seedPage, 'the Arabic slug percent-encoded as UTF-8')
  t.equal((await app.inject({ method: 'GET', url: '/v1/articles' })).json().data[0].url, seedPage, 'summaries have it too')
  const ld = (await app.inject({ method: 'GET', url: `/v1/articles/${seedId}/jsonld` })).json()
  t.same([ld.url, ld.mainEntityOfPage, ld.publisher, ld.copyrightNotice, ld.author], [seedPage, seedPage, { '@type': 'Organization', name: publisher.name, url: publisher.url, logo: { '@type': 'ImageObject', url: publisher.logoUrl } }, publisher.copyrightNotice, [{ '@type': 'Organization', name: publisher.name, url: publisher.url }]])
  const v31 = (await app.inject({ method: 'GET', url: `/v1/articles/${seedId}/ninjs` })).json()
  t.same([v31.uri, v31.renditions, v31.copyrightNotice], [`${baseUrl}/v1/articles/${seedId}`, [{ name: 'web', href: seedPage, contentType: 'text/html' }], publisher.copyrightNotice])
  const rss = parseFeed((await app.inject({ method: 'GET', url: '/v1/feeds/rss.xml' })).body)
  t.same([rss.items[0]?.url, rss.copyright], [seedPage, publisher.copyrightNotice])
  const atom = parseFeed((await app.inject({ method: 'GET', url: '/v1/feeds/atom.xml' })).body)
  t.same([atom.items[0]?.url, atom.copyright], [seedPage, publisher.copyrightNotice])
  const json = (await app.inject({ method: 'GET', url: '/v1/feeds/feed.json' })).json()
  t.same([json.items[0].url, json.authors], [seedPage, [{ name: publisher.name, url: publisher.url }]])
})

t.test('a draft has no url until its first publication; without the template no article has one', async (t) => {
  const app = await build(t, { publicBaseUrl: baseUrl, articleUrlTemplate: 'https://www.news.example.org/{id}' })
  const editor = await tokenFor(app, 'editor')
  const { article } = await createDraft(app, editor)
  t.equal(article.url, undefined)
  t.notOk('url' in article, 'no key at all')
  const plain = await build(t, { publicBaseUrl: baseUrl })
  t.notOk('url' in (await plain.inject({ method: 'GET', url: `/v1/articles/${seedId}` })).json())
})

t.test('the app refuses a bad ARTICLE_URL_TEMPLATE at start', async (t) => {
  await t.rejects(build(t, { articleUrlTemplate: 'https://www.news.example.org/{title}' }), /unknown placeholder \{title\}/)
})
