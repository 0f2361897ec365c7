// Labels: the Arabic ones exactly, fallback along the tag, caching, and every message formatted as a frontend's ICU would.
import t from 'tap'
import { IntlMessageFormat } from 'intl-messageformat'
import type { Static } from 'typebox'
import type { Article } from '../src/articles/schemas.js'
import type { LabelsBody } from '../src/labels/schemas.js'
import type { App } from '../src/app.js'
import { bearer, build, readShared, seedId, sharedMissing, tokenFor } from './helper.js'

const arabic: LabelsBody = {
  locale: 'ar',
  requested: 'ar',
  direction: 'rtl',
  messages: {
    details: 'التفاصيل',
    place: 'المكان',
    sources: 'المصادر',
    commentsHeading: 'التعليقات ({count, number})',
    comments: '{count, plural, zero {لا تعليقات} one {تعليق واحد} two {تعليقان} few {# تعليقات} many {# تعليقًا} other {# تعليق}}',
    published: 'نُشر في {date, date, long}',
    updated: 'حُدِّث في {date, date, long}',
    by: 'بقلم {authors}',
    translatedFrom: 'مترجم عن {language}',
    readingTime: '{minutes, plural, zero {مدة القراءة: أقل من دقيقة} one {مدة القراءة: دقيقة واحدة} two {مدة القراءة: دقيقتان} few {مدة القراءة: # دقائق} many {مدة القراءة: # دقيقة} other {مدة القراءة: # دقيقة}}'
  },
  languageNames: {
    ar: 'العربية',
    de: 'الألمانية',
    en: 'الإنجليزية',
    es: 'الإسبانية',
    fa: 'الفارسية',
    fr: 'الفرنسية',
    he: 'العبرية',
    it: 'الإيطالية',
    ja: 'اليابانية',
    pl: 'البولندية',
    pt: 'البرتغالية',
    ru: 'الروسية',
    tr: 'التركية',
    uk: 'الأوكرانية',
    zh: 'الصينية'
  }
}

async function labelsOf (app: App, lang: string): Promise<LabelsBody> {
  const response = await app.inject({ method: 'GET', url: `/v1/labels/${lang}` })
  if (response.statusCode !== 200) throw new Error(`GET /v1/labels/${lang} answered ${response.statusCode}`)
  return response.json()
}

/** Formats a message as a frontend would, dates in UTC so that the test does not depend on the machine's zone. */
function format (message: string, locale: string, values: Record<string, unknown>): string {
  return String(new IntlMessageFormat(message, locale, { date: { long: { timeZone: 'UTC' } } }).format(values as never))
}

const counts = [0, 1, 2, 3, 11, 100]
const published = new Date('2025-03-23T00:00:00.000Z')

t.test('the Arabic labels, exactly, with the locale in Content-Language and a day in caches', async (t) => {
  const app = await build(t)
  const response = await app.inject({ method: 'GET', url: '/v1/labels/ar' })
  t.equal(response.statusCode, 200)
  t.same(response.json(), arabic)
  t.equal(response.headers['content-language'], 'ar')
  t.equal(response.headers['cache-control'], 'public, max-age=86400, stale-while-revalidate=300')
  t.match(response.headers.etag, /^"ar-[0-9a-f]{16}"$/, 'a strong tag, named after the locale')
  t.equal(response.headers['surrogate-key'], 'labels')

  const withToken = await app.inject({ method: 'GET', url: '/v1/labels/ar', headers: bearer(await tokenFor(app, 'editor')) })
  t.equal(withToken.headers['cache-control'], 'private, no-store', 'an answer to a token is no shared cache\'s, as everywhere')
})

