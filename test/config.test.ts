// Configuration from the environment: defaults, parsing and refusal of bad values at start.
import t from 'tap'
import { engineOf } from '../src/db/database.js'
import { canonicalUrlFrom } from '../src/articles/links.js'
import { loadConfig, publicBaseUrlWarning } from '../src/config.js'

t.test('defaults', async (t) => {
  t.same(loadConfig({}), {
    databaseUrl: 'file:./data/cms.db',
    database: { poolSize: 10, statementTimeoutMs: 30000 },
    host: '127.0.0.1',
    port: 3000,
    workers: 1,
    logLevel: 'info',
    corsOrigins: '*',
    adminToken: undefined,
    commentsAutoApprove: false,
    commentRateLimit: 5,
    authFailureLimit: 10,
    trustProxy: false,
    requestTimeoutMs: 30000,
    cache: { maxAge: 60, staleWhileRevalidate: 300, keptBytes: 67108864 },
    publicBaseUrl: 'http://127.0.0.1:3000',
    articleUrlTemplate: undefined,
    publisher: {},
    media: { dir: './data/media', maxBytes: 20971520 },
    search: { rankedMatches: 1000, cachePages: 1000 },
    webhooks: { retryBaseMs: 5000, maxAttempts: 8, timeoutMs: 10000, allowPrivate: false }
  })
})

t.test('reads every variable', async (t) => {
  t.same(loadConfig({
    DATABASE_URL: 'file:/var/lib/cms/news.db',
    HOST: '0.0.0.0',
    PORT: '8080',
    WORKERS: '4',
    LOG_LEVEL: 'warn',
    CORS_ORIGINS: 'https://news.example.org, https://app.example.org',
    CMS_ADMIN_TOKEN: 'a-bootstrap-secret-of-at-least-32-characters',
    COMMENTS_AUTO_APPROVE: 'true',
    COMMENT_RATE_LIMIT: '20',
    AUTH_FAILURE_LIMIT: '30',
    TRUST_PROXY: '10.0.0.1, 10.0.0.2',
    REQUEST_TIMEOUT_MS: '5000',
    CACHE_MAX_AGE: '10',
    CACHE_STALE_WHILE_REVALIDATE: '0',
    MEMORY_CACHE_MAX_BYTES: '1048576',
    PUBLIC_BASE_URL: 'https://news.example.org',
    ARTICLE_URL_TEMPLATE: 'https://news.example.org/{language}/{yyyy}/{mm}/{dd}/{slug}',
    PUBLISHER_NAME: 'News Example',
    PUBLISHER_URL: 'https://news.example.org/',
    PUBLISHER_LOGO_URL: 'https://news.example.org/logo.png',
    COPYRIGHT_NOTICE: '© 2026 News Example',
    WEBHOOKS_RETRY_BASE_MS: '250',
    WEBHOOKS_MAX_ATTEMPTS: '3',
    WEBHOOKS_TIMEOUT_MS: '2000',
    WEBHOOKS_ALLOW_PRIVATE: 'true',
    MEDIA_DIR: '/var/lib/cms/media',
    MEDIA_MAX_BYTES: '5000000',
    SEARCH_RANKED_MATCHES: '200',
    SEARCH_CACHE_PAGES: '0'
  }), {
    databaseUrl: 'file:/var/lib/cms/news.db',
    database: { poolSize: 10, statementTimeoutMs: 30000 },
    host: '0.0.0.0',
    port: 8080,
    workers: 4,
    logLevel: 'warn',
    corsOrigins: ['https://news.example.org', 'https://app.example.org'],
    adminToken: 'a-bootstrap-secret-of-at-least-32-characters',
    commentsAutoApprove: true,
    commentRateLimit: 20,
    authFailureLimit: 30,
    trustProxy: ['10.0.0.1', '10.0.0.2'],
    requestTimeoutMs: 5000,
    cache: { maxAge: 10, staleWhileRevalidate: 0, keptBytes: 1048576 },
    publicBaseUrl: 'https://news.example.org',
    articleUrlTemplate: 'https://news.example.org/{language}/{yyyy}/{mm}/{dd}/{slug}',
    publisher: { name: 'News Example', url: 'https://news.example.org/', logoUrl: 'https://news.example.org/logo.png', copyrightNotice: '© 2026 News Example' },
    media: { dir: '/var/lib/cms/media', maxBytes: 5000000 },
    search: { rankedMatches: 200, cachePages: 0 },
    webhooks: { retryBaseMs: 250, maxAttempts: 3, timeoutMs: 2000, allowPrivate: true }
  })
  t.equal(loadConfig({ TRUST_PROXY: 'true' }).trustProxy, true)
  const hops = loadConfig({ TRUST_PROXY: '2' }).trustProxy as (address: string, hop: number) => boolean
  t.same([hops('x', 0), hops('x', 1), hops('x', 2)], [true, true, false], 'two hops trusted')
  t.equal(loadConfig({ DATABASE_URL: ':memory:' }).databaseUrl, ':memory:')
  t.match(loadConfig({ DATABASE_URL: 'postgres://cms:secret@db.internal:5433/news', DATABASE_POOL_SIZE: '20', DATABASE_STATEMENT_TIMEOUT_MS: '5000' }), {
    databaseUrl: 'postgres://cms:secret@db.internal:5433/news',
    database: { poolSize: 20, statementTimeoutMs: 5000 }
  }, 'PostgreSQL, with its pool size and statement timeout')
  t.same(loadConfig({}).database, { poolSize: 10, statementTimeoutMs: 30000 }, 'defaults')
  t.same(['file:./x.db', ':memory:', 'postgres://db/news', 'postgresql://db/news', 'POSTGRES://db/news'].map(engineOf), ['sqlite', 'sqlite', 'postgres', 'postgres', 'postgres'], 'the scheme picks the engine')
})

