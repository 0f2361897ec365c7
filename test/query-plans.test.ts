// Every list query uses an index: each one's plan (SQLite's EXPLAIN QUERY PLAN, PostgreSQL's EXPLAIN) is read, so that a later change cannot silently turn one into a scan.
import { and, sql, type SQL } from 'drizzle-orm'
import t from 'tap'
import { articleConditions, listQuery, type ArticleFilters, type Audience } from '../src/articles/repository.js'
import { articleSorts } from '../src/articles/schemas.js'
import { queryPlan, rows } from '../src/db/dialect.js'
import { parseQuery, type SearchQuery } from '../src/search/query.js'
import { oldestRankedQuery, olderMatchesQuery, rankedMatchesQuery } from '../src/search/repository.js'
import { duplicateQuery, pendingCommentInsert, publicArticleQuery } from '../src/comments/repository.js'
import { translation } from '../src/translations/repository.js'
import type { App } from '../src/app.js'
import { testEngine } from './databases.js'
import { build, seedSlug } from './helper.js'

const now = '2026-06-01T00:00:00.000Z'

const filterSets: Array<[string, ArticleFilters]> = [
  // The same query as the prepared default list, but for the columns it reads.
  ['no filter', {}],
  ['author', { author: 'a1' }],
  ['topic', { topic: 't1' }],
  ['language', { language: 'ar' }],
  ['place by country code', { place: 'RU' }],
  ['place by locality', { place: 'Moskau' }],
  ['source', { source: 'dpa' }],
  ['since', { since: '2025-03-01T00:00:00Z' }],
  ['until', { until: '2025-04-01T00:00:00Z' }],
  ['since and until', { since: '2025-03-01T00:00:00Z', until: '2025-04-01T00:00:00Z' }],
  ['place and language', { place: 'RU', language: 'ar' }],
  ['author and topic', { author: 'a1', topic: 't1' }],
  ['every filter', { author: 'a1', topic: 't1', language: 'de', place: 'Moskau', source: 'dpa', since: '2025-03-01T00:00:00Z', until: '2025-04-01T00:00:00Z' }],
  ['translationOf', { translationOf: '0195c04c-9800-7843-93ad-d8c489d33569' }]
]
const editorsOnly: Array<[string, ArticleFilters]> = [
  ['status', { status: 'draft' }],
  ['scheduled', { status: 'scheduled' }],
  ['status and language', { status: 'published', language: 'ar' }]
]