t.test('any other tag falls back along itself, in any case, then to English', async (t) => {
  const app = await build(t)
  const cases: Array<[string, string]> = [
    ['ar-EG', 'ar'],
    ['AR-eg', 'ar'],
    ['ar-Arab-EG', 'ar'],
    ['ar-EG-u-nu-arab', 'ar'],
    ['ar-x-newsroom', 'ar'],
    ['de', 'de'],
    ['de-AT', 'de'],
    ['de-CH-1996', 'de'],
    ['en-GB', 'en'],
    ['fr', 'en'],
    ['fr-CA', 'en'],
    ['zh-Hant-TW', 'en'],
    ['x-unknown', 'en']
  ]
  const tags = new Map<string, string>()
  for (const [requested, locale] of cases) {
    const response = await app.inject({ method: 'GET', url: `/v1/labels/${requested}` })
    t.equal(response.statusCode, 200, requested)
    const body = response.json() as LabelsBody
    t.match(body, { locale, requested }, `${requested} → ${locale}`)
    t.equal(response.headers['content-language'], locale, `${requested}: Content-Language`)
    t.same(body.messages, (await labelsOf(app, locale)).messages, `${requested}: the messages of ${locale}`)
    t.equal(tags.get(locale) ?? response.headers.etag, response.headers.etag, `${requested}: the tag of ${locale}`)
    tags.set(locale, String(response.headers.etag))
  }
  t.equal(new Set(tags.values()).size, 3, 'each locale its own tag')
  t.match(await labelsOf(app, 'de'), { direction: 'ltr', languageNames: { ar: 'Arabisch', de: 'Deutsch', en: 'Englisch' } })
  t.match(await labelsOf(app, 'en'), { direction: 'ltr', languageNames: { ar: 'Arabic', de: 'German', en: 'English' } })
})

t.test('a malformed tag is a 400 problem naming lang, as the document shows it', async (t) => {
  const app = await build(t)
  for (const lang of ['ar_EG', 'a', 'ar-', 'ar--EG', 'x', 'toolongtag', encodeURIComponent('عربي')]) {
    const response = await app.inject({ method: 'GET', url: `/v1/labels/${lang}` })
    t.equal(response.statusCode, 400, lang)
    t.match(response.headers['content-type'], /^application\/problem\+json/)
    t.equal(response.headers['cache-control'], 'no-store')
    t.notOk(response.headers['content-language'])
    t.match(response.json(), { type: '/problems/invalid-request', errors: [{ in: 'path', name: 'lang', detail: /^must match pattern/ }] }, lang)
  }
  const sent = (await app.inject({ method: 'GET', url: '/v1/labels/ar_EG' })).json()
  const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json()
  const example = document.paths['/v1/labels/{lang}'].get.responses['400'].content['application/problem+json'].examples['malformed-tag'].value
  t.same({ ...sent, instance: undefined }, { ...example, instance: undefined }, 'the example is what the server sends')
})

t.test('one strong tag per locale: a current If-None-Match is a 304, with no Content-Language', async (t) => {
  const app = await build(t)
  const first = await app.inject({ method: 'GET', url: '/v1/labels/ar' })
  const etag = String(first.headers.etag)
  t.equal((await app.inject({ method: 'GET', url: '/v1/labels/ar' })).headers.etag, etag, 'the same on every request')
  for (const headers of [{ 'if-none-match': etag }, { 'if-none-match': `W/${etag}` }, { 'if-none-match': `"other", ${etag}` }]) {
    const again = await app.inject({ method: 'GET', url: '/v1/labels/ar-EG', headers })
    t.equal(again.statusCode, 304, headers['if-none-match'])
    t.equal(again.body, '')
    t.equal(again.headers.etag, etag)
    t.equal(again.headers['cache-control'], 'public, max-age=86400, stale-while-revalidate=300')
    t.notOk(again.headers['content-language'], 'a 304 describes no representation (RFC 9110 §15.4.5)')
  }
  const german = await app.inject({ method: 'GET', url: '/v1/labels/de', headers: { 'if-none-match': etag } })
  t.equal(german.statusCode, 200, 'another locale\'s tag is not current')

  const compressed = await app.inject({ method: 'GET', url: '/v1/labels/ar', headers: { 'accept-encoding': 'br' } })
  t.equal(compressed.headers['content-encoding'], 'br')
  t.equal(compressed.headers.etag, `${etag.slice(0, -1)}-br"`, 'compressed, a tag of its own')
  const head = await app.inject({ method: 'HEAD', url: '/v1/labels/ar' })
  t.equal(head.statusCode, 200)
  t.equal(head.headers.etag, etag)
  t.equal(head.headers['content-language'], 'ar')
})

