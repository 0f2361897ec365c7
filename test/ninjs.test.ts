// GET /v1/articles/{ref}/ninjs: IPTC ninjs 3.1 and 2.2, exact and valid against IPTC's own schemas; public articles only.
import { readFileSync } from 'node:fs'
import t from 'tap'
import { v7 as uuidv7 } from 'uuid'
import { addArticle, bearer, build, createDraft, seedId, seedSlug, sharedMissing, tokenFor } from './helper.js'
import { baseUrl, ninjsValidators, republishedArticle } from './formats-helper.js'

const seed = JSON.parse(readFileSync(new URL('../seeds/seed-article.json', import.meta.url), 'utf8')) as {
  title: string
  sections: Array<{ heading: string | null, blocks: Array<{ text: string }> }>
}
const seedPieces = seed.sections.flatMap((section) => [...(section.heading === null ? [] : [section.heading]), ...section.blocks.map((block) => block.text)])
const escape = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll('\'', '&#39;')
const seedHtml = `<div lang="ar" dir="rtl">${seed.sections.map((section) => `${section.heading === null ? '' : `<h2>${escape(section.heading)}</h2>`}${section.blocks.map((block) => `<p>${escape(block.text)}</p>`).join('')}`).join('')}</div>`
const seedCounts = { charCount: [...seedPieces.join('')].length, wordCount: 334 }

const seed31 = {
  uri: `${baseUrl}/v1/articles/${seedId}`,
  type: 'text',
  representationType: 'full',
  version: '1',
  firstCreated: '2025-03-23T00:00:00.000Z',
  versionCreated: '2025-03-23T00:00:00.000Z',
  pubStatus: 'usable',
  edNote: 'Machine-translated from German. Not reviewed by an editor yet.',
  language: 'ar',
  headlines: [{ role: 'main', contentType: 'text/plain', value: seed.title }],
  bodies: [
    { role: 'main', contentType: 'text/plain', ...seedCounts, value: seedPieces.join('\n\n') },
    { role: 'richtext', contentType: 'text/html', ...seedCounts, value: seedHtml }
  ],
  located: 'Moskau, Russland',
  places: [
    {
      name: 'Moskau, Russland',
      rel: 'located',
      geoJSON: { type: 'Point', coordinates: [37.6173, 55.7558] },
      contactInfo: [{ type: 'address', address: { locality: 'Moskau', country: 'Russland' } }]
    },
    { name: 'Russland', rel: 'located', uri: 'http://cvx.iptc.org/iso3166-1a2/ru' }
  ],
  standard: { name: 'ninjs', version: '3.1', schema: 'http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#' }
}

const seed22 = {
  uri: seed31.uri,
  type: 'text',
  representationtype: 'full',
  version: '1',
  firstcreated: '2025-03-23T00:00:00.000Z',
  versioncreated: '2025-03-23T00:00:00.000Z',
  pubstatus: 'usable',
  ednote: 'Machine-translated from German. Not reviewed by an editor yet.',
  language: 'ar',
  headlines: [{ role: 'main', contenttype: 'text/plain', value: seed.title }],
  bodies: [
    { role: 'main', contenttype: 'text/plain', charcount: seedCounts.charCount, wordcount: seedCounts.wordCount, value: seedPieces.join('\n\n') },
    { role: 'richtext', contenttype: 'text/html', charcount: seedCounts.charCount, wordcount: seedCounts.wordCount, value: seedHtml }
  ],
  located: 'Moskau, Russland',
  places: [
    {
      name: 'Moskau, Russland',
      rel: 'located',
      geojson: { type: 'Point', coordinates: [37.6173, 55.7558] },
      contactinfo: [{ type: 'address', address: { locality: 'Moskau', country: 'Russland' } }]
    },
    { name: 'Russland', rel: 'located', uri: 'http://cvx.iptc.org/iso3166-1a2/ru' }
  ],
  standard: { name: 'ninjs', version: '2.2', schema: 'http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json#' }
}

