// Topic endpoints: anyone reads topics; editors add, change and delete them.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { editorialETag } from '../etags.js'
import { PageQuery } from '../pagination.js'
import { authorOf, requireRole } from '../plugins/auth.js'
import { purgeHeader, surrogateKey, surrogateKeys } from '../plugins/caching.js'
import { IfMatch, created, noContent, ok, publicRead, tokenOperation } from '../route-schemas.js'
import { ref } from '../schema-helpers.js'
import { Topic, TopicPage, TopicParams, TopicPatch, NewTopic } from './schemas.js'

const topicRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/topics', {
    schema: publicRead({
      operationId: 'listTopics',
      summary: 'List topics',
      description: 'Topics, oldest first. Follow `nextCursor` for the next page.',
      tag: 'topics',
      querystring: PageQuery,
      body: ref(TopicPage),
      bodyDescription: 'A page of topics.',
      problems: [400]
    })
  }, async (request, reply) => {
    const page = await app.topics.list(request.query)
    surrogateKeys(reply, [surrogateKey.topics, ...page.data.map((topic) => surrogateKey.topic(topic.id))])
    return page
  })

  app.get('/topics/:ref', {
    schema: publicRead({
      operationId: 'getTopic',
      summary: 'Get a topic',
      description: 'One topic by id or slug. Its articles: `GET /v1/articles?topic=<ref>`.',
      tag: 'topics',
      params: TopicParams,
      body: ref(Topic),
      bodyDescription: 'The topic.',
      problems: [400, 404]
    })
  }, async (request, reply) => {
    const topic = await app.topics.get(request.params.ref)
    surrogateKeys(reply, [surrogateKey.topic(topic.id)])
    return reply.header('etag', editorialETag(topic)).send(topic)
  })

  const editorsOnly = requireRole(['editor'], 'change topics')

  app.post('/topics', {
    onRequest: editorsOnly,
    schema: tokenOperation({
      operationId: 'createTopic',
      summary: 'Add a topic',
      description: 'Adds a topic. Without `slug`, one is made from its English name, or else its first (Arabic letters kept; `-2`, `-3`, ... added when taken); a `slug` another topic has is a 409. `mediaTopic` is an IPTC Media Topic code (`medtop:` and eight digits).',
      tag: 'topics',
      body: NewTopic,
      responses: { 201: created(ref(Topic), 'The new topic. `Location` is its address, `ETag` its version for the next write.') },
      problems: [400, 409, 413, 415]
    })
  }, async (request, reply) => {
    const topic = await app.topics.create(request.body)
    return reply.code(201).header('location', `/v1/topics/${topic.id}`).header('etag', editorialETag(topic)).send(topic)
  })

  app.patch('/topics/:ref', {
    onRequest: editorsOnly,
    schema: tokenOperation({
      operationId: 'updateTopic',
      summary: 'Change a topic',
      description: 'Changes a topic with a JSON merge patch (`application/merge-patch+json` or `application/json`). Any change (articles show all of a topic) moves every article that shows the topic on to a new version in the same write: a new revision each, an `article.updated` in the change feed (and to webhooks) for the public ones, and their keys in `Surrogate-Key` to purge.',
      tag: 'topics',
      params: TopicParams,
      headers: IfMatch,
      body: TopicPatch,
      mergePatch: true,
      responses: { 200: ok(ref(Topic), 'The topic as changed, with its new `ETag`.', 'application/json', purgeHeader) },
      problems: [400, 404, 409, 412, 413, 415, 428]
    })
  }, async (request, reply) => {
    const { topic, articleIds } = await app.topics.update({ ref: request.params.ref, ifMatch: request.headers['if-match'], author: authorOf(request) }, request.body)
    surrogateKeys(reply, [surrogateKey.topic(topic.id), ...articleIds.map(surrogateKey.article)])
    return reply.header('etag', editorialETag(topic)).send(topic)
  })

  app.delete('/topics/:ref', {
    onRequest: editorsOnly,
    schema: tokenOperation({
      operationId: 'deleteTopic',
      summary: 'Delete a topic',
      description: 'Deletes a topic no article shows; while any does, a 409 naming those articles (in `detail` and `articles`). Needs `If-Match`.',
      tag: 'topics',
      params: TopicParams,
      headers: IfMatch,
      responses: { 204: noContent('Deleted.') },
      problems: [400, 404, 409, 412, 428]
    })
  }, async (request, reply) => {
    await app.topics.remove({ ref: request.params.ref, ifMatch: request.headers['if-match'], author: authorOf(request) })
    return reply.code(204).send(null)
  })
}

export default topicRoutes