t.test('every message of every locale parses, and its plurals have every category of the locale', async (t) => {
  const app = await build(t)
  for (const lang of ['ar', 'de', 'en']) {
    const { messages } = await labelsOf(app, lang)
    const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories
    for (const [key, message] of Object.entries(messages)) {
      const ast = new IntlMessageFormat(message, lang).getAst()
      for (const element of ast) {
        // A plural element: its keywords must cover what the language tells apart (`=0` is extra).
        if ('options' in element && 'pluralType' in element) {
          t.same(categories.filter((category) => !(category in element.options)), [], `${lang}.${key}: every plural category`)
        }
      }
    }
  }
})

t.test('the Arabic messages, formatted with intl-messageformat, for 0, 1, 2, 3, 11 and 100', async (t) => {
  const app = await build(t)
  const { messages, languageNames } = await labelsOf(app, 'ar-EG')
  // Egypt writes Arabic-Indic digits; `ar-u-nu-latn` asks for Western ones, as the seed's own text has them.
  const eg = (message: string, values: Record<string, unknown>) => format(message, 'ar-EG', values)
  const latn = (message: string, values: Record<string, unknown>) => format(message, 'ar-u-nu-latn', values)
  t.same(counts.map((count) => eg(messages.comments, { count })), ['لا تعليقات', 'تعليق واحد', 'تعليقان', '٣ تعليقات', '١١ تعليقًا', '١٠٠ تعليق'])
  t.same(counts.map((count) => latn(messages.comments, { count })), ['لا تعليقات', 'تعليق واحد', 'تعليقان', '3 تعليقات', '11 تعليقًا', '100 تعليق'])
  t.same([103, 111, 1000].map((count) => eg(messages.comments, { count })), ['١٠٣ تعليقات', '١١١ تعليقًا', '١٬٠٠٠ تعليق'], 'few and many go by the last two digits')
  t.same(counts.map((count) => eg(messages.commentsHeading, { count })), ['التعليقات (٠)', 'التعليقات (١)', 'التعليقات (٢)', 'التعليقات (٣)', 'التعليقات (١١)', 'التعليقات (١٠٠)'])
  t.same(counts.map((count) => latn(messages.commentsHeading, { count })), ['التعليقات (0)', 'التعليقات (1)', 'التعليقات (2)', 'التعليقات (3)', 'التعليقات (11)', 'التعليقات (100)'])
  t.same(counts.map((minutes) => eg(messages.readingTime, { minutes })), [
    'مدة القراءة: أقل من دقيقة',
    'مدة القراءة: دقيقة واحدة',
    'مدة القراءة: دقيقتان',
    'مدة القراءة: ٣ دقائق',
    'مدة القراءة: ١١ دقيقة',
    'مدة القراءة: ١٠٠ دقيقة'
  ])
  t.equal(eg(messages.published, { date: published }), 'نُشر في ٢٣ مارس ٢٠٢٥')
  t.equal(latn(messages.published, { date: published.getTime() }), 'نُشر في 23 مارس 2025', 'milliseconds since the epoch, too')
  t.equal(eg(messages.updated, { date: new Date('2025-03-24T10:00:00.000Z') }), 'حُدِّث في ٢٤ مارس ٢٠٢٥')
  const authors = new Intl.ListFormat('ar', { type: 'conjunction' }).format(['ليلى حسن', 'ستيف ويتكوف'])
  t.equal(eg(messages.by, { authors }), 'بقلم ليلى حسن وستيف ويتكوف')
  t.equal(eg(messages.translatedFrom, { language: languageNames.de }), 'مترجم عن الألمانية')
})

