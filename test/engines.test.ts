// What the engine under the API changes, and what it must not: NUL in parameters, an unreachable database.
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net'
import { sql } from 'drizzle-orm'
import t from 'tap'
import { openDatabase } from '../src/db/database.js'
import { rows, sqlStateOf } from '../src/db/dialect.js'
import { versionRefusal } from '../src/db/postgres.js'
import { testDatabaseUrl, testEngine } from './databases.js'
import { build, seedId } from './helper.js'

t.test('a NUL in a path or query parameter is a 400 naming it, on either engine', async (t) => {
  const app = await build(t)
  const path = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}%00` })
  t.equal(path.statusCode, 400)
  t.match(path.json(), { type: '/problems/invalid-request', errors: [{ in: 'path', name: 'ref', detail: 'contains the character U+0000, which no parameter may hold' }] })
  const cursor = Buffer.from(JSON.stringify(['articles', '2026-01-01T00:00:00.000Z', 'a\u0000b'])).toString('base64url')
  const list = await app.inject({ method: 'GET', url: `/v1/articles?cursor=${cursor}` })
  t.equal(list.statusCode, 400)
  t.match(list.json(), { type: '/problems/invalid-cursor' })
  const query = await app.inject({ method: 'GET', url: '/v1/feeds/atom.xml?lang=ar%00' })
  t.equal(query.statusCode, 400)
  t.match(query.json(), { errors: [{ in: 'query', name: 'lang' }] })
})

/** A TCP proxy in front of PostgreSQL that can be cut (every connection dropped, new ones refused) and mended. */
async function proxyTo (target: URL) {
  const sockets = new Set<Socket>()
  let server: Server | undefined
  let port = 0
  const listen = () => new Promise<void>((resolve) => {
    server = createServer((client) => {
      const upstream = connect(Number(target.port || 5432), target.hostname)
      for (const socket of [client, upstream]) {
        sockets.add(socket)
        socket.on('close', () => sockets.delete(socket))
        socket.on('error', () => { client.destroy(); upstream.destroy() })
      }
      client.pipe(upstream).pipe(client)
    }).listen(port, '127.0.0.1', () => {
      port = (server?.address() as AddressInfo).port
      resolve()
    })
  })
  await listen()
  return {
    port,
    cut: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy()
      server?.close(() => resolve())
    }),
    mend: listen
  }
}

t.test('/health answers 503 while PostgreSQL cannot be reached, and 200 again once it can, by itself', { skip: testEngine === 'sqlite' && 'SQLite is a file of the process itself: it cannot become unreachable' }, async (t) => {
  const target = new URL(await testDatabaseUrl(t))
  const proxy = await proxyTo(target)
  t.teardown(proxy.cut)
  const viaProxy = new URL(target)
  viaProxy.hostname = '127.0.0.1'
  viaProxy.port = String(proxy.port)
  const app = await build(t, { databaseUrl: viaProxy.href })
  t.equal((await app.inject({ method: 'GET', url: '/health' })).statusCode, 200)

  await proxy.cut()
  const down = await app.inject({ method: 'GET', url: '/health' })
  t.equal(down.statusCode, 503)
  t.equal(down.headers['retry-after'], '5')
  t.match(down.json(), { type: '/problems/service-unavailable', status: 503, detail: 'The database cannot be reached just now. Nothing was changed: try again in a few seconds.' })
  const read = await app.inject({ method: 'GET', url: `/v1/articles/${seedId}` })
  t.equal(read.statusCode, 503, 'any request needing the database is a 503 too, not a 500')

  await proxy.mend()
  t.equal((await app.inject({ method: 'GET', url: '/health' })).statusCode, 200, 'recovered without a restart')
  t.equal((await app.inject({ method: 'GET', url: `/v1/articles/${seedId}` })).statusCode, 200)
})

t.test('DATABASE_STATEMENT_TIMEOUT_MS cancels a statement that runs longer', { skip: testEngine === 'sqlite' && 'a PostgreSQL setting' }, async (t) => {
  const database = await openDatabase(await testDatabaseUrl(t), { statementTimeoutMs: 200 })
  t.teardown(() => database.close())
  const cancelled = await rows(database.db, sql`select pg_sleep(2)`).catch((error: unknown) => error)
  t.equal(sqlStateOf(cancelled), '57014', 'query_canceled')
  t.same(await rows(database.db, sql`select 1 as one`), [{ one: 1 }], 'the next statement runs')
})

t.test('a PostgreSQL older than 15 is refused, saying so', async (t) => {
  t.equal(versionRefusal(140011), 'it is version 14, and PostgreSQL 15 or later is needed')
  t.equal(versionRefusal(150000), undefined)
  t.equal(versionRefusal(170004), undefined)
})
