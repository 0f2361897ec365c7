// The ninjs endpoint: one published article as IPTC ninjs 3.1, or 2.2 on request, for partners.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { describeArticle } from '../articles/cache-headers.js'
import { ArticleParams } from '../articles/params.js'
import { publicRead } from '../route-schemas.js'
import { ref } from '../schema-helpers.js'
import { ninjs } from './ninjs.js'
import { Ninjs22, Ninjs31, NinjsQuery } from './schemas.js'

export interface NinjsOptions {
  /** Where readers reach the API: the start of each article's `uri`. */
  publicBaseUrl: string
}

const ninjsRoutes: FastifyPluginAsyncTypebox<NinjsOptions> = async (app, options) => {
  app.get('/articles/:ref/ninjs', {
    schema: publicRead({
      operationId: 'getArticleNinjs',
      summary: 'Get an article as IPTC ninjs',
      description: 'One published article as IPTC ninjs (News in JSON): 3.1 by default, 2.2 with `version=2.2`. Title as the main headline; the text as plain text and as HTML marked with its language and direction, with character and word counts; the place (Ort) as `located` and `places`; the sources (Quellen) as `infoSources`, parties as ninjs wants them: each named by its publisher (or by its own name when it has none), with the source document\'s URL, where it has one, as a `contactInfo` entry `{ type: "web", role: "source", name: <source name>, value: <URL> }` (ninjs 3.1 has no top-level `links`). `uri` is the article\'s absolute address on `PUBLIC_BASE_URL`. Public articles only, whatever token is sent.',
      tag: 'syndication',
      params: ArticleParams,
      querystring: NinjsQuery,
      body: Type.Union([ref(Ninjs31), ref(Ninjs22)]),
      bodyDescription: 'The article as ninjs of the version asked for.',
      problems: [400, 404]
    })
  }, async (request, reply) => {
    const current = app.articles.resolve(request.params.ref, 'public')
    describeArticle(reply, current)
    const document = ninjs(app.articles.get(current.id, 'public'), options.publicBaseUrl, request.query.version ?? '3.1')
    // Serialized here, whole: every field the mapping wrote and none other. Fastify sends a string as it is.
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(document) as unknown as typeof document)
  })
}

export default ninjsRoutes
