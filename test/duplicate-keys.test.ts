// JSON bodies that name a member twice (RFC 7493 I-JSON) are refused, at any depth, in both JSON media types.
import t from 'tap'
import { duplicateKey } from '../src/duplicate-keys.js'
import { adminToken, bearer, build, createDraft, tokenFor } from './helper.js'

const admin = bearer(adminToken)

t.test('a token body that names its role twice makes no token', async (t) => {
  const app = await build(t)
  const response = await app.inject({
    method: 'POST',
    url: '/v1/tokens',
    headers: { ...admin, 'content-type': 'application/json' },
    payload: '{"name":"Sam","role":"moderator","role":"admin"}'
  })
  t.equal(response.statusCode, 400)
  t.match(response.headers['content-type'], /^application\/problem\+json/)
  t.match(response.json(), {
    type: '/problems/invalid-request',
    detail: 'Field "/role" is named twice in one object: a JSON body must name each member once (RFC 7493 I-JSON).',
    errors: [{ in: 'body', name: '/role', detail: /named twice/ }]
  })
  t.same(await app.tokens.list(), [], 'no token was made')
})

t.test('a repeated member deep in a merge patch is refused, and the article is left as it was', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const { article, etag } = await createDraft(app, editor, { sections: [{ heading: 'Lead', blocks: [{ type: 'paragraph', text: 'One.' }] }] })
  const sectionId = article.sections[0].id
  const response = await app.inject({
    method: 'PATCH',
    url: `/v1/articles/${article.id}/sections/${sectionId}`,
    headers: { ...bearer(editor), 'if-match': etag, 'content-type': 'application/merge-patch+json' },
    payload: '{"blocks":[{"type":"paragraph","text":"Two."},{"type":"quote","text":"Said.","text":"Unsaid."}]}'
  })
  t.equal(response.statusCode, 400)
  t.match(response.json(), { errors: [{ in: 'body', name: '/blocks/1/text' }] })
  const after = await app.inject({ method: 'GET', url: `/v1/articles/${article.id}`, headers: bearer(editor) })
  t.equal(after.headers.etag, etag, 'no new version')
  t.same(after.json().sections[0].blocks, [{ type: 'paragraph', text: 'One.' }])
})

t.test('the public comment route refuses a repeated member too', async (t) => {
  const app = await build(t)
  const editor = await tokenFor(app, 'editor')
  const { article, etag } = await createDraft(app, editor)
  await app.inject({ method: 'POST', url: `/v1/articles/${article.id}/publish`, headers: { ...bearer(editor), 'if-match': etag } })
  const response = await app.inject({
    method: 'POST',
    url: `/v1/articles/${article.id}/comments`,
    headers: { 'content-type': 'application/json' },
    payload: '{"authorName":"Reader","body":"Fine.","body":"Spam!"}'
  })
  t.equal(response.statusCode, 400)
  t.match(response.json(), { errors: [{ name: '/body' }] })
})

t.test('bodies without repeats, and the old protections, are as before', async (t) => {
  const app = await build(t)
  const post = (payload: string) => app.inject({ method: 'POST', url: '/v1/tokens', headers: { ...admin, 'content-type': 'application/json' }, payload })
  // The same name in different objects, and names that only look alike, are not repeats.
  const fine = await post('{"name":"role \\"role\\": role","role":"editor"}')
  t.equal(fine.statusCode, 201)
  t.equal(fine.json().name, 'role "role": role')
  const poisoned = await post('{"name":"x","role":"editor","__proto__":{"role":"admin"}}')
  t.equal(poisoned.statusCode, 400, 'prototype poisoning is still refused')
  const broken = await post('{"name":"x",')
  t.equal(broken.statusCode, 400, 'malformed JSON is still refused')
  t.match(broken.headers['content-type'], /^application\/problem\+json/)
})

t.test('duplicateKey names the first repeat by JSON Pointer, escapes included', async (t) => {
  const check = (text: string) => duplicateKey(text, JSON.parse(text))
  t.equal(check('{"a":1,"b":{"a":1},"c":[{"a":1}]}'), undefined, 'one name in several objects')
  t.equal(check('{"x":"\\"y\\":1","y":2}'), undefined, 'a colon inside a string value')
  t.equal(check('{"k":"\\\\","k2":1}'), undefined, 'an escaped backslash before a closing quote')
  t.equal(check('[1,{"n":1,"n" : 2}]'), '/1/n')
  t.equal(check('{"a/b~":1,"a/b~":2}'), '/a~1b~0')
  t.equal(check('{"q\\"":1,"q\\u0022":2}'), '/q"', 'the same name written two ways')
  t.equal(check('{"o":{"":1,"":2}}'), '/o/')
})