t.test('refuses bad values before anything starts', async (t) => {
  t.throws(() => loadConfig({ PORT: 'eighty' }), /PORT/)
  t.throws(() => loadConfig({ PORT: '70000' }), /PORT/)
  t.throws(() => loadConfig({ LOG_LEVEL: 'loud' }), /LOG_LEVEL/)
  t.throws(() => loadConfig({ WORKERS: '0' }), /WORKERS/)
  t.throws(() => loadConfig({ WORKERS: '65' }), /WORKERS/)
  t.throws(() => loadConfig({ WORKERS: 'all' }), /WORKERS/)
  t.throws(() => loadConfig({ WORKERS: '2', DATABASE_URL: ':memory:' }), /^WORKERS=2 needs a database the workers share: a SQLite file or PostgreSQL, not :memory:$/)
  t.equal(loadConfig({ WORKERS: '1', DATABASE_URL: ':memory:' }).workers, 1, 'one process may keep its database in memory')
  t.throws(() => loadConfig({ CMS_ADMIN_TOKEN: 'short' }), /CMS_ADMIN_TOKEN/)
  t.throws(() => loadConfig({ COMMENT_RATE_LIMIT: '0' }), /COMMENT_RATE_LIMIT/)
  t.throws(() => loadConfig({ AUTH_FAILURE_LIMIT: '0' }), /AUTH_FAILURE_LIMIT/)
  t.throws(() => loadConfig({ CACHE_MAX_AGE: '-1' }), /CACHE_MAX_AGE/)
  t.throws(() => loadConfig({ REQUEST_TIMEOUT_MS: '0' }), /REQUEST_TIMEOUT_MS/)
  t.throws(() => loadConfig({ WEBHOOKS_MAX_ATTEMPTS: '0' }), /WEBHOOKS_MAX_ATTEMPTS/)
  t.throws(() => loadConfig({ WEBHOOKS_TIMEOUT_MS: 'soon' }), /WEBHOOKS_TIMEOUT_MS/)
  t.throws(() => loadConfig({ WEBHOOKS_RETRY_BASE_MS: '0' }), /WEBHOOKS_RETRY_BASE_MS/)
  t.throws(() => loadConfig({ WEBHOOKS_ALLOW_PRIVATE: 'maybe' }), /WEBHOOKS_ALLOW_PRIVATE/)
  t.throws(() => loadConfig({ MEDIA_MAX_BYTES: '0' }), /MEDIA_MAX_BYTES/)
  t.throws(() => loadConfig({ MEDIA_DIR: '' }), /MEDIA_DIR/)
  t.throws(() => loadConfig({ SEARCH_RANKED_MATCHES: '0' }), /SEARCH_RANKED_MATCHES/)
  t.throws(() => loadConfig({ SEARCH_CACHE_PAGES: '-1' }), /SEARCH_CACHE_PAGES/)
  t.throws(() => loadConfig({ DATABASE_URL: 'mysql://db/cms' }), /DATABASE_URL must be "file:<path>", ":memory:" or "postgres:\/\/…"/)
  t.throws(() => loadConfig({ DATABASE_URL: 'postgres://[bad' }), /DATABASE_URL must be/)
  t.throws(() => loadConfig({ DATABASE_POOL_SIZE: '0' }), /DATABASE_POOL_SIZE/)
  t.throws(() => loadConfig({ PUBLIC_BASE_URL: 'news.example.org' }), /PUBLIC_BASE_URL must be an absolute http\(s\) URL/)
  t.throws(() => loadConfig({ PUBLIC_BASE_URL: '/cms' }), /PUBLIC_BASE_URL must be an absolute http\(s\) URL/)
  t.throws(() => loadConfig({ PUBLIC_BASE_URL: 'ftp://news.example.org' }), /PUBLIC_BASE_URL must be an http\(s\) URL/)
  t.throws(() => loadConfig({ PUBLIC_BASE_URL: 'https://news.example.org/?a=1' }), /PUBLIC_BASE_URL may not hold credentials, a query or a fragment/)
  t.throws(() => loadConfig({ PUBLIC_BASE_URL: 'https://user:secret@news.example.org' }), /PUBLIC_BASE_URL may not hold/)
})