/** A published article with a place and sources, as partners would get it. */
async function reportWithSources (app: Awaited<ReturnType<typeof build>>) {
  return await addArticle(app, {
    title: 'Talks in <Geneva> & "beyond"',
    language: 'en-GB',
    originalLanguage: 'de',
    sections: [
      { id: uuidv7(), heading: null, blocks: [{ type: 'paragraph', text: 'Delegates met on Monday.' }] },
      { id: uuidv7(), heading: 'What\'s next', blocks: [{ type: 'paragraph', text: 'More talks < soon.' }] }
    ],
    metadata: {
      place: { name: 'Genf, Schweiz', locality: 'Genf', country: 'Schweiz', countryCode: 'CH', latitude: 46.2044, longitude: 6.1432 },
      sources: [
        { name: 'Interview with Steve Witkoff', url: 'https://example.com/interviews/witkoff', publisher: 'Example Media' },
        { name: 'Agency report', url: null, publisher: null },
        { name: 'Ministry statement', url: 'https://example.gov/statements/42', publisher: null },
        { name: 'Phone call', url: null, publisher: 'Reuters' }
      ]
    }
  })
}

t.test('the seed article as ninjs 3.1, by default, every field exact', async (t) => {
  const app = await build(t, { publicBaseUrl: baseUrl })
  const response = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}/ninjs` })
  t.equal(response.statusCode, 200)
  t.equal(response.headers['content-type'], 'application/json; charset=utf-8')
  t.same(response.json(), seed31)
  t.same(Object.keys(response.json()), Object.keys(seed31), 'nothing more')
  const bySlug = await app.inject({ method: 'GET', url: `/v1/articles/${encodeURIComponent(seedSlug)}/ninjs?version=3.1` })
  t.equal(bySlug.body, response.body, 'by slug, and with version=3.1, the same')
})

t.test('the seed article as ninjs 2.2: the same fields under their lower-case names', async (t) => {
  const app = await build(t, { publicBaseUrl: baseUrl })
  const response = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}/ninjs?version=2.2` })
  t.equal(response.statusCode, 200)
  t.same(response.json(), seed22)
})

t.test('place and sources: located, places with coordinates and country, infoSources', async (t) => {
  const app = await build(t, { publicBaseUrl: baseUrl })
  const article = (await reportWithSources(app))
  const v31 = (await app.inject({ method: 'GET', url: `/v1/articles/${article.id}/ninjs` })).json()
  t.match(v31, {
    uri: `${baseUrl}/v1/articles/${article.id}`,
    language: 'en-GB',
    headlines: [{ role: 'main', contentType: 'text/plain', value: 'Talks in <Geneva> & "beyond"' }],
    located: 'Genf, Schweiz'
  })
  t.same(v31.bodies, [
    { role: 'main', contentType: 'text/plain', charCount: 24 + 11 + 18, wordCount: 4 + 2 + 3, value: 'Delegates met on Monday.\n\nWhat\'s next\n\nMore talks < soon.' },
    { role: 'richtext', contentType: 'text/html', charCount: 53, wordCount: 9, value: '<div lang="en-GB" dir="ltr"><p>Delegates met on Monday.</p><h2>What&#39;s next</h2><p>More talks &lt; soon.</p></div>' }
  ])
  t.same(v31.places, [
    { name: 'Genf, Schweiz', rel: 'located', geoJSON: { type: 'Point', coordinates: [6.1432, 46.2044] }, contactInfo: [{ type: 'address', address: { locality: 'Genf', country: 'Schweiz' } }] },
    { name: 'Schweiz', rel: 'located', uri: 'http://cvx.iptc.org/iso3166-1a2/ch' }
  ])
  t.same(v31.infoSources, [
    { name: 'Example Media', role: 'source', contactInfo: [{ type: 'web', role: 'source', name: 'Interview with Steve Witkoff', value: 'https://example.com/interviews/witkoff' }] },
    { name: 'Agency report', role: 'source' },
    { name: 'Ministry statement', role: 'source', contactInfo: [{ type: 'web', role: 'source', name: 'Ministry statement', value: 'https://example.gov/statements/42' }] },
    { name: 'Reuters', role: 'source' }
  ], 'the party is the publisher (or the source), the document its web contact in the role of source')
  const v22 = (await app.inject({ method: 'GET', url: `/v1/articles/${article.id}/ninjs?version=2.2` })).json()
  t.same(v22.infosources, [
    { name: 'Example Media', role: 'source', contactinfo: [{ type: 'web', role: 'source', name: 'Interview with Steve Witkoff', value: 'https://example.com/interviews/witkoff' }] },
    { name: 'Agency report', role: 'source' },
    { name: 'Ministry statement', role: 'source', contactinfo: [{ type: 'web', role: 'source', name: 'Ministry statement', value: 'https://example.gov/statements/42' }] },
    { name: 'Reuters', role: 'source' }
  ])
  t.same(v22.places, [
    { name: 'Genf, Schweiz', rel: 'located', geojson: { type: 'Point', coordinates: [6.1432, 46.2044] }, contactinfo: [{ type: 'address', address: { locality: 'Genf', country: 'Schweiz' } }] },
    { name: 'Schweiz', rel: 'located', uri: 'http://cvx.iptc.org/iso3166-1a2/ch' }
  ])
})

