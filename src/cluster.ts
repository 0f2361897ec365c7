// WORKERS > 1: the primary process of a cluster. It prepares the database once, forks the
// workers (each runs src/server.ts, builds the app and listens; node:cluster shares the port
// among them), replaces a worker that dies, and stops them all on SIGTERM or SIGINT.
import cluster, { type Worker } from 'node:cluster'
import pino from 'pino'
import type { Config } from './config.js'
import { exitIfUnreachable } from './db/database.js'
import { prepareDatabase } from './prepare.js'

/** Longer than a worker's own grace (10 s, close-with-grace in server.ts): a worker still there after it is stuck. */
const stopGraceMs = 15_000

export async function runPrimary (config: Config): Promise<void> {
  const log = pino({ level: config.logLevel }).child({ primary: true })
  await prepareDatabase(config.databaseUrl, config.database, log).catch((error: unknown) => {
    exitIfUnreachable(error)
    throw error
  })

  const workers = new Set<Worker>()
  const listened = new Set<Worker>()
  let stopping = false
  let exitCode = 0

  const fork = () => { workers.add(cluster.fork()) }

  const stop = (reason: object, message: string) => {
    if (stopping) return
    stopping = true
    log.info({ ...reason, workers: workers.size }, message)
    for (const worker of workers) worker.process.kill('SIGTERM')
    setTimeout(() => {
      log.error({ workers: [...workers].map((worker) => worker.process.pid) }, `workers still running after ${stopGraceMs} ms: killed`)
      for (const worker of workers) worker.process.kill('SIGKILL')
      process.exit(1)
    }, stopGraceMs).unref()
  }

  cluster.on('listening', (worker, address) => {
    listened.add(worker)
    if (listened.size === config.workers) log.info({ workers: config.workers, port: address.port }, `${config.workers} workers listening`)
  })

  cluster.on('exit', (worker, code, signal) => {
    workers.delete(worker)
    const hadListened = listened.delete(worker)
    const fields = { workerId: worker.id, workerPid: worker.process.pid, code, signal }
    if (stopping) {
      if (code !== 0) exitCode = 1
      if (workers.size === 0) {
        log.info({ exitCode }, 'every worker stopped')
        process.exit(exitCode)
      }
    } else if (!hadListened) {
      // A worker that cannot even start (a port taken, a database refused) would fail the
      // same way again: replacing it would fork for ever. Give up instead.
      exitCode = 1
      log.fatal(fields, 'a worker died before it listened: stopping')
      stop(fields, 'stopping the other workers')
      if (workers.size === 0) process.exit(exitCode)
    } else {
      log.error(fields, 'a worker died: starting another')
      fork()
    }
  })

  // Ctrl-C reaches every process of the group, workers too; they leave SIGINT to the primary,
  // which tells each worker once (a second signal would make it stop at once, exit code 1).
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => stop({ signal }, 'shutting down'))

  for (let i = 0; i < config.workers; i++) fork()
}