t.test('the German and English messages, formatted the same way', async (t) => {
  const app = await build(t)
  const de = (await labelsOf(app, 'de')).messages
  const en = (await labelsOf(app, 'en')).messages
  t.same(counts.map((count) => format(de.comments, 'de', { count })), ['Keine Kommentare', '1 Kommentar', '2 Kommentare', '3 Kommentare', '11 Kommentare', '100 Kommentare'])
  t.same(counts.map((count) => format(en.comments, 'en', { count })), ['No comments', '1 comment', '2 comments', '3 comments', '11 comments', '100 comments'])
  t.equal(format(de.commentsHeading, 'de', { count: 1000 }), 'Kommentare (1.000)')
  t.equal(format(en.commentsHeading, 'en', { count: 1000 }), 'Comments (1,000)')
  t.same(counts.map((minutes) => format(de.readingTime, 'de', { minutes })), ['Lesezeit: unter einer Minute', 'Lesezeit: 1 Minute', 'Lesezeit: 2 Minuten', 'Lesezeit: 3 Minuten', 'Lesezeit: 11 Minuten', 'Lesezeit: 100 Minuten'])
  t.same(counts.map((minutes) => format(en.readingTime, 'en', { minutes })), ['Reading time: under a minute', 'Reading time: 1 minute', 'Reading time: 2 minutes', 'Reading time: 3 minutes', 'Reading time: 11 minutes', 'Reading time: 100 minutes'])
  t.equal(format(de.published, 'de', { date: published }), 'Veröffentlicht am 23. März 2025')
  t.equal(format(en.published, 'en', { date: published }), 'Published on March 23, 2025')
  t.equal(format(de.updated, 'de', { date: published }), 'Aktualisiert am 23. März 2025')
  t.equal(format(en.updated, 'en', { date: published }), 'Updated on March 23, 2025')
  t.equal(format(de.by, 'de', { authors: new Intl.ListFormat('de', { type: 'conjunction' }).format(['Leila Hassan', 'Steve Witkoff']) }), 'Von Leila Hassan und Steve Witkoff')
  t.equal(format(en.by, 'en', { authors: 'Steve Witkoff' }), 'By Steve Witkoff')
  t.equal(format(de.translatedFrom, 'de', { language: (await labelsOf(app, 'de')).languageNames.ar }), 'Übersetzt aus: Arabisch')
  t.equal(format(en.translatedFrom, 'en', { language: (await labelsOf(app, 'en')).languageNames.de }), 'Translated from German')
})

type ArticleBody = Static<typeof Article>

/** The seed page's Details block, laid out as ../shared/seed-article.txt has it, from an article and labels. */
function detailsBlock (article: ArticleBody, labels: LabelsBody, locale: string): string {
  const { messages } = labels
  return [
    format(messages.details, locale, {}),
    `${format(messages.place, locale, {})}${article.metadata.place?.name ?? ''}`,
    format(messages.sources, locale, {}),
    article.metadata.sources.map((source) => source.name).join('\n'),
    format(messages.commentsHeading, locale, { count: article.commentCount })
  ].join('\n')
}

t.test('the seed\'s Details block, in Arabic from the Arabic labels', async (t) => {
  const app = await build(t)
  const article = (await app.inject({ method: 'GET', url: `/v1/articles/${seedId}` })).json() as ArticleBody
  const labels = await labelsOf(app, article.language)
  t.equal(labels.direction, article.direction, 'laid out the way the article is')
  t.equal(detailsBlock(article, labels, 'ar-EG'), 'التفاصيل\nالمكانMoskau, Russland\nالمصادر\n\nالتعليقات (٠)')
  t.equal(detailsBlock(article, labels, 'ar-u-nu-latn'), 'التفاصيل\nالمكانMoskau, Russland\nالمصادر\n\nالتعليقات (0)')
  t.equal(format(labels.messages.translatedFrom, 'ar', { language: labels.languageNames[article.originalLanguage ?? ''] }), 'مترجم عن الألمانية')
})

t.test('the German labels lay out the seed page\'s own Details block', { skip: sharedMissing('seed-article.txt') }, async (t) => {
  const app = await build(t)
  const article = (await app.inject({ method: 'GET', url: `/v1/articles/${seedId}` })).json() as ArticleBody
  const source = readShared('seed-article.txt')
  const block = detailsBlock(article, await labelsOf(app, 'de'), 'de')
  t.ok(source.endsWith(`\n\n${block}`), 'Details, OrtMoskau, Russland, Quellen, Kommentare (0)')
})
