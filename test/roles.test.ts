// Each write endpoint, for each role: editors and admins may, moderators and anonymous callers may not.
import t from 'tap'
import { adminToken, bearer, build, createDraft, tokenFor } from './helper.js'

t.test('every write refuses anonymous callers (401) and moderators (403), and lets editors and admins in', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const moderator = await tokenFor(app, 'moderator')
  const { article } = await createDraft(app, editor, { sections: [{ blocks: [] }], metadata: { place: null, sources: [{ name: 'S' }] } })
  const a = `/v1/articles/${article.id}`
  const sectionId = article.sections[0].id
  const sourceId = article.metadata.sources[0].id
  const writes: Array<[string, string, object?]> = [
    ['POST', '/v1/articles', { title: 'x', language: 'en' }],
    ['PATCH', a, { title: 'y' }],
    ['POST', `${a}/publish`],
    ['POST', `${a}/unpublish`],
    ['POST', `${a}/archive`],
    ['PUT', `${a}/sections/order`, { ids: [sectionId] }],
    ['PATCH', `${a}/sections/${sectionId}`, { heading: 'h' }],
    ['POST', `${a}/sections`, { blocks: [] }],
    ['DELETE', `${a}/sections/${sectionId}`],
    ['POST', `${a}/metadata/sources`, { name: 'n' }],
    ['PATCH', `${a}/metadata/sources/${sourceId}`, { name: 'm' }],
    ['DELETE', `${a}/metadata/sources/${sourceId}`],
    ['PUT', `${a}/metadata`, { place: null, sources: [] }],
    ['GET', `${a}/revisions`],
    ['GET', `${a}/revisions/1`],
    ['POST', `${a}/revisions/1/restore`],
    ['DELETE', a]
  ]
  for (const [method, url, payload] of writes) {
    const name = `${method} ${url.replace(article.id, '{ref}')}`
    const anonymous = await app.inject({ method: method as 'POST', url, payload })
    t.equal(anonymous.statusCode, 401, `${name}: anonymous`)
    t.equal(anonymous.headers['www-authenticate'], 'Bearer realm="news-cms"')
    const asModerator = await app.inject({ method: method as 'POST', url, payload, headers: bearer(moderator) })
    t.equal(asModerator.statusCode, 403, `${name}: moderator`)
    t.equal(asModerator.json().type, '/problems/forbidden')
  }
  // Editors and admins get through to the write itself, one after the other.
  for (const [index, [method, url, payload]] of writes.entries()) {
    const token = index % 2 === 0 ? editor : adminToken
    const current = await app.inject({ method: 'GET', url: a, headers: bearer(token) })
    const response = await app.inject({ method: method as 'POST', url, payload, headers: { ...bearer(token), 'if-match': String(current.headers.etag) } })
    t.ok(response.statusCode >= 200 && response.statusCode < 300, `${method} ${url.replace(article.id, '{ref}')}: ${index % 2 === 0 ? 'editor' : 'admin'} gets ${response.statusCode}`)
  }
})
