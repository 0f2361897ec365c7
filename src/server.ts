// The server: reads the configuration, listens, and closes gracefully on SIGTERM and SIGINT.
import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.js'
import { loadConfig } from './config.js'

const config = loadConfig()
const app = await buildApp({
  databasePath: config.databasePath,
  corsOrigins: config.corsOrigins,
  adminToken: config.adminToken,
  commentsAutoApprove: config.commentsAutoApprove,
  commentRateLimit: config.commentRateLimit,
  authFailureLimit: config.authFailureLimit,
  trustProxy: config.trustProxy,
  cache: config.cache,
  publicBaseUrl: config.publicBaseUrl,
  webhooks: config.webhooks,
  logger: { level: config.logLevel }
})

// Stop accepting, let in-flight requests finish, close the database; give up after 10 s.
closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
  if (err) app.log.error({ err }, 'shutting down after an error')
  else app.log.info({ signal }, 'shutting down')
  await app.close()
})

await app.listen({ host: config.host, port: config.port })