t.test('ARTICLE_URL_TEMPLATE and the publisher\'s URLs are refused at start unless they make absolute http(s) URLs', async (t) => {
  t.throws(() => loadConfig({ ARTICLE_URL_TEMPLATE: 'https://news.example.org/{foo}' }), /^ARTICLE_URL_TEMPLATE has an unknown placeholder \{foo\}; known are \{id\}, \{slug\}, \{language\}, \{yyyy\}, \{mm\}, \{dd\}$/)
  t.throws(() => loadConfig({ ARTICLE_URL_TEMPLATE: 'https://news.example.org/{}' }), /unknown placeholder \{\}/)
  t.throws(() => loadConfig({ ARTICLE_URL_TEMPLATE: 'https://news.example.org/{slug' }), /^ARTICLE_URL_TEMPLATE has an unbalanced brace, got "https:\/\/news.example.org\/\{slug"$/)
  t.throws(() => loadConfig({ ARTICLE_URL_TEMPLATE: 'https://news.example.org/slug}' }), /unbalanced brace/)
  t.throws(() => loadConfig({ ARTICLE_URL_TEMPLATE: 'https://news.example.org/{{slug}}' }), /unbalanced brace/)
  t.throws(() => loadConfig({ ARTICLE_URL_TEMPLATE: '/{language}/{slug}' }), /^ARTICLE_URL_TEMPLATE must be an absolute http\(s\) URL, got "\/\{language\}\/\{slug\}"$/)
  t.throws(() => loadConfig({ ARTICLE_URL_TEMPLATE: 'ftp://news.example.org/{slug}' }), /^ARTICLE_URL_TEMPLATE must be an http\(s\) URL/)
  t.throws(() => loadConfig({ PUBLISHER_URL: 'news.example.org' }), /^PUBLISHER_URL must be an absolute http\(s\) URL, got "news.example.org"$/)
  t.throws(() => loadConfig({ PUBLISHER_LOGO_URL: 'data:image/png;base64,AAAA' }), /^PUBLISHER_LOGO_URL must be an http\(s\) URL/)
  t.equal(loadConfig({ ARTICLE_URL_TEMPLATE: 'https://{language}.news.example.org/{id}' }).articleUrlTemplate, 'https://{language}.news.example.org/{id}', 'a placeholder in the host is taken')
})