t.test('what is not known is left out', async (t) => {
  const app = await build(t, { publicBaseUrl: baseUrl })
  const bare = await addArticle(app, { metadata: { place: { name: 'Somewhere', locality: null, country: null, countryCode: null, latitude: 10, longitude: null }, sources: [] } })
  const body = (await app.inject({ method: 'GET', url: `/v1/articles/${bare.id}/ninjs` })).json()
  t.same(body.places, [{ name: 'Somewhere', rel: 'located' }], 'no half coordinates, no empty address, no country')
  t.notOk('infoSources' in body)
  const codeOnly = await addArticle(app, { metadata: { place: { name: 'Kyiv', locality: null, country: null, countryCode: 'UA', latitude: null, longitude: null }, sources: [] } })
  t.same((await app.inject({ method: 'GET', url: `/v1/articles/${codeOnly.id}/ninjs` })).json().places, [
    { name: 'Kyiv', rel: 'located' },
    { name: 'UA', rel: 'located', uri: 'http://cvx.iptc.org/iso3166-1a2/ua' }
  ])
  const nowhere = await addArticle(app)
  const plain = (await app.inject({ method: 'GET', url: `/v1/articles/${nowhere.id}/ninjs` })).json()
  t.notOk('located' in plain || 'places' in plain)
})

t.test('valid against IPTC\'s ninjs 3.1 and 2.2 schemas', { skip: sharedMissing('ninjs/ninjs-schema_3.1.json') }, async (t) => {
  const validators = ninjsValidators()
  const app = await build(t, { publicBaseUrl: baseUrl })
  const articles = [
    seedId,
    (await reportWithSources(app)).id,
    (await addArticle(app)).id,
    (await addArticle(app, { title: '<b>&"\'', language: 'de-CH-1996', sections: [], metadata: { place: { name: 'Kyiv', locality: null, country: null, countryCode: 'UA', latitude: null, longitude: null }, sources: [] } })).id
  ]
  for (const id of articles) {
    for (const version of ['3.1', '2.2'] as const) {
      const body = (await app.inject({ method: 'GET', url: `/v1/articles/${id}/ninjs?version=${version}` })).json()
      const validate = validators[version]
      t.ok(validate(body), `${id} as ninjs ${version}`)
      t.same(validate.errors ?? [], [])
    }
  }
  // The validator does refuse: an unknown top-level field, and a 3.1 name in a 2.2 document.
  t.notOk(validators['3.1']({ ...seed31, commentCount: 0 }), 'unknown fields are refused')
  t.notOk(validators['2.2']({ ...seed22, versionCreated: seed22.versioncreated }), '3.1 names are not 2.2 ones')
  t.notOk(validators['3.1'](seed22), 'nor are 2.2 names 3.1 ones')
})

