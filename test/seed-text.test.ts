// The seed article comes out of the API exactly as it is in ../shared/seed-article.txt, byte for byte.
import { readFileSync } from 'node:fs'
import t from 'tap'
import type { Static } from 'typebox'
import type { Article } from '../src/articles/schemas.js'
import { build, readShared, seedId, seedSlug, sharedMissing } from './helper.js'

type ArticleBody = Static<typeof Article>

/** Lays the article out as the source page does: the title twice, sections, then the Details block. */
function renderPage (article: ArticleBody): string {
  const body = article.sections.flatMap((section) => [
    ...(section.heading === null ? [] : [section.heading]),
    ...section.blocks.flatMap((block) => block.type === 'paragraph' ? [block.text] : [])
  ])
  const details = [
    'Details',
    `Ort${article.metadata.place?.name ?? ''}`,
    'Quellen',
    article.metadata.sources.map((source) => source.name).join('\n'),
    `Kommentare (${article.commentCount})`
  ].join('\n')
  return [article.title, article.title, ...body, details].join('\n\n')
}

t.test('the seed article reproduces the source page exactly', { skip: sharedMissing('seed-article.txt') }, async (t) => {
  const source = readShared('seed-article.txt')
  const app = await build(t)
  const response = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}` })
  t.equal(response.statusCode, 200)
  const article = response.json() as ArticleBody
  t.equal(renderPage(article), source)
  t.same(Buffer.from(renderPage(article), 'utf8'), Buffer.from(source, 'utf8'), 'byte for byte')
})

t.test('the seed has the structure the page shows', async (t) => {
  const app = await build(t)
  const response = await app.inject({ method: 'GET', url: `/v1/articles/${encodeURIComponent(seedSlug)}` })
  const article = response.json() as ArticleBody
  t.equal(article.title, 'بوتين وترامب: اجتماع لوقف إطلاق النار - الأمل في أوكرانيا!')
  t.same(article.sections.map((section) => section.heading), [
    null,
    'وقف إطلاق النار والجهود الدبلوماسية',
    'ردود الفعل والتحديات',
    'علق الخبراء'
  ])
  t.same(article.sections.map((section) => section.blocks.length), [2, 1, 1, 2])
  t.same(article.sections.map((section) => section.position), [1, 2, 3, 4])
  t.match(article, { language: 'ar', originalLanguage: 'de', direction: 'rtl', status: 'published', commentCount: 0 })
  t.equal(article.metadata.place?.name, 'Moskau, Russland')
  t.same(article.metadata.sources, [])
  // Latin-script names and the spacing before Arabic commas survive unchanged.
  const first = article.sections[0]?.blocks[0]
  t.equal(first?.type, 'paragraph')
  const text = first?.type === 'paragraph' ? first.text : ''
  t.ok(text.startsWith('Moskau, Russland - في 23 مارس 2025 ، أعلن'))
  t.ok(text.includes('وفقًا لـ Witkoff ، الذي'))
})

t.test('the seed file in seeds/ holds every paragraph of the source', { skip: sharedMissing('seed-article.txt') }, async (t) => {
  const source = readShared('seed-article.txt')
  const seed = JSON.parse(readFileSync(new URL('../seeds/seed-article.json', import.meta.url), 'utf8')) as {
    sections: { blocks: { text: string }[] }[]
  }
  const lines = source.split('\n')
  for (const text of seed.sections.flatMap((section) => section.blocks.map((block) => block.text))) {
    t.ok(lines.includes(text), `a paragraph of the source: ${text.slice(0, 30)}…`)
  }
})
