// The server: reads the configuration, listens, and closes gracefully on SIGTERM and SIGINT.
// With WORKERS > 1 this file runs in every process of a cluster: the primary (src/cluster.ts)
// forks it as the workers, each of which serves the port as a single server would.
import cluster from 'node:cluster'
import { hostname } from 'node:os'
import type { AddressInfo } from 'node:net'
import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.js'
import { loadConfigOrExit, publicBaseUrlWarning } from './config.js'
import { exitIfUnreachable } from './db/database.js'

const config = loadConfigOrExit()
if (config.workers > 1 && cluster.isPrimary) {
  const { runPrimary } = await import('./cluster.js')
  await runPrimary(config)
} else {
  const worker = cluster.worker
  const app = await buildApp({
    databaseUrl: config.databaseUrl,
    database: config.database,
    // The primary seeded the database before it forked the workers.
    seedOnce: worker === undefined,
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
    // A worker's every line says which worker wrote it (pino's default fields, and the worker's number).
    logger: { level: config.logLevel, ...(worker && { base: { pid: process.pid, hostname: hostname(), worker: worker.id } }) }
  }).catch((error: unknown) => {
    exitIfUnreachable(error)
    throw error
  })

  // Stop accepting, let in-flight requests finish, close the database; give up after 10 s.
  // A worker is stopped by its primary (SIGTERM) alone: the SIGINT of a Ctrl-C reaches it too,
  // and is ignored rather than taken for a first signal, which the primary's would follow.
  if (worker) process.on('SIGINT', () => {})
  closeWithGrace({ delay: 10_000, ...(worker && { skip: ['SIGINT'] }) }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an error')
    else app.log.info({ signal }, 'shutting down')
    await app.close()
  })

  await app.listen({ host: config.host, port: config.port })
  const warning = publicBaseUrlWarning(config.publicBaseUrl, (app.server.address() as AddressInfo).port)
  if (warning) app.log.warn(warning)
}
