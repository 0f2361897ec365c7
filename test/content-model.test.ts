// The whole content model end to end through the API: pictures, an author and topics made by an editor, an Arabic article with every kind of block written, published and read back in every format as partners validate it.
import { parseFeed } from '@rowanmanning/feed-parser'
import jsonld from 'jsonld'
import sharp from 'sharp'
import t, { type Test } from 'tap'
import type { App } from '../src/app.js'
import type { BlockBody } from '../src/sections/schemas.js'
import { bearer, build, sharedMissing, tokenFor } from './helper.js'
import { baseUrl, documentLoader, googleCheck, ninjsValidators, parsed, publisher, schema, type Tree } from './formats-helper.js'


/** Where a piece of a text starts and ends, in code points, as marks count. */
function span (text: string, piece: string) {
  const start = [...text.slice(0, text.indexOf(piece))].length
  return { start, end: start + [...piece].length }
}

// 🕊️ (two code points, three UTF-16 units) and 🇷🇺 stand before the marks: offsets counted in UTF-16 units would miss.
const paragraph = 'قال 🕊️ المبعوث ويتكوف في موسكو إن «السلام ممكن» بعد لقاء 🇷🇺 طويل.'
const kremlin = 'https://www.kremlin.ru/events/president/news'
const quote = 'تعد الأشهر المقبلة بمرحلة مثيرة.'
const firstItem = 'أولا 🕊️: وقف إطلاق النار'
const secondItem = 'ثانيا: تبادل الأسرى'
const embedUrl = 'https://www.youtube.com/watch?v=dQw4w9WgXcQ'
const fallback = 'ستيف ويتكوف يصل إلى موسكو'
const closing = 'قال الخبراء إن الطريق طويل.'
const blockCaption = 'الكرملين في موسكو، 23 مارس 2025'
const leadCaption = 'ويتكوف لدى وصوله إلى موسكو'
const authorPage = 'https://www.news.example.org/authors/layla-hassan'
const template = 'https://www.news.example.org/{language}/{slug}'

const jpeg = (id: string, width: number) => `${baseUrl}/v1/media/${id}?w=${width}&format=jpeg`

/** A JPEG of a size, made here. */
async function photo (width: number, height: number, background: string): Promise<Buffer> {
  return await sharp({ create: { width, height, channels: 3, background } }).jpeg().toBuffer()
}

/** Uploads a picture and gives it its texts, as an editor does: the picture as the PATCH answered. */
async function picture (t: Test, app: App, editor: string, bytes: Buffer, texts: Record<string, unknown>) {
  const uploaded = await app.inject({ method: 'POST', url: '/v1/media', headers: { ...bearer(editor), 'content-type': 'image/jpeg' }, payload: bytes })
  t.equal(uploaded.statusCode, 201, uploaded.body)
  const described = await app.inject({ method: 'PATCH', url: `/v1/media/${uploaded.json().id}`, headers: { ...bearer(editor), 'if-match': String(uploaded.headers.etag) }, payload: texts })
  t.equal(described.statusCode, 200, described.body)
  return described.json()
}

/** The size of a rendition the formats name, fetched from the API as a partner would. */
async function renditionAt (app: App, url: string) {
  const response = await app.inject({ method: 'GET', url: url.slice(baseUrl.length) })
  const { format, width, height } = await sharp(response.rawPayload).metadata()
  return { status: response.statusCode, type: response.headers['content-type'], format, width, height }
}

