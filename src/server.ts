// The server: reads the configuration, listens, and closes gracefully on SIGTERM and SIGINT.
import type { AddressInfo } from 'node:net'
import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.js'
import { loadConfigOrExit, publicBaseUrlWarning } from './config.js'
import { exitIfUnreachable } from './db/database.js'

const config = loadConfigOrExit()
const app = await buildApp({
  databaseUrl: config.databaseUrl,
  database: config.database,
  corsOrigins: config.corsOrigins,
  adminToken: config.adminToken,
  commentsAutoApprove: config.commentsAutoApprove,
  commentRateLimit: config.commentRateLimit,
  authFailureLimit: config.authFailureLimit,
  trustProxy: config.trustProxy,
  requestTimeoutMs: config.requestTimeoutMs,
  cache: config.cache,
  publicBaseUrl: config.publicBaseUrl,
  articleUrlTemplate: config.articleUrlTemplate,
  publisher: config.publisher,
  webhooks: config.webhooks,
  media: config.media,
  search: config.search,
  logger: { level: config.logLevel }
}).catch((error: unknown) => {
  exitIfUnreachable(error)
  throw error
})

// Stop accepting, let in-flight requests finish, close the database; give up after 10 s.
closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
  if (err) app.log.error({ err }, 'shutting down after an error')
  else app.log.info({ signal }, 'shutting down')
  await app.close()
})

await app.listen({ host: config.host, port: config.port })
const warning = publicBaseUrlWarning(config.publicBaseUrl, (app.server.address() as AddressInfo).port)
if (warning) app.log.warn(warning)
