// Search through the API: each matching rule on the seed's Arabic text, highlights that point into the text as stored, visibility, paging, and hostile queries.
import { execFile } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { eq } from 'drizzle-orm'
import t from 'tap'
import type { App } from '../src/app.js'
import { writeSearchRow } from '../src/db/dialect.js'
import { searchDocuments } from '../src/db/sqlite-schema.js'
import { testDatabaseUrl, testEngine } from './databases.js'
import { addArticle, bearer, build, createDraft, seedId, tokenFor } from './helper.js'
import { sharedDatabaseUrl } from './instances.js'

const search = async (app: App, query: Record<string, string>, token?: string) => {
  const response = await app.inject({ method: 'GET', url: '/v1/articles', query, headers: token === undefined ? {} : bearer(token) })
  return response
}
const ids = async (app: App, query: Record<string, string>, token?: string) => {
  const response = await search(app, query, token)
  if (response.statusCode !== 200) throw new Error(`${response.statusCode} ${response.body}`)
  return (response.json().data as Array<{ id: string }>).map((article) => article.id)
}
const codePoints = (text: string, start: number, end: number) => [...text].slice(start, end).join('')

t.test('the seed is found by its Arabic words however they are typed', async (t) => {
  const app = await build(t)
  const other = await addArticle(app, { title: 'Ein anderer Artikel', language: 'de', sections: [{ id: '0195c04c-9900-7000-8000-00000000aa01', heading: null, blocks: [{ type: 'paragraph', text: 'Nichts über das Thema.' }] }] })
  const cases: Array<[string, string]> = [
    ['أوكرانيا', 'as written, with hamza'],
    ['اوكرانيا', 'without hamza'],
    ['إوكرانيا', 'with hamza below'],
    ['أُوكْرَانِيَا', 'with tashkeel'],
    ['أوكـــرانيا', 'with tatweel'],
    ['الأوكرانية', 'with the article and a suffix (the text has الأوكرانية)'],
    ['٢٠٢٥', 'Arabic-Indic digits for the text\'s 2025'],
    ['۲۰۲۵', 'Eastern Arabic-Indic digits'],
    ['Witkoff', 'a Latin name inside the Arabic text'],
    ['WITKOFF', 'in capitals'],
    ['ويتكوف', 'the name in Arabic letters'],
    ['Moskau', 'the place'],
    ['بالولايات', 'a prefix the text does not have: الولايات'],
    ['أوكر*', 'a prefix'],
    ['"الولايات المتحدة"', 'a phrase']
  ]
  for (const [q, why] of cases) t.same(await ids(app, { q }), [seedId], `${q}: ${why}`)
  t.same(await ids(app, { q: 'أوكر', prefix: 'true' }), [seedId], 'as you type')
  t.same(await ids(app, { q: 'أوكر' }), [], 'a part of a word is no word')
  t.same(await ids(app, { q: 'Witkoff -ترامب' }), [], 'excluded: the seed names Trump')
  t.same(await ids(app, { q: '"المتحدة الولايات"' }), [], 'a phrase is words in order')
  t.same(await ids(app, { q: 'Thema' }), [other.id], 'another language, another article')
})

t.test('a result carries a highlight: the text as stored, the matched words by code points', async (t) => {
  const app = await build(t)
  const response = await search(app, { q: 'اوكرانيا' })
  t.equal(response.statusCode, 200)
  const [result] = response.json().data
  t.equal(result.highlight.field, 'title')
  t.equal(result.highlight.text, 'بوتين وترامب: اجتماع لوقف إطلاق النار - الأمل في أوكرانيا!')
  t.same(result.highlight.matches.map((match: { start: number, end: number }) => codePoints(result.highlight.text, match.start, match.end)), ['أوكرانيا'], 'the word as written, hamza and all')
  const body = (await search(app, { q: 'سيلنسكيج' })).json().data[0].highlight
  t.equal(body.field, 'body')
  t.same(body.matches.map((match: { start: number, end: number }) => codePoints(body.text, match.start, match.end)), ['سيلنسكيج'])
  t.same([body.text.startsWith('كانت الحكومة الأوكرانية'), body.truncatedStart, body.truncatedEnd], [true, false, true], 'the paragraph\'s start, cut after a window')
})

