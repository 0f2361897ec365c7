// Announces scheduled publications: a scheduled article turns public by the clock alone, so
// something has to notice and record its `article.published` (and queue its webhooks).
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'

export interface SweeperOptions {
  /** How often to look for publications whose time has come, in milliseconds. */
  intervalMs: number
}

async function sweeper (app: FastifyInstance, options: SweeperOptions) {
  // The sweep in progress: one at a time (a slow database must not pile them up), and the
  // database closes only after it.
  let sweeping: Promise<void> | undefined
  const sweep = () => {
    sweeping ??= announce().finally(() => { sweeping = undefined })
    return sweeping
  }
  const announce = async () => {
    try {
      const announced = await app.articles.announceDue()
      if (announced > 0) app.log.info({ announced }, 'scheduled articles published')
    } catch (error) {
      // The next sweep tries again; a busy database is no reason to stop.
      app.log.error({ err: error }, 'announcing scheduled articles failed')
    }
  }
  let timer: NodeJS.Timeout | undefined
  app.addHook('onReady', async () => {
    await sweep()
    timer = setInterval(() => { void sweep() }, options.intervalMs)
    timer.unref()
  })
  app.addHook('onClose', async () => {
    clearInterval(timer)
    await sweeping
  })
}

export default fp(sweeper, { name: 'sweeper', dependencies: ['articles-repository'] })
