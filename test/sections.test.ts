// GET /v1/articles/{ref}/sections and /sections/{sectionId}.
import t from 'tap'
import { addArticle, build, seedId, seedSlug } from './helper.js'

const openingSectionId = '0195c04c-9801-731b-b5b1-4ee302a280d4'
const expertsSectionId = '0195c04c-9804-7a81-8625-f7cd9c0c62af'

t.test('lists the seed article\'s four sections in order', async (t) => {
  const app = await build(t)
  const response = await app.inject({ method: 'GET', url: `/v1/articles/${encodeURIComponent(seedSlug)}/sections` })
  t.equal(response.statusCode, 200)
  t.equal(response.headers.etag, '"v1"')
  const { data } = response.json() as { data: { id: string, position: number, heading: string | null, blocks: unknown[] }[] }
  t.same(data.map((section) => [section.position, section.heading, section.blocks.length]), [
    [1, null, 2],
    [2, 'وقف إطلاق النار والجهود الدبلوماسية', 1],
    [3, 'ردود الفعل والتحديات', 1],
    [4, 'علق الخبراء', 2]
  ])
  const article = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}` })
  t.same(data, article.json().sections, 'the same sections the article embeds')
})

t.test('gets one section', async (t) => {
  const app = await build(t)
  const response = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}/sections/${expertsSectionId}` })
  t.equal(response.statusCode, 200)
  t.equal(response.headers.etag, '"v1"')
  t.same(response.json(), {
    id: expertsSectionId,
    position: 4,
    heading: 'علق الخبراء',
    blocks: [
      { type: 'paragraph', text: 'بشكل نقدي على موقف التفاوض في أوكرانيا. يوضح الخبير العسكري كارلو ماسالا أن أوكرانيا لم تحقق أي نجاح كبير في المفاوضات وأجبرت في النهاية على الموافقة على الولايات المتحدة الأمريكية. لا تزال روسيا ، بدورها ، في مطالبه ، بما في ذلك حظر على انضمام الناتو في أوكرانيا ، مما يزيد من الضغط على القيادة الأوكرانية.' },
      { type: 'paragraph', text: 'تعد الأشهر المقبلة بمرحلة مثيرة ، إن لم تكن حرجة في العلاقات بين روسيا والولايات المتحدة الأمريكية وأوكرانيا ، في حين أن خلفية المفاوضات لا تزال معقدة وغير واضحة.' }
    ]
  })
  const opening = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}/sections/${openingSectionId}` })
  t.equal(opening.json().heading, null)
})

t.test('304 when the section ETag is current', async (t) => {
  const app = await build(t)
  const response = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}/sections`, headers: { 'if-none-match': '"v1"' } })
  t.equal(response.statusCode, 304)
  t.equal(response.body, '')
})

t.test('a section of another article, or an unknown one, is 404', async (t) => {
  const app = await build(t)
  const other = await addArticle(app)
  const otherSectionId = other.sections[0]?.id ?? ''
  const response = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}/sections/${otherSectionId}` })
  t.equal(response.statusCode, 404)
  t.match(response.json(), { type: '/problems/not-found', status: 404, detail: `Article "${seedId}" has no section "${otherSectionId}".` })
  const unknown = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}/sections/nope` })
  t.equal(unknown.statusCode, 404)
})

t.test('sections of unpublished or unknown articles are 404', async (t) => {
  const app = await build(t)
  const draft = await addArticle(app, { status: 'draft', publishedAt: null })
  for (const url of [
    `/v1/articles/${draft.id}/sections`,
    `/v1/articles/${draft.id}/sections/${draft.sections[0]?.id}`,
    '/v1/articles/missing/sections'
  ]) {
    const response = await app.inject({ method: 'GET', url })
    t.equal(response.statusCode, 404, url)
    t.match(response.json(), { type: '/problems/not-found', detail: /^No published article has the id or slug/ }, url)
  }
})

t.test('refuses unknown query parameters', async (t) => {
  const app = await build(t)
  for (const url of [`/v1/articles/${seedId}/sections?x=1`, `/v1/articles/${seedId}/sections/${openingSectionId}?x=1`]) {
    const response = await app.inject({ method: 'GET', url })
    t.equal(response.statusCode, 400, url)
    t.match(response.json(), { errors: [{ in: 'query', name: 'x' }] })
  }
})