t.test('drafts: invisible to the public, found by editors; publishing and unpublishing take effect at once', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const { article, etag } = await createDraft(app, editor, { title: 'Zelensky in Kyiv', sections: [{ blocks: [{ type: 'paragraph', text: 'Straße nach Kyjiw' }] }] })
  t.same(await ids(app, { q: 'Zelensky' }), [], 'the public does not see a draft')
  t.same(await ids(app, { q: 'Zelensky' }, editor), [article.id], 'an editor does')
  t.same(await ids(app, { q: 'STRASSE' }, editor), [article.id], 'ß is ss')
  const published = await app.inject({ method: 'POST', url: `/v1/articles/${article.id}/publish`, headers: { ...bearer(editor), 'if-match': etag } })
  t.equal(published.statusCode, 200)
  t.same(await ids(app, { q: 'zelensky' }), [article.id], 'found the moment the publication is acknowledged')
  const unpublished = await app.inject({ method: 'POST', url: `/v1/articles/${article.id}/unpublish`, headers: { ...bearer(editor), 'if-match': String(published.headers.etag) } })
  t.equal(unpublished.statusCode, 200)
  t.same(await ids(app, { q: 'zelensky' }), [], 'gone the moment it is unpublished')
  const renamed = await app.inject({ method: 'PATCH', url: `/v1/articles/${article.id}`, headers: { ...bearer(editor), 'if-match': String(unpublished.headers.etag) }, payload: { title: 'Selenskyj in Kyjiw' } })
  t.equal(renamed.statusCode, 200)
  t.same(await ids(app, { q: 'Zelensky' }, editor), [], 'the old title is gone from the index')
  t.same(await ids(app, { q: 'Sélenskyj' }, editor), [article.id], 'the new one is there, diacritics ignored')
})

t.test('hostile queries: results or a 400 naming q, never a 500', async (t) => {
  const app = await build(t)
  const hostile = ['"', '""', '"unclosed', '*', '**', 'NEAR', 'NEAR(a b)', 'a NEAR b', '-', '--', '-a', '(', ')', '(a OR b)', 'a AND NOT b', '^a', 'a:b', 'title:x', '{a b}', '\'', '\\', '%', '_', '\u0000', '\u0007a', 'x'.repeat(10_000), '\uD800', 'a*b', '*a', 'أ"ب', '- "', 'NOT', 'OR', 'AND']
  for (const q of hostile) {
    const response = await search(app, { q })
    t.ok([200, 400].includes(response.statusCode), `${JSON.stringify(q.slice(0, 20))}: ${response.statusCode}`)
    if (response.statusCode === 400) t.match(response.json(), { type: '/problems/invalid-request', errors: [{ in: 'query', name: 'q' }] })
  }
})

t.test('relevance: the title weighs more than the body; every article once across pages, with every sort', async (t) => {
  const app = await build(t)
  const inBody = await addArticle(app, { title: 'Ein Bericht', language: 'de', sections: [{ id: '0195c04c-9900-7000-8000-00000000bb01', heading: null, blocks: [{ type: 'paragraph', text: 'Gespräche über die Waffenruhe in Riad, lange und zäh.' }] }] })
  const inTitle = await addArticle(app, { title: 'Waffenruhe', language: 'de', sections: [{ id: '0195c04c-9900-7000-8000-00000000bb02', heading: null, blocks: [{ type: 'paragraph', text: 'Ein kurzer Text.' }] }] })
  t.same(await ids(app, { q: 'waffenruhe' }), [inTitle.id, inBody.id])
  const many = []
  for (let index = 0; index < 7; index++) many.push((await addArticle(app, { title: `Gipfel ${index}`, language: 'de' })).id)
  for (const sort of ['relevance', '-publishedAt', 'publishedAt', '-updatedAt']) {
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const response = await search(app, { q: 'gipfel', sort, limit: '3', ...(cursor === null ? {} : { cursor }) })
      t.equal(response.statusCode, 200, response.body)
      seen.push(...response.json().data.map((article: { id: string }) => article.id))
      cursor = response.json().nextCursor
    } while (cursor !== null)
    t.same([...seen].sort(), [...many].sort(), `${sort}: every article exactly once`)
  }
  const first = (await search(app, { q: 'gipfel', limit: '3' })).json()
  const other = await search(app, { q: 'waffenruhe', cursor: first.nextCursor })
  t.equal(other.statusCode, 400, 'a cursor of another search')
  t.equal((await search(app, { sort: 'relevance' })).statusCode, 400, 'relevance needs q')
})