t.test('canonical URLs: each placeholder filled, percent-encoded as a path segment; none before a first publication', async (t) => {
  const url = canonicalUrlFrom('https://news.example.org/{language}/{yyyy}/{mm}/{dd}/{slug}?id={id}')
  const article = { id: '0195c04c-9800-7843-93ad-d8c489d33569', slug: 'بوتين-وترامب', language: 'ar-EG', firstPublishedAt: '2025-03-23T22:30:00.000Z' }
  t.equal(url(article), 'https://news.example.org/ar-EG/2025/03/23/%D8%A8%D9%88%D8%AA%D9%8A%D9%86-%D9%88%D8%AA%D8%B1%D8%A7%D9%85%D8%A8?id=0195c04c-9800-7843-93ad-d8c489d33569', 'UTF-8 percent-encoding, the date in UTC')
  t.equal(new URL(url(article) ?? '').pathname.split('/').map(decodeURIComponent).at(-1), 'بوتين-وترامب', 'decodes back to the slug')
  t.equal(url({ ...article, firstPublishedAt: null }), undefined, 'a draft has no page on the site')
})

t.test('CMS_ADMIN_TOKEN is refused unless a Bearer header can carry it (RFC 6750 b64token)', async (t) => {
  const long = 'k7Q2vX9pL4mN8rT1wY6zB3cF5hJ0dG2s'
  for (const secret of [`${long.slice(0, 20)} ${long.slice(21)}`, `${long}!`, `${long}\n`, `${long}=x`, `é${long}`]) {
    t.throws(() => loadConfig({ CMS_ADMIN_TOKEN: secret }), /^env\/CMS_ADMIN_TOKEN must match pattern/, JSON.stringify(secret))
  }
  for (const secret of [long, `${long}-._~+/`, `${long}==`]) t.equal(loadConfig({ CMS_ADMIN_TOKEN: secret }).adminToken, secret)
})

t.test('PUBLIC_BASE_URL is kept without a trailing slash, with its path', async (t) => {
  const base = (value: string) => loadConfig({ PUBLIC_BASE_URL: value }).publicBaseUrl
  t.equal(base('https://news.example.org/'), 'https://news.example.org')
  t.equal(base('https://News.Example.org:443/cms//'), 'https://news.example.org/cms', 'host in lower case, default port and trailing slashes dropped')
  t.equal(base('http://127.0.0.1:8080/api/v0'), 'http://127.0.0.1:8080/api/v0')
})

t.test('PUBLIC_BASE_URL is judged against the port listened on only when it names this machine', async (t) => {
  t.equal(publicBaseUrlWarning('http://127.0.0.1:3000', 3000), undefined)
  t.equal(publicBaseUrlWarning('http://localhost', 80), undefined, 'the default port of the scheme')
  t.match(publicBaseUrlWarning('http://127.0.0.1:3000', 8080), /^PUBLIC_BASE_URL http:\/\/127\.0\.0\.1:3000 names port 3000 of this machine, but the server listens on port 8080/)
  t.match(publicBaseUrlWarning('https://[::1]/cms', 8443), /names port 443 of this machine, but the server listens on port 8443/)
  t.equal(publicBaseUrlWarning('https://news.example.org', 3000), undefined, 'a proxy may stand in front of another host')
})