t.test('only published articles; 404 for others, even for editors', async (t) => {
  const app = await build(t, { publicBaseUrl: baseUrl })
  const editor = bearer(await tokenFor(app, 'editor'))
  const hidden = [
    await addArticle(app, { status: 'draft', publishedAt: null }),
    await addArticle(app, { status: 'archived' }),
    await addArticle(app, { status: 'published', publishedAt: '2099-01-01T00:00:00.000Z' })
  ]
  for (const article of hidden) {
    for (const headers of [{}, editor]) {
      const response = await app.inject({ method: 'GET', url: `/v1/articles/${article.id}/ninjs`, headers })
      t.equal(response.statusCode, 404, `${article.status} ${article.publishedAt}`)
      t.equal(response.json().type, '/problems/not-found')
    }
  }
  t.equal((await app.inject({ method: 'GET', url: '/v1/articles/no-such-article/ninjs' })).statusCode, 404)
  t.equal((await app.inject({ method: 'GET', url: '/v1/articles/no-such-article/ninjs', headers: { authorization: 'Bearer not-a-token' } })).statusCode, 401, 'a token sent must be valid')
})

t.test('a version other than 3.1 or 2.2, or an unknown parameter, is a 400', async (t) => {
  const app = await build(t)
  for (const query of ['version=3', 'version=3.0', 'version=2.2.0', 'version=', 'version=2.2&version=3.1', 'lang=ar', 'format=xml']) {
    const response = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}/ninjs?${query}` })
    t.equal(response.statusCode, 400, query)
    t.equal(response.json().type, '/problems/invalid-request')
  }
})

t.test('uri comes from PUBLIC_BASE_URL, never from the Host header', async (t) => {
  const app = await build(t, { publicBaseUrl: 'https://partners.example.org/cms' })
  const plain = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}/ninjs` })
  const forged = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}/ninjs`, headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example' } })
  t.equal(forged.body, plain.body)
  t.equal(plain.json().uri, `https://partners.example.org/cms/v1/articles/${seedId}`)
})

t.test('published again after unpublishing: firstCreated is the first publication, versionCreated the latest change', async (t) => {
  const app = await build(t, { publicBaseUrl: baseUrl })
  const { firstPublishedAt, article } = await republishedArticle(app)
  const v31 = (await app.inject({ method: 'GET', url: `/v1/articles/${article.id}/ninjs` })).json()
  t.match(v31, { firstCreated: firstPublishedAt, versionCreated: article.updatedAt, pubStatus: 'usable' })
  const v22 = (await app.inject({ method: 'GET', url: `/v1/articles/${article.id}/ninjs?version=2.2` })).json()
  t.match(v22, { firstcreated: firstPublishedAt, versioncreated: article.updatedAt })
})

