// Writing sections: add (at the end or a position), change, delete, reorder; positions stay 1..n.
import t, { type Test } from 'tap'
import { bearer, build, createDraft, tokenFor } from './helper.js'

const paragraph = (text: string) => ({ type: 'paragraph', text })

async function draftWithSections (t: Test) {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const { article, etag } = await createDraft(app, editor, {
    sections: [{ blocks: [paragraph('one')] }, { heading: 'Two', blocks: [paragraph('two')] }, { heading: 'Three', blocks: [paragraph('three')] }]
  })
  const headers = (ifMatch: string) => ({ ...bearer(editor), 'if-match': ifMatch })
  const ids: string[] = article.sections.map((section: { id: string }) => section.id)
  return { app, editor, article, etag, headers, ids, url: `/v1/articles/${article.id}/sections` }
}

const order = (sections: Array<{ position: number, heading: string | null }>) => sections.map((section) => `${section.position}:${section.heading}`)

t.test('adds a section at the end, or at a position, moving the others down', async (t) => {
  const { app, etag, headers, url, editor } = await draftWithSections(t)
  const end = await app.inject({ method: 'POST', url, headers: headers(etag), payload: { heading: 'Four', blocks: [paragraph('four')] } })
  t.equal(end.statusCode, 201)
  t.equal(end.headers.etag, '"v2"')
  t.match(end.json(), { position: 4, heading: 'Four', blocks: [paragraph('four')] })
  t.equal(end.headers.location, `${url}/${end.json().id}`)

  const second = await app.inject({ method: 'POST', url, headers: headers('"v2"'), payload: { heading: 'One and a half', blocks: [paragraph('x')], position: 2 } })
  t.equal(second.json().position, 2)
  const list = await app.inject({ method: 'GET', url, headers: bearer(editor) })
  t.same(order(list.json().data), ['1:null', '2:One and a half', '3:Two', '4:Three', '5:Four'])
  t.equal(list.headers.etag, '"v3"')

  const tooFar = await app.inject({ method: 'POST', url, headers: headers('"v3"'), payload: { blocks: [], position: 7 } })
  t.equal(tooFar.statusCode, 400)
  t.match(tooFar.json(), { detail: 'Field "/position" must be at most 6: the article has 5 sections.' })
})

t.test('changes and deletes a section; positions close up', async (t) => {
  const { app, article, etag, headers, url, ids, editor } = await draftWithSections(t)
  const changed = await app.inject({ method: 'PATCH', url: `${url}/${ids[1]}`, headers: headers(etag), payload: { heading: null } })
  t.equal(changed.statusCode, 200)
  t.match(changed.json(), { id: ids[1], position: 2, heading: null, blocks: [paragraph('two')] })
  t.equal(changed.headers.etag, '"v2"')

  const deleted = await app.inject({ method: 'DELETE', url: `${url}/${ids[0]}`, headers: headers('"v2"') })
  t.equal(deleted.statusCode, 204)
  t.equal(deleted.headers.etag, '"v3"')
  const list = await app.inject({ method: 'GET', url, headers: bearer(editor) })
  t.same(list.json().data.map((section: { id: string, position: number }) => [section.id, section.position]), [[ids[1], 1], [ids[2], 2]])

  const unknown = await app.inject({ method: 'PATCH', url: `${url}/nope`, headers: headers('"v3"'), payload: { heading: 'x' } })
  t.equal(unknown.statusCode, 404)
  const empty = await app.inject({ method: 'PATCH', url: `${url}/${ids[1]}`, headers: headers('"v3"'), payload: {} })
  t.equal(empty.statusCode, 400)
  const version = await app.inject({ method: 'GET', url: `/v1/articles/${article.id}`, headers: bearer(editor) })
  t.equal(version.json().version, 3, 'refused writes change nothing')
})

t.test('reorders sections, given every id once', async (t) => {
  const { app, etag, headers, url, ids } = await draftWithSections(t)
  const reversed = [...ids].reverse()
  const response = await app.inject({ method: 'PUT', url: `${url}/order`, headers: headers(etag), payload: { ids: reversed } })
  t.equal(response.statusCode, 200)
  t.same(response.json().data.map((section: { id: string, position: number }) => [section.id, section.position]), reversed.map((id, index) => [id, index + 1]))
  t.equal(response.headers.etag, '"v2"')

  const missing = await app.inject({ method: 'PUT', url: `${url}/order`, headers: headers('"v2"'), payload: { ids: reversed.slice(1) } })
  t.equal(missing.statusCode, 400)
  t.match(missing.json(), { detail: /must name every section of the article/, errors: [{ in: 'body', name: '/ids' }] })
  const foreign = await app.inject({ method: 'PUT', url: `${url}/order`, headers: headers('"v2"'), payload: { ids: [...reversed, 'other'] } })
  t.match(foreign.json(), { status: 400, detail: /names "other", which is not a section of this article/ })
  const twice = await app.inject({ method: 'PUT', url: `${url}/order`, headers: headers('"v2"'), payload: { ids: [ids[0], ids[0], ids[1]] } })
  t.equal(twice.statusCode, 400)
})

t.test('section writes need the current ETag', async (t) => {
  const { app, headers, url, ids, editor } = await draftWithSections(t)
  t.equal((await app.inject({ method: 'POST', url, headers: bearer(editor), payload: { blocks: [] } })).statusCode, 428)
  t.equal((await app.inject({ method: 'DELETE', url: `${url}/${ids[0]}`, headers: headers('"v7"') })).statusCode, 412)
  t.equal((await app.inject({ method: 'PUT', url: `${url}/order`, headers: headers('"v7"'), payload: { ids } })).statusCode, 412)
})
