// The change feed endpoint: every change to public content, for partners who mirror it.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { publicRead } from '../route-schemas.js'
import { ref } from '../schema-helpers.js'
import { ChangePage, ChangesQuery } from './schemas.js'

const changeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/changes', {
    // A mirror must never act on a stale page: caches revalidate every time.
    config: { cache: 'no-cache' },
    schema: publicRead({
      operationId: 'listChanges',
      summary: 'Follow the change feed',
      description: 'Every change to public content, in commit order: articles published, updated, unpublished, archived and deleted, and comments approved and removed. Start without `since`, apply each change (fetch what `article.published`/`article.updated` name, take down what a change with `takedown: true` names: `article.unpublished`/`article.archived`/`article.deleted`, whose ninjs is then a kill notice with `pubStatus: "canceled"`), then ask again with `since` set to the last `nextCursor`: at once while `caughtUp` is `false`, later once it is `true`. Replaying the whole feed into an empty mirror gives exactly the published articles. Answered with `Cache-Control: no-cache` and an `ETag`, so caches always revalidate.',
      tag: 'changes',
      querystring: ChangesQuery,
      body: ref(ChangePage),
      bodyDescription: 'The changes after `since`, oldest first, and the cursor to continue from.',
      problems: [400]
    })
  }, async (request) => await app.changes.list(request.query))
}

export default changeRoutes
