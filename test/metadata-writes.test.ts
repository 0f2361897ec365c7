// Writing metadata: place and sources together, and single sources.
import t from 'tap'
import { bearer, build, createDraft, seedId, tokenFor } from './helper.js'

t.test('replaces place and sources together', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const response = await app.inject({
    method: 'PUT',
    url: `/v1/articles/${seedId}/metadata`,
    headers: { ...bearer(editor), 'if-match': '"v1-c0"' },
    payload: {
      place: { name: 'Moskau, Russland', locality: 'Moskau', country: 'Russland', countryCode: 'RU', latitude: 55.7558, longitude: 37.6173 },
      sources: [{ name: 'Interview', url: 'https://example.com/interview', publisher: 'Example Media' }, { name: 'Statement' }]
    }
  })
  t.equal(response.statusCode, 200)
  t.equal(response.headers.etag, '"v2"')
  t.match(response.json(), {
    place: { name: 'Moskau, Russland', countryCode: 'RU' },
    sources: [{ id: /./, name: 'Interview', url: 'https://example.com/interview', publisher: 'Example Media' }, { id: /./, name: 'Statement', url: null, publisher: null }]
  })
  const read = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}/metadata` })
  t.same(read.json(), response.json(), 'the public sees the published article\'s new metadata')
  t.equal(read.headers.etag, '"v2"')

  const bad = await app.inject({
    method: 'PUT',
    url: `/v1/articles/${seedId}/metadata`,
    headers: { ...bearer(editor), 'if-match': '"v2"' },
    payload: { place: { name: 'X', countryCode: 'russia' }, sources: [] }
  })
  t.equal(bad.statusCode, 400)
  t.match(bad.json(), { errors: [{ in: 'body', name: '/place/countryCode' }] })
})

t.test('adds, changes and deletes single sources, in order', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const { article, etag } = await createDraft(app, editor)
  const url = `/v1/articles/${article.id}/metadata/sources`
  const headers = (ifMatch: string) => ({ ...bearer(editor), 'if-match': ifMatch })

  const first = await app.inject({ method: 'POST', url, headers: headers(etag), payload: { name: 'First', url: 'http://example.org/a' } })
  t.equal(first.statusCode, 201)
  t.match(first.json(), { id: /./, name: 'First', url: 'http://example.org/a', publisher: null })
  t.equal(first.headers.location, `${url}/${first.json().id}`)
  const second = await app.inject({ method: 'POST', url, headers: headers(String(first.headers.etag)), payload: { name: 'Second' } })

  const changed = await app.inject({
    method: 'PATCH',
    url: `${url}/${first.json().id}`,
    headers: { ...headers(String(second.headers.etag)), 'content-type': 'application/merge-patch+json' },
    payload: JSON.stringify({ url: null, publisher: 'Publisher' })
  })
  t.equal(changed.statusCode, 200)
  t.same(changed.json(), { id: first.json().id, name: 'First', url: null, publisher: 'Publisher' })

  const deleted = await app.inject({ method: 'DELETE', url: `${url}/${first.json().id}`, headers: headers(String(changed.headers.etag)) })
  t.equal(deleted.statusCode, 204)
  const metadata = await app.inject({ method: 'GET', url: `/v1/articles/${article.id}/metadata`, headers: bearer(editor) })
  t.same(metadata.json().sources.map((source: { name: string }) => source.name), ['Second'])
  t.equal(metadata.headers.etag, '"v5"')

  const badUrl = await app.inject({ method: 'POST', url, headers: headers('"v5"'), payload: { name: 'x', url: 'javascript:alert(1)' } })
  t.equal(badUrl.statusCode, 400)
  const unknown = await app.inject({ method: 'DELETE', url: `${url}/nope`, headers: headers('"v5"') })
  t.equal(unknown.statusCode, 404)
  t.match(unknown.json(), { detail: `Article "${article.id}" has no source "nope".` })
})