t.test('a kill notice: once a public article is unpublished, archived or deleted, its ninjs says canceled', async (t) => {
  const app = await build(t, { publicBaseUrl: baseUrl })
  const editor = bearer(await tokenFor(app, 'editor'))
  const validators = sharedMissing('ninjs/ninjs-schema_3.1.json') ? undefined : ninjsValidators()
  const withdraw = async (id: string, how: 'unpublish' | 'archive' | 'delete') => {
    const etag = String((await app.inject({ method: 'GET', url: `/v1/articles/${id}`, headers: editor })).headers.etag)
    const response = how === 'delete'
      ? await app.inject({ method: 'DELETE', url: `/v1/articles/${id}`, headers: { ...editor, 'if-match': etag } })
      : await app.inject({ method: 'POST', url: `/v1/articles/${id}/${how}`, headers: { ...editor, 'if-match': etag } })
    t.ok(response.statusCode < 300, `${how}: ${response.statusCode}`)
  }
  for (const how of ['unpublish', 'archive', 'delete'] as const) {
    const article = await addArticle(app, { title: `Withdrawn by ${how}` })
    const before = (await app.inject({ method: 'GET', url: `/v1/articles/${article.id}/ninjs` })).json()
    await withdraw(article.id, how)
    const lastChange = (await app.inject({ method: 'GET', url: '/v1/changes?limit=1000' })).json().data.at(-1)
    t.match(lastChange, { articleId: article.id, takedown: true })
    for (const ref of how === 'delete' ? [article.id] : [article.id, article.slug]) {
      const response = await app.inject({ method: 'GET', url: `/v1/articles/${encodeURIComponent(ref)}/ninjs` })
      t.equal(response.statusCode, 200, `${how}, by ${ref === article.id ? 'id' : 'slug'}`)
      t.same(response.json(), {
        uri: before.uri,
        type: 'text',
        representationType: 'partial',
        version: String(lastChange.version),
        versionCreated: lastChange.at,
        pubStatus: 'canceled',
        standard: before.standard
      }, 'the same uri, canceled, and nothing of the withdrawn text')
      // The withdrawal's time, as Last-Modified gives any change: the start of the second after it, never later than Date.
      const nextSecond = Math.floor(Date.parse(lastChange.at) / 1000) * 1000 + 1000
      t.equal(response.headers['last-modified'], new Date(Math.min(nextSecond, Date.parse(String(response.headers.date)))).toUTCString())
      t.match(response.headers.etag, /^"/)
    }
    const v22 = (await app.inject({ method: 'GET', url: `/v1/articles/${article.id}/ninjs?version=2.2` })).json()
    t.same(v22, {
      uri: before.uri,
      type: 'text',
      representationtype: 'partial',
      version: String(lastChange.version),
      versioncreated: lastChange.at,
      pubstatus: 'canceled',
      standard: { name: 'ninjs', version: '2.2', schema: 'http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json#' }
    })
    if (validators !== undefined) {
      const v31 = (await app.inject({ method: 'GET', url: `/v1/articles/${article.id}/ninjs` })).json()
      t.ok(validators['3.1'](v31), 'valid ninjs 3.1')
      t.same(validators['3.1'].errors ?? [], [])
      t.ok(validators['2.2'](v22), 'valid ninjs 2.2')
      t.same(validators['2.2'].errors ?? [], [])
    }
    t.equal((await app.inject({ method: 'GET', url: `/v1/articles/${article.id}/jsonld` })).statusCode, 404, 'other formats are simply gone')
  }
})

t.test('no kill notice for what was never public, and none once the article is public again', async (t) => {
  const app = await build(t, { publicBaseUrl: baseUrl })
  const editor = await tokenFor(app, 'editor')
  const { article, etag } = await createDraft(app, editor)
  const scheduled = await app.inject({ method: 'POST', url: `/v1/articles/${article.id}/publish`, headers: { ...bearer(editor), 'if-match': etag }, payload: { publishAt: '2099-01-01T00:00:00.000Z' } })
  const calledOff = await app.inject({ method: 'POST', url: `/v1/articles/${article.id}/unpublish`, headers: { ...bearer(editor), 'if-match': String(scheduled.headers.etag) } })
  t.equal((await app.inject({ method: 'GET', url: `/v1/articles/${article.id}/ninjs` })).statusCode, 404, 'a draft never public: nothing to cancel')
  const draftEtag = String((await app.inject({ method: 'DELETE', url: `/v1/articles/${article.id}`, headers: { ...bearer(editor), 'if-match': String(calledOff.headers.etag) } })).statusCode)
  t.equal(draftEtag, '204')
  t.equal((await app.inject({ method: 'GET', url: `/v1/articles/${article.id}/ninjs` })).statusCode, 404, 'nor once deleted')

  const { article: story, etag: storyEtag } = await createDraft(app, editor, { title: 'Back soon' })
  const published = await app.inject({ method: 'POST', url: `/v1/articles/${story.id}/publish`, headers: { ...bearer(editor), 'if-match': storyEtag } })
  const unpublished = await app.inject({ method: 'POST', url: `/v1/articles/${story.id}/unpublish`, headers: { ...bearer(editor), 'if-match': String(published.headers.etag) } })
  t.equal((await app.inject({ method: 'GET', url: `/v1/articles/${story.id}/ninjs` })).json().pubStatus, 'canceled')
  await app.inject({ method: 'POST', url: `/v1/articles/${story.id}/publish`, headers: { ...bearer(editor), 'if-match': String(unpublished.headers.etag) } })
  t.equal((await app.inject({ method: 'GET', url: `/v1/articles/${story.id}/ninjs` })).json().pubStatus, 'usable', 'public again: usable')
})
