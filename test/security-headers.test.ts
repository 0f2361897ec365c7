// Security headers on every response, and a reference page at /docs that works offline under its Content-Security-Policy.
import t from 'tap'
import { build, seedId } from './helper.js'

/** The directives of a Content-Security-Policy header, by name. */
function directives (policy: unknown): Map<string, string[]> {
  return new Map(String(policy).split(';').map((part) => part.trim().split(/\s+/)).filter(([name]) => name).map(([name = '', ...values]) => [name, values]))
}

t.test('every response says nosniff, may not be framed, and carries a Content-Security-Policy', async (t) => {
  const app = await build(t)
  const article = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}` })
  const responses = {
    'an article': article,
    'a 304': await app.inject({ method: 'GET', url: `/v1/articles/${seedId}`, headers: { 'if-none-match': article.headers.etag as string } }),
    'a problem': await app.inject({ method: 'GET', url: '/v1/articles/no-such-article' }),
    'an unknown path': await app.inject({ method: 'GET', url: '/nowhere' }),
    'a malformed URL': await app.inject({ method: 'GET', url: '/v1/articles/%E0%A4%A' }),
    'a feed': await app.inject({ method: 'GET', url: '/v1/feeds/rss.xml' }),
    'the document': await app.inject({ method: 'GET', url: '/openapi.json' }),
    'the reference page': await app.inject({ method: 'GET', url: '/docs/' }),
    'health': await app.inject({ method: 'GET', url: '/health' })
  }
  for (const [name, response] of Object.entries(responses)) {
    t.equal(response.headers['x-content-type-options'], 'nosniff', `${name}: nosniff`)
    t.equal(response.headers['x-frame-options'], 'DENY', `${name}: X-Frame-Options`)
    const policy = directives(response.headers['content-security-policy'])
    t.same(policy.get('frame-ancestors'), ["'none'"], `${name}: frame-ancestors`)
    t.same(policy.get('default-src'), ["'self'"], `${name}: default-src`)
    t.same(policy.get('object-src'), ["'none'"], `${name}: object-src`)
    t.notOk(policy.has('upgrade-insecure-requests'), `${name}: works over plain HTTP`)
  }
})

t.test('/docs is a titled reference page whose every asset is served here, allowed by its CSP', async (t) => {
  const app = await build(t)
  const page = await app.inject({ method: 'GET', url: '/docs/' })
  t.equal(page.statusCode, 200)
  t.match(page.headers['content-type'], /^text\/html/)
  t.match(page.body, /<title>News CMS API reference<\/title>/)
  t.notMatch(page.body, /<title>Swagger UI<\/title>/)
  const policy = directives(page.headers['content-security-policy'])

  // No inline script or style: the policy allows only what this server serves.
  t.notMatch(page.body, /<script(?![^>]*\ssrc=)[^>]*>/, 'no inline script')
  t.notMatch(page.body, /<style|\sstyle=/, 'no inline style')
  const assets = [...page.body.matchAll(/\s(?:src|href)="([^"]+)"/g)].map(([, url]) => url as string)
  t.ok(assets.length >= 5, 'scripts, styles and icons')
  for (const asset of assets) {
    t.notMatch(asset, /^(?:[a-z]+:)?\/\//i, `${asset}: from this server, not a CDN`)
    const url = new URL(asset, 'http://127.0.0.1/docs/').pathname
    const response = await app.inject({ method: 'GET', url })
    t.equal(response.statusCode, 200, `${url} is served`)
    const kind = asset.endsWith('.js') ? 'script-src' : asset.endsWith('.css') ? 'style-src' : 'img-src'
    t.ok(policy.get(kind)?.includes("'self'"), `${url}: allowed by ${kind}`)
    if (asset.endsWith('.css')) {
      const external = [...response.body.matchAll(/url\(\s*["']?([^"')]+)/g)].map(([, target]) => target as string).filter((target) => !target.startsWith('data:'))
      t.same(external, [], `${url}: no font or image from elsewhere`)
      t.notMatch(response.body, /@import/, `${url}: imports nothing`)
    }
  }
  // The page reads the document next to it, which is the one /openapi.json serves.
  const initializer = await app.inject({ method: 'GET', url: '/docs/static/swagger-initializer.js' })
  t.match(initializer.body, /resolveUrl\('\.\/json'\)/)
  t.match(initializer.body, /validatorUrl: null/, 'no call to an online validator')
  t.ok(policy.get('connect-src')?.includes("'self'"), 'the document may be fetched')
  const document = await app.inject({ method: 'GET', url: '/docs/json' })
  t.same(document.json(), (await app.inject({ method: 'GET', url: '/openapi.json' })).json())
})