t.test('a full article with author, lead image, image block, quote, list, embed, links and topics, written through the API and read in every format', async (t) => {
  const app = await build(t, { publicBaseUrl: baseUrl, articleUrlTemplate: template, publisher })
  const editor = await tokenFor(app, 'editor')

  const lead = await picture(t, app, editor, await photo(1280, 720, '#2c3e50'), { alt: { ar: 'ستيف ويتكوف في موسكو', en: 'Steve Witkoff in Moscow' }, caption: 'ويتكوف في موسكو', credit: 'Foto: A. Fotograf', copyrightNotice: '© 2025 A. Fotograf' })
  const inText = await picture(t, app, editor, await photo(800, 600, '#c0392b'), { alt: { ar: 'الكرملين من بعيد' }, caption: 'الكرملين', credit: 'رويترز', copyrightNotice: '© 2025 Reuters' })
  const portrait = await picture(t, app, editor, await photo(640, 640, '#7f8c8d'), { alt: { ar: 'ليلى حسن' } })

  const authorResponse = await app.inject({ method: 'POST', url: '/v1/authors', headers: bearer(editor), payload: { name: 'ليلى حسن', url: authorPage, image: portrait.id, email: 'layla@news.example.org' } })
  t.equal(authorResponse.statusCode, 201, authorResponse.body)
  const author = authorResponse.json()
  const politicsResponse = await app.inject({ method: 'POST', url: '/v1/topics', headers: bearer(editor), payload: { names: { ar: 'السياسة', en: 'Politics' }, mediaTopic: 'medtop:11000000' } })
  const ukraineResponse = await app.inject({ method: 'POST', url: '/v1/topics', headers: bearer(editor), payload: { names: { de: 'Ukraine', en: 'Ukraine' } } })
  t.same([politicsResponse.statusCode, ukraineResponse.statusCode], [201, 201])
  const politics = politicsResponse.json()
  const ukraine = ukraineResponse.json()

  const linkSpan = span(paragraph, '«السلام ممكن»')
  t.not(linkSpan.start, paragraph.indexOf('«السلام ممكن»'), 'the fixture tells code points from UTF-16 units')
  const sections: Array<{ heading: string | null, blocks: BlockBody[] }> = [
    {
      heading: null,
      blocks: [
        {
          type: 'paragraph',
          text: paragraph,
          marks: [
            { type: 'link', ...linkSpan, href: kremlin },
            { type: 'strong', ...span(paragraph, 'السلام') },
            { type: 'emphasis', ...span(paragraph, 'ويتكوف') }
          ]
        },
        { type: 'quote', text: quote, attribution: 'ستيف ويتكوف' },
        { type: 'list', ordered: true, items: [{ text: firstItem, marks: [{ type: 'strong', ...span(firstItem, 'وقف إطلاق النار') }] }, { text: secondItem }] }
      ]
    },
    {
      heading: 'ردود الفعل',
      blocks: [
        { type: 'image', id: inText.id, caption: blockCaption },
        { type: 'embed', url: embedUrl, provider: 'YouTube', fallback },
        { type: 'paragraph', text: closing }
      ]
    }
  ]
  const place = { name: 'Moskau, Russland', locality: 'Moskau', country: 'Russland', countryCode: 'RU', latitude: 55.7558, longitude: 37.6173 }
  const created = await app.inject({
    method: 'POST',
    url: '/v1/articles',
    headers: bearer(editor),
    payload: {
      title: 'اجتماع في موسكو',
      language: 'ar',
      authors: [author.id],
      credit: 'dpa',
      topics: [politics.id, ukraine.id],
      image: { id: lead.id, caption: leadCaption },
      sections,
      metadata: { place, sources: [] }
    }
  })
  t.equal(created.statusCode, 201, created.body)
  const id = created.json().id as string
  t.equal(created.json().url, undefined, 'a draft has no page on the site yet')
  const published = await app.inject({ method: 'POST', url: `/v1/articles/${id}/publish`, headers: { ...bearer(editor), 'if-match': String(created.headers.etag) } })
  t.equal(published.statusCode, 200, published.body)

  const slug = 'اجتماع-في-موسكو'
  const canonical = `https://www.news.example.org/ar/${encodeURIComponent(slug)}`
  const apiAddress = `${baseUrl}/v1/articles/${id}`
  const byline = { id: author.id, name: 'ليلى حسن', slug: 'ليلى-حسن', url: authorPage, image: portrait }
  const topics = [
    { id: politics.id, slug: 'politics', names: { ar: 'السياسة', en: 'Politics' }, mediaTopic: 'medtop:11000000' },
    { id: ukraine.id, slug: 'ukraine', names: { de: 'Ukraine', en: 'Ukraine' }, mediaTopic: null }
  ]

  // What every format's HTML holds: the blocks in order, marks nested as written, the picture in the text with its renditions.
  const html: Tree[] = [['div', { lang: 'ar', dir: 'rtl' }, [
    ['p', {}, ['قال 🕊️ المبعوث ', ['em', {}, ['ويتكوف']], ' في موسكو إن ', ['a', { href: kremlin }, ['«', ['strong', {}, ['السلام']], ' ممكن»']], ' بعد لقاء 🇷🇺 طويل.']],
    ['figure', {}, [['blockquote', {}, [['p', {}, [quote]]]], ['figcaption', {}, ['— ستيف ويتكوف']]]],
    ['ol', {}, [['li', {}, ['أولا 🕊️: ', ['strong', {}, ['وقف إطلاق النار']]]], ['li', {}, [secondItem]]]],
    ['h2', {}, ['ردود الفعل']],
    ['figure', {}, [
      ['img', { src: jpeg(inText.id, 640), srcset: `${jpeg(inText.id, 320)} 320w, ${jpeg(inText.id, 640)} 640w`, sizes: '100vw', width: '800', height: '600', alt: 'الكرملين من بعيد' }, []],
      ['figcaption', {}, [`${blockCaption} `, ['small', {}, ['رويترز']]]]
    ]],
    ['figure', { class: 'embed' }, [['a', { href: embedUrl }, [fallback]], ['figcaption', {}, ['YouTube']]]],
    ['p', {}, [closing]]
  ]]]
  // ... and as plain text: no markup, the picture left out, the quote's attribution and the list's items on lines of their own.
  const text = [paragraph, `${quote}\n— ستيف ويتكوف`, `${firstItem}\n${secondItem}`, 'ردود الفعل', fallback, closing].join('\n\n')

  await t.test('the article as the API shows it: bylines, credit, topics, pictures, its page, and the blocks exactly as written', async (t) => {
    const response = await app.inject({ method: 'GET', url: `/v1/articles/${id}` })
    t.equal(response.statusCode, 200)
    const article = response.json()
    t.same([article.status, article.slug, article.url, article.language, article.direction], ['published', slug, canonical, 'ar', 'rtl'])
    t.strictSame(article.authors, [byline], 'the byline without the email')
    t.equal(article.credit, 'dpa')
    t.strictSame(article.topics, topics)
    t.strictSame(article.image, { id: lead.id, caption: leadCaption })
    t.strictSame(article.pictures, [lead, inText], 'the lead image first, each picture whole as its PATCH left it')
    t.strictSame(article.metadata.place, { ...place, names: {}, display: 'روسيا' }, 'as written, shown to Arabic readers by its country\'s name')
    t.strictSame(article.sections.map(({ heading, blocks }: { heading: string | null, blocks: unknown[] }) => ({ heading, blocks })), sections)
    for (const block of sections.flatMap((section) => section.blocks)) t.match(response.body, JSON.stringify(block), `the ${block.type} block byte for byte`)
    t.same(published.json(), article, 'publishing answered the article as it now reads')
  })

  await t.test('ninjs 3.1 and 2.2: byline, subjects, place, both pictures as associations, and the text as HTML and plain text', async (t) => {
    const v31 = (await app.inject({ method: 'GET', url: `/v1/articles/${id}/ninjs` })).json()
    t.same([v31.uri, v31.language, v31.pubStatus, v31.headlines], [apiAddress, 'ar', 'usable', [{ role: 'main', contentType: 'text/plain', value: 'اجتماع في موسكو' }]])
    t.equal(v31.by, 'ليلى حسن / dpa')
    t.strictSame(v31.people, [{ name: 'ليلى حسن', rel: 'author', contactInfo: [{ type: 'web', value: authorPage }] }])
    t.strictSame(v31.subjects, [
      { name: 'السياسة', literal: 'politics', uri: 'http://cv.iptc.org/newscodes/mediatopic/11000000' },
      { name: 'Ukraine', literal: 'ukraine' }
    ], 'named in Arabic where the topic has it, else in English')
    t.equal(v31.located, 'Moskau, Russland')
    t.strictSame(v31.places[0].geoJSON, { type: 'Point', coordinates: [37.6173, 55.7558] })
    t.equal(v31.copyrightNotice, publisher.copyrightNotice)
    t.strictSame(v31.renditions, [{ name: 'web', href: canonical, contentType: 'text/html' }])
    const associations = v31.associations as Array<Record<string, unknown>>
    t.same(associations.map((association) => [association.name, association.uri, association.type, association.by, association.copyrightNotice]), [
      ['lead image', `${baseUrl}/v1/media/${lead.id}`, 'picture', 'Foto: A. Fotograf', '© 2025 A. Fotograf'],
      ['image 2', `${baseUrl}/v1/media/${inText.id}`, 'picture', 'رويترز', '© 2025 Reuters']
    ])
    t.strictSame(associations.map((association) => association.descriptions), [
      [{ role: 'caption', contentType: 'text/plain', value: leadCaption }, { role: 'alt', contentType: 'text/plain', value: 'ستيف ويتكوف في موسكو' }],
      [{ role: 'caption', contentType: 'text/plain', value: blockCaption }, { role: 'alt', contentType: 'text/plain', value: 'الكرملين من بعيد' }]
    ], 'the captions this article gives, the alt texts in Arabic')
    t.strictSame((associations[1]?.renditions as unknown[]).filter((rendition) => (rendition as { contentType: string }).contentType === 'image/jpeg'), [
      { name: 'jpeg-320', href: jpeg(inText.id, 320), contentType: 'image/jpeg', width: 320, height: 240 },
      { name: 'jpeg-640', href: jpeg(inText.id, 640), contentType: 'image/jpeg', width: 640, height: 480 }
    ])
    const bodies = v31.bodies as Array<{ role: string, contentType: string, value: string }>
    t.same(bodies.map((body) => [body.role, body.contentType]), [['main', 'text/plain'], ['richtext', 'text/html']])
    t.equal(bodies[0]?.value, text)
    t.strictSame(parsed(bodies[1]?.value), html, 'the HTML: marks nested as written, every block in order, in a <div lang dir>')
    t.same(await renditionAt(app, jpeg(inText.id, 640)), { status: 200, type: 'image/jpeg', format: 'jpeg', width: 640, height: 480 }, 'the <img> src is a rendition the API serves')

    const v22 = (await app.inject({ method: 'GET', url: `/v1/articles/${id}/ninjs?version=2.2` })).json()
    t.same([v22.uri, v22.by, v22.copyrightnotice, v22.standard.version], [apiAddress, 'ليلى حسن / dpa', publisher.copyrightNotice, '2.2'])
    t.strictSame((v22.associations as Array<{ descriptions: unknown }>).map((association) => association.descriptions), [
      [{ role: 'caption', contenttype: 'text/plain', value: leadCaption }, { role: 'alt', contenttype: 'text/plain', value: 'ستيف ويتكوف في موسكو' }],
      [{ role: 'caption', contenttype: 'text/plain', value: blockCaption }, { role: 'alt', contenttype: 'text/plain', value: 'الكرملين من بعيد' }]
    ])
    t.strictSame(parsed((v22.bodies as Array<{ role: string, value: string }>).find((body) => body.role === 'richtext')?.value), html, 'the same HTML')
    t.strictSame(v22.subjects, v31.subjects)
  })

  await t.test('ninjs 3.1 and 2.2 are valid against IPTC\'s schemas', { skip: sharedMissing('ninjs/ninjs-schema_3.1.json') }, async (t) => {
    const validate = ninjsValidators()
    for (const version of ['3.1', '2.2'] as const) {
      const document = (await app.inject({ method: 'GET', url: `/v1/articles/${id}/ninjs?version=${version}` })).json()
      t.ok(validate[version](document), `${version}: ${JSON.stringify(validate[version].errors)}`)
    }
  })

  const ldResponse = await app.inject({ method: 'GET', url: `/v1/articles/${id}/jsonld` })
  const ld = ldResponse.json()

  await t.test('JSON-LD: author and credit, both pictures, the publisher, the topics, and the text without markup', async (t) => {
    t.equal(ldResponse.statusCode, 200)
    t.same([ld['@type'], ld.url, ld.mainEntityOfPage, ld.headline, ld.inLanguage], ['NewsArticle', canonical, canonical, 'اجتماع في موسكو', 'ar'])
    t.strictSame(ld.author, [{ '@type': 'Person', name: 'ليلى حسن', url: authorPage }, { '@type': 'Organization', name: 'dpa' }])
    t.strictSame(ld.image, [
      { '@type': 'ImageObject', url: jpeg(lead.id, 1280), width: 1280, height: 720, caption: leadCaption, creditText: 'Foto: A. Fotograf', copyrightNotice: '© 2025 A. Fotograf' },
      { '@type': 'ImageObject', url: jpeg(inText.id, 640), width: 640, height: 480, caption: blockCaption, creditText: 'رويترز', copyrightNotice: '© 2025 Reuters' }
    ], 'each picture\'s largest JPEG')
    t.strictSame(ld.publisher, { '@type': 'Organization', name: publisher.name, url: publisher.url, logo: { '@type': 'ImageObject', url: publisher.logoUrl } })
    t.strictSame(ld.about, [{ '@type': 'Thing', name: 'السياسة', sameAs: 'http://cv.iptc.org/newscodes/mediatopic/11000000' }, { '@type': 'Thing', name: 'Ukraine' }])
    t.equal(ld.locationCreated.name, 'Moskau, Russland')
    t.equal(ld.articleBody, text, 'the quote, its attribution, the list and the embed\'s fallback as plain text')
    t.notMatch(ld.articleBody, /[<>]/, 'no HTML')
    t.same(await renditionAt(app, jpeg(lead.id, 1280)), { status: 200, type: 'image/jpeg', format: 'jpeg', width: 1280, height: 720 }, 'the image URL is a rendition the API serves')
  })

  await t.test('JSON-LD expanded with schema.org\'s context, as partners\' processors read it', { skip: sharedMissing('schemaorg/schemaorgcontext-30.0.jsonld') }, async (t) => {
    const [node] = await jsonld.expand(ld, { documentLoader }) as Array<Record<string, Array<Record<string, unknown>>>>
    t.same(node?.['@type'], [schema('NewsArticle')])
    t.same(node?.[schema('url')], [{ '@id': canonical }])
    t.same(node?.[schema('author')]?.map((person) => [person['@type'], person[schema('name')], person[schema('url')]]), [
      [[schema('Person')], [{ '@value': 'ليلى حسن' }], [{ '@id': authorPage }]],
      [[schema('Organization')], [{ '@value': 'dpa' }], undefined]
    ])
    t.same(node?.[schema('image')]?.map((image) => [image['@type'], image[schema('url')], image[schema('caption')], image[schema('creditText')]]), [
      [[schema('ImageObject')], [{ '@id': jpeg(lead.id, 1280) }], [{ '@value': leadCaption }], [{ '@value': 'Foto: A. Fotograf' }]],
      [[schema('ImageObject')], [{ '@id': jpeg(inText.id, 640) }], [{ '@value': blockCaption }], [{ '@value': 'رويترز' }]]
    ])
    const [organization] = node?.[schema('publisher')] ?? []
    t.same(organization?.[schema('name')], [{ '@value': publisher.name }])
    t.same(node?.[schema('about')]?.map((thing) => [thing[schema('name')], thing[schema('sameAs')]]), [
      [[{ '@value': 'السياسة' }], [{ '@id': 'http://cv.iptc.org/newscodes/mediatopic/11000000' }]],
      [[{ '@value': 'Ukraine' }], undefined]
    ])
    t.same(node?.[schema('articleBody')], [{ '@value': text }])
  })

  await t.test('JSON-LD: Google\'s checks of the structured-data-testing-tool pass', async (t) => {
    const result = await googleCheck(`<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>t</title><script type="application/ld+json">${ldResponse.body}</script></head><body></body></html>`)
    t.same(result.failed.map((test) => test.test), [], 'no failure')
    t.ok(result.passed.length >= 10, 'the NewsArticle tests ran')
    t.ok(result.schemas.includes('NewsArticle'))
  })

  await t.test('RSS: the page as link, creators, categories, the lead image, and the full text as HTML', async (t) => {
    const item = parseFeed((await app.inject({ method: 'GET', url: '/v1/feeds/rss.xml' })).body).items.find((candidate) => candidate.id === `urn:uuid:${id}`)
    t.equal(item?.url, canonical)
    t.same(item?.authors.map((creator) => creator.name), ['ليلى حسن', 'dpa'])
    t.same(item?.categories.map((category) => category.label), ['السياسة', 'Ukraine'])
    t.same(item?.mediaImages.map((image) => [image.url, image.mimeType]), [[jpeg(lead.id, 1280), 'image/jpeg']])
    const media = item?.element.findElementWithName('content')
    t.equal(media?.findElementWithName('description')?.textContent, leadCaption)
    t.equal(media?.findElementWithName('credit')?.textContent, 'Foto: A. Fotograf')
    t.strictSame(parsed(item?.content), html, 'content:encoded: the same HTML as ninjs')
  })

  await t.test('Atom: the page as alternate, authors with their pages, categories, and the full text as HTML', async (t) => {
    const entry = parseFeed((await app.inject({ method: 'GET', url: '/v1/feeds/atom.xml' })).body).items.find((candidate) => candidate.id === `urn:uuid:${id}`)
    t.equal(entry?.url, canonical)
    t.same(entry?.element.findElementsWithName('link').map((link) => [link.getAttribute('type'), link.getAttribute('href')]), [['text/html', canonical], ['application/json', apiAddress]])
    t.same(entry?.authors.map((person) => [person.name, person.url]), [['ليلى حسن', authorPage], ['dpa', null]])
    t.same(entry?.categories.map((category) => [category.term, category.label]), [['politics', 'السياسة'], ['ukraine', 'Ukraine']])
    t.strictSame(parsed(entry?.content), html, 'the same HTML as ninjs')
  })

  await t.test('JSON Feed: the page as url, the author with a picture, the lead image, tags, and the text as HTML and plain text', async (t) => {
    const body = JSON.parse((await app.inject({ method: 'GET', url: '/v1/feeds/feed.json' })).body)
    const item = body.items.find((candidate: { id: string }) => candidate.id === `urn:uuid:${id}`)
    t.equal(item?.url, canonical)
    t.strictSame(item?.authors, [{ name: 'ليلى حسن', url: authorPage, avatar: jpeg(portrait.id, 640) }, { name: 'dpa' }])
    t.equal(item?.image, jpeg(lead.id, 1280))
    t.strictSame(item?.tags, ['السياسة', 'Ukraine'])
    t.equal(item?.language, 'ar')
    t.equal(item?.content_text, text)
    t.strictSame(parsed(item?.content_html), html, 'the same HTML as ninjs')
    t.same(await renditionAt(app, jpeg(portrait.id, 640)), { status: 200, type: 'image/jpeg', format: 'jpeg', width: 640, height: 640 }, 'the avatar is a rendition the API serves')
  })

  await t.test('the change feed tells partners it was published, once', async (t) => {
    const changes = (await app.inject({ method: 'GET', url: '/v1/changes' })).json()
    t.same(changes.data.filter((change: { articleId: string }) => change.articleId === id).map((change: { type: string, version: number, takedown: boolean }) => [change.type, change.version, change.takedown]), [['article.published', published.json().version, false]])
  })
})