t.test('a search with more matches than are ranked: its newest matches best first, then the older ones newest first', async (t) => {
  // Six articles with the word, oldest first: the first and the fifth have it in the title, the second is a draft.
  const addSix = async (app: App) => {
    const added: string[] = []
    for (let n = 0; n < 6; n++) {
      added.push((await addArticle(app, {
        title: n === 0 || n === 4 ? 'Gipfel in Riad' : `Bericht ${n}`,
        language: 'de',
        sections: [{ id: `0195c04c-9900-7000-8000-0000000cc0${n}0`, heading: null, blocks: [{ type: 'paragraph', text: 'Vor dem Gipfel in Riad wurde lange verhandelt.' }] }],
        ...(n === 1 && { status: 'draft' as const, publishedAt: null })
      })).id)
    }
    return added as [string, string, string, string, string, string]
  }
  const app = await build(t, { search: { rankedMatches: 3 } })
  const editor = await tokenFor(app, 'editor')
  const [a0, a1, a2, a3, a4, a5] = await addSix(app)
  const paged = async (limit: number, token?: string) => {
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const response = await search(app, { q: 'gipfel', limit: String(limit), ...(cursor === null ? {} : { cursor }) }, token)
      t.equal(response.statusCode, 200, response.body)
      seen.push(...response.json().data.map((article: { id: string }) => article.id))
      cursor = response.json().nextCursor
    } while (cursor !== null)
    return seen
  }
  // The newest three matches (a3, a4, a5) ranked: the title first, then equal scores by id; the older follow, newest first.
  const [tied1, tied2] = [a3, a5].sort()
  const expected = [a4, tied1, tied2, a2, a0]
  t.same(await ids(app, { q: 'gipfel', limit: '20' }), expected, 'a title match older than the newest three comes by its age')
  for (const limit of [1, 2, 4]) t.same(await paged(limit), expected, `pages of ${limit}: every article once, in that order`)
  t.same(await paged(2, editor), [a4, tied1, tied2, a2, a1, a0], 'editors: the draft among the older ones')
  t.same(await ids(app, { q: 'gipfel', language: 'de', fields: 'id' }), expected, 'with a filter')
  t.same(await ids(app, { q: 'gipfel', language: 'en' }), [], 'with a filter no match passes')

  const everyMatchRanked = await build(t)
  const [b0, , b2, b3, b4, b5] = await addSix(everyMatchRanked)
  t.same(await ids(everyMatchRanked, { q: 'gipfel' }), [[b0, b4].sort(), [b2, b3, b5].sort()].flat(), 'by default all six are ranked: both titles first')
})

t.test('a search page is never stale: another instance\'s writes show at once, a scheduled article when its time comes', async (t) => {
  // Two apps on one database, as two instances; neither sweeps for due publications during the test.
  const databaseUrl = await sharedDatabaseUrl(t)
  const reader = await build(t, { databaseUrl, sweepIntervalMs: 3_600_000 })
  const writer = await build(t, { databaseUrl, sweepIntervalMs: 3_600_000 })
  const editor = await tokenFor(writer, 'editor')
  const write = async (url: string, etag: string, payload: Record<string, unknown> = {}, method: 'POST' | 'PATCH' = 'POST') => {
    const response = await writer.inject({ method, url, headers: { ...bearer(editor), 'if-match': etag }, payload })
    t.equal(response.statusCode, 200, response.body)
    return String(response.headers.etag)
  }
  t.same(await ids(reader, { q: 'Quokka' }), [], 'nothing yet')
  const { article, etag } = await createDraft(writer, editor, { title: 'Quokka im Zoo', language: 'de' })
  t.same(await ids(reader, { q: 'Quokka' }), [], 'a draft is not shown to the public')
  const published = await write(`/v1/articles/${article.id}/publish`, etag)
  t.same(await ids(reader, { q: 'Quokka' }), [article.id], 'published on the other instance: found')
  t.same(await ids(reader, { q: 'Quokka' }), [article.id], 'asked again')
  const renamed = await write(`/v1/articles/${article.id}`, published, { title: 'Wombat im Zoo' }, 'PATCH')
  t.same(await ids(reader, { q: 'Quokka' }), [], 'renamed: the old word is gone')
  t.same((await search(reader, { q: 'Wombat' })).json().data.map((found: { title: string }) => found.title), ['Wombat im Zoo'], 'the new title, in the summary too')
  await write(`/v1/articles/${article.id}/unpublish`, renamed)

  const soon = await createDraft(writer, editor, { title: 'Numbat im Zoo', language: 'de' })
  const at = new Date(Date.now() + 3000).toISOString()
  await write(`/v1/articles/${soon.article.id}/publish`, soon.etag, { publishAt: at })
  t.same(await ids(reader, { q: 'Numbat' }), [], 'scheduled: not yet')
  t.same(await ids(reader, { q: 'Wombat' }), [], 'unpublished: gone')
  await new Promise((resolve) => setTimeout(resolve, Date.parse(at) - Date.now() + 50))
  t.same(await ids(reader, { q: 'Numbat' }), [soon.article.id], 'its time has come: found, with no write in between')
})