// The tables a list reads: none of them may be read whole (`translation` is the articles again, a story's others).
const tables = ['articles', 'translation', 'places', 'sources', 'article_authors', 'article_topics', 'comments']
const fullScan = {
  // SQLite: `SCAN articles` alone reads the table; `SCAN articles USING INDEX …` walks an index in order.
  sqlite: new RegExp(`^SCAN (${tables.join('|')})(?! USING)`),
  postgres: new RegExp(`Seq Scan on (${tables.join('|')})\\b`)
}
const articlesByIndex = {
  sqlite: /^(SEARCH|SCAN) articles USING (COVERING )?INDEX /,
  postgres: /(Index Scan|Index Only Scan)( Backward)? using \w+ on articles\b|Bitmap Index Scan on articles_/
}
// Each story once: a listed article's others are found by its group, through the index of groups and languages.
const othersByGroup = {
  sqlite: /^SEARCH translation USING (COVERING )?INDEX articles_translation_language_unique \(translation_group=\?/,
  postgres: /(Index Scan|Index Only Scan|Bitmap Index Scan) on articles_translation_language_unique|using articles_translation_language_unique on articles translation\b/
}

// The generated articles' publications are never announced: the sweeper would record 18,000 of
// them (changes, webhooks) for half a minute while the app closes, proving nothing here.
const unswept = { sweepIntervalMs: 2 ** 31 - 1 }

/**
 * PostgreSQL plans by statistics, and a table of one article tells it nothing: a story might then hold every published
 * article, and it may as well walk those for a story's others. So it is given some, as an archive would: most articles
 * published over three years (2024 to 2026, some still to come), a few in groups of three, in the test's own database.
 */
async function analyzed (app: App) {
  if (app.database.engine !== 'postgres') return
  await rows(app.database.db, sql`insert into articles (id, slug, title, language, direction, status, published_at, created_at, updated_at, translation_group)
    select 'plan-' || n, 'plan-' || n, 'Plan ' || n, (array['ar', 'de', 'en'])[n % 3 + 1], 'ltr', case when n % 10 = 0 then 'draft' else 'published' end,
      case when n % 10 = 0 then null else to_char(timestamp '2024-01-01' + n * interval '80 minutes', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') end,
      '2020-01-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z', case when n % 50 < 3 then 'story-' || (n / 50) end
    from generate_series(1, 20000) as n`)
  await rows(app.database.db, sql`analyze articles`)
}

t.test('every list query, with every filter alone and combined, every sort and a cursor, reads articles by an index', async (t) => {
  const app = await build(t, unswept)
  await analyzed(app)
  const engine = app.database.engine
  for (const audience of ['public', 'editorial'] as Audience[]) {
    for (const sort of articleSorts.filter((sort) => sort !== 'relevance')) {
      for (const [name, filters] of [...filterSets, ...(audience === 'editorial' ? editorsOnly : [])]) {
        for (const after of [undefined, ['2025-03-23T00:00:00.000Z', '0195c04c-9800-7843-93ad-d8c489d33569'] as const]) {
          for (const oneStory of [false, true]) {
            const query = listQuery(app.database.db, { audience, sort, filters, oneStory, after, limit: 21, now })
            // In a transaction of its own, for PostgreSQL's SET LOCAL: with a handful of rows its planner
            // rightly prefers reading a table whole, so sequential scans are made to cost too much, and
            // what is asked is whether an index can answer at all, as it must at a million articles.
            const plan = await app.database.write((tx) => queryPlan(tx, query.getSQL(), { indexesFirst: true }))
            const label = `${audience}, sort=${sort}, ${name}${after ? ', after a cursor' : ''}${oneStory ? ', each story once' : ''}`
            t.notOk(plan.some((line) => fullScan[engine].test(line.trim())), `${label}: no table read whole`, { plan })
            t.ok(plan.some((line) => articlesByIndex[engine].test(line.trim())), `${label}: articles by an index`, { plan })
            if (oneStory) t.ok(plan.some((line) => othersByGroup[engine].test(line.trim())), `${label}: a story's others by its group`, { plan })
          }
        }
      }
    }
  }
})

// A search reads the full-text index, then each match's search document and article by their keys.
const searchTables = [...tables, 'search_documents', 'newer', 'article_search']
const searchFullScan = {
  // FTS5 reports a MATCH as a scan of its virtual table by its index, the plan's code holding M: `0:M4` from the
  // index alone, `0:=M4` for one article's row at a time when SQLite starts from a narrow filter; anything else is a scan.
  sqlite: new RegExp(`^SCAN (${searchTables.join('|')})(?! USING| VIRTUAL TABLE INDEX \\d+:[^ ]*M)`),
  postgres: new RegExp(`Seq Scan on (${searchTables.join('|')})\\b`)
}
const indexSearched = {
  sqlite: /^SCAN article_search VIRTUAL TABLE INDEX \d+:[^ ]*M/,
  postgres: /Bitmap Index Scan on article_search_document_idx/
}
// Matches older than a document: PostgreSQL may read them by the full-text index, or walk the documents before that one
// by their key and test each (the cheaper for a word in many articles); it chooses by its statistics.
const olderSearched = {
  sqlite: indexSearched.sqlite,
  postgres: /(Bitmap Index Scan on article_search_document_idx|Index Scan( Backward)? using article_search_pkey|Bitmap Index Scan on article_search_pkey)/
}

t.test('every search, by relevance with every filter and a cursor, reads the full-text index and no table whole', async (t) => {
  const app = await build(t)
  const engine = app.database.engine
  const queries = [parseQuery('أوكرانيا'), parseQuery('"الولايات المتحدة" -ترامب'), parseQuery('أوكر', { prefix: true })] as SearchQuery[]
  for (const audience of ['public', 'editorial'] as Audience[]) {
    for (const [name, filters] of [...filterSets, ...(audience === 'editorial' ? editorsOnly : [])]) {
      for (const query of queries) {
        const where = and(...articleConditions(audience, filters, now))
        const oneStory = { where: and(...articleConditions(audience, filters, now, translation)) }
        const after = { score: -1.5, id: '0195c04c-9800-7843-93ad-d8c489d33569' }
        const statements: Array<[string, SQL, RegExp]> = [
          ['ranked', rankedMatchesQuery(app.database.db, query, { where, limit: 21 }, 1000), indexSearched[engine]],
          ['ranked, after a cursor', rankedMatchesQuery(app.database.db, query, { where, limit: 21, after }, 1000), indexSearched[engine]],
          ['ranked, each story once', rankedMatchesQuery(app.database.db, query, { where, limit: 21, oneStory }, 1000), indexSearched[engine]],
          ['ranked, each story once, after a cursor', rankedMatchesQuery(app.database.db, query, { where, limit: 21, after, oneStory }, 1000), indexSearched[engine]],
          ['the oldest ranked', oldestRankedQuery(app.database.db, query, 1000), indexSearched[engine]],
          ['older than the ranked', olderMatchesQuery(app.database.db, query, { where, below: 1234, batch: 50 }), olderSearched[engine]],
          ['older than the ranked, each story once', olderMatchesQuery(app.database.db, query, { where, below: 1234, batch: 50, oneStory }), olderSearched[engine]]
        ]
        for (const [part, statement, searched] of statements) {
          const plan = await app.database.write((tx) => queryPlan(tx, statement, { indexesFirst: true }))
          const label = `${audience}, ${name}, ${JSON.stringify(query)}, ${part}`
          t.notOk(plan.some((line) => searchFullScan[engine].test(line.trim())), `${label}: no table read whole`, { plan })
          t.ok(plan.some((line) => searched.test(line.trim())), `${label}: the full-text index searched`, { plan })
          if (part === 'older than the ranked, each story once') t.ok(plan.some((line) => othersByGroup[engine].test(line.trim())), `${label}: a story's others by its group`, { plan })
        }
      }
    }
  }
})

// In time order a search may walk the sort's index and test each article's document until the page is full (best for
// common words), or find the matches by the full-text index and sort them (best for rare ones): the planner chooses by
// its statistics. Either way no table is read whole, and articles are read by an index.
t.test('every search in another order (each time sort, every filter, a cursor) reads no table whole', async (t) => {
  const app = await build(t, unswept)
  await analyzed(app)
  const engine = app.database.engine
  const query = parseQuery('أوكر', { prefix: true }) as SearchQuery
  for (const audience of ['public', 'editorial'] as Audience[]) {
    for (const sort of articleSorts.filter((sort) => sort !== 'relevance')) {
      for (const [name, filters] of [...filterSets, ...(audience === 'editorial' ? editorsOnly : [])]) {
        for (const after of [undefined, ['2025-03-23T00:00:00.000Z', '0195c04c-9800-7843-93ad-d8c489d33569'] as const]) {
          for (const oneStory of [false, true]) {
            const statement = listQuery(app.database.db, { audience, sort, filters, search: query, oneStory, after, limit: 21, now })
            const plan = await app.database.write((tx) => queryPlan(tx, statement.getSQL(), { indexesFirst: true }))
            const label = `${audience}, sort=${sort}, ${name}${after ? ', after a cursor' : ''}${oneStory ? ', each story once' : ''}`
            t.notOk(plan.some((line) => searchFullScan[engine].test(line.trim())), `${label}: no table read whole`, { plan })
            t.ok(plan.some((line) => articlesByIndex[engine].test(line.trim())), `${label}: articles by an index`, { plan })
            if (oneStory) t.ok(plan.some((line) => othersByGroup[engine].test(line.trim())), `${label}: a story's others by its group`, { plan })
          }
        }
      }
    }
  }
})

// The duplicate check reads one client's comments on an article by the beginning of their text, never each of them:
// without it, a client that posted many comments (the rate limit is configurable) would make every post slower.
const duplicatesByText = {
  sqlite: /^SEARCH comments USING (COVERING )?INDEX comments_duplicate_idx \(<expr>=\?/,
  postgres: /Index (Only )?Scan using comments_duplicate_idx on comments/
}

t.test('a comment\'s duplicate check finds the client\'s comments by the beginning of their text', async (t) => {
  const app = await build(t)
  const engine = app.database.engine
  const statement = duplicateQuery(app.database.db, { articleId: '0195c04c-9800-7843-93ad-d8c489d33569', clientHash: 'a1b2', body: 'شكرًا على هذا التقرير.', since: now })
  const plan = await app.database.write((tx) => queryPlan(tx, statement.getSQL(), { indexesFirst: true }))
  t.notOk(plan.some((line) => fullScan[engine].test(line.trim())), 'no table read whole', { plan })
  t.ok(plan.some((line) => duplicatesByText[engine].test(line.trim())), 'by the index of the text\'s beginning', { plan })
})

t.test('posting a comment looks up the article its ref names by id or slug, never the published ones one by one', async (t) => {
  const app = await build(t)
  const engine = app.database.engine
  const of = { ref: seedSlug, now, since: now, id: '0195c04c-9800-7843-93ad-d8c489d33570', authorName: 'قارئ', authorEmail: 'reader@example.org', body: 'شكرًا على هذا التقرير.', clientHash: 'a1b2', searchTerms: ' قارئ ' }
  for (const [name, statement] of [['the article', publicArticleQuery(app.database.db, of)], ['the insert with its checks', pendingCommentInsert(app.database.db, of)]] as const) {
    const plan = await app.database.write((tx) => queryPlan(tx, statement.getSQL(), { indexesFirst: true }))
    t.notOk(plan.some((line) => fullScan[engine].test(line.trim())), `${name}: no table read whole`, { plan })
    t.notOk(plan.some((line) => /articles_status/.test(line)), `${name}: not by the status index`, { plan })
    // PostgreSQL plans this one-off run (its values known) as a join; the named statement's own plan is the next test's.
    if (name === 'the insert with its checks' && engine === 'sqlite') t.ok(plan.some((line) => duplicatesByText[engine].test(line.trim())), `${name}: duplicates by the index of the text's beginning`, { plan })
  }
})

// PostgreSQL keeps a named statement's plan after its fifth run, made on the statistics of that
// moment: on a new database's comments table, none. The post's plan must find duplicates by
// their key then too, or it keeps reading every comment of the article as the table grows.
const postgresOnly = testEngine === 'sqlite' ? 'a named statement of PostgreSQL: runs in the PostgreSQL pass (TEST_ENGINE=postgres)' : false

t.test('on PostgreSQL, the post\'s plan made on an empty, never analyzed comments table finds duplicates by their key', { skip: postgresOnly }, async (t) => {
  const app = await build(t)
  const of = { ref: seedSlug, now, since: now, id: '0195c04c-9800-7843-93ad-d8c489d33570', authorName: 'قارئ', authorEmail: 'reader@example.org', body: 'شكرًا على هذا التقرير.', clientHash: 'a1b2', searchTerms: ' قارئ ' }
  const { sql: text, params } = pendingCommentInsert(app.database.db, of).toSQL()
  const literal = (value: unknown) => `'${String(value).replaceAll("'", "''")}'`
  const plan = await app.database.write(async (tx) => {
    const [table] = await rows<{ reltuples: number }>(tx, sql`select reltuples from pg_class where relname = 'comments'`)
    t.equal(Number(table?.reltuples), -1, 'the comments table has never been analyzed')
    await rows(tx, sql`set local plan_cache_mode = force_generic_plan`)
    await rows(tx, sql.raw(`prepare generic_post as ${text}`))
    const lines = await rows<{ 'QUERY PLAN': string }>(tx, sql.raw(`explain execute generic_post(${params.map(literal).join(', ')})`))
    await rows(tx, sql`deallocate generic_post`)
    return lines.map((line) => line['QUERY PLAN'])
  })
  t.ok(plan.some((line) => duplicatesByText.postgres.test(line)), 'duplicates by comments_duplicate_idx', { plan })
  t.notOk(plan.some((line) => /Seq Scan on comments|comments_article_status_created_idx/.test(line)), 'not every comment of the article', { plan })
})