t.test('moderators search the comment queue by names and texts, matched as articles are', async (t) => {
  const app = await build(t)
  const moderator = await tokenFor(app, 'moderator')
  const post = async (authorName: string, body: string) => (await app.inject({ method: 'POST', url: `/v1/articles/${seedId}/comments`, payload: { authorName, body } })).json().id as string
  const hamza = await post('ليلى', 'هل ستنتهي الحرب في أوكرانيا قريبا؟')
  const latin = await post('Jörg Müller', 'Selenskyj sollte mitreden.')
  const queue = async (q: string) => {
    const response = await app.inject({ method: 'GET', url: '/v1/comments', query: { q }, headers: bearer(moderator) })
    t.equal(response.statusCode, 200, response.body)
    return response.json().data.map((comment: { id: string }) => comment.id)
  }
  t.same(await queue('اوكرانيا'), [hamza], 'without hamza')
  t.same(await queue('joerg'), [], 'ö is o, not oe')
  t.same(await queue('jorg muller'), [latin], 'the author\'s name, diacritics ignored')
  t.same(await queue('SELENSKYJ'), [latin])
  t.same(await queue('أوكر*'), [hamza], 'a prefix')
  t.same(await queue('"sollte mitreden"'), [latin], 'a phrase')
  t.same(await queue('الحرب -أوكرانيا'), [], 'an exclusion')
  const refused = await app.inject({ method: 'GET', url: '/v1/comments', query: { q: '***' }, headers: bearer(moderator) })
  t.match(refused.json(), { status: 400, errors: [{ in: 'query', name: 'q' }] })
  t.equal((await app.inject({ method: 'GET', url: '/v1/comments', query: { q: 'x' } })).statusCode, 401, 'moderators only')
})

t.test('articles written before search are indexed when the server starts', async (t) => {
  const databaseUrl = await testDatabaseUrl(t)
  const first = await build(t, { databaseUrl })
  await first.database.write(async (tx) => { await tx.delete(searchDocuments) })
  t.same(await ids(first, { q: 'Witkoff' }), [], 'an index that does not hold the seed')
  await first.close()
  const second = await build(t, { databaseUrl })
  t.same(await ids(second, { q: 'Witkoff' }), [seedId], 'caught up at start')
})

t.test('npm run reindex indexes every article again, in place, reporting its progress', async (t) => {
  const databaseUrl = testEngine === 'sqlite' ? `file:${join(mkdtempSync(join(tmpdir(), 'cms-reindex-')), 'cms.db')}` : await testDatabaseUrl(t)
  const app = await build(t, { databaseUrl })
  // An index left behind by older matching rules: the seed's document holds one stale word.
  await app.database.write(async (tx) => {
    const [document] = await tx.select({ id: searchDocuments.id }).from(searchDocuments).where(eq(searchDocuments.articleId, seedId))
    await writeSearchRow(tx, document?.id as number, [['stale'], [], [], []])
  })
  t.same([await ids(app, { q: 'Witkoff' }), await ids(app, { q: 'stale' })], [[], [seedId]], 'the stale index answers')
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [...process.execArgv, 'src/cli/reindex.ts'], { env: { ...process.env, DATABASE_URL: databaseUrl } })
  t.match(stdout, /^Indexed 1 articles and 0 comments of .* in \d+\.\d s\.\n$/)
  t.equal(stderr, '1/1 articles\n', 'progress as lines where stderr is no terminal')
  t.same([await ids(app, { q: 'Witkoff' }), await ids(app, { q: 'stale' })], [[seedId], []], 'the running server answers from the new index')
})
