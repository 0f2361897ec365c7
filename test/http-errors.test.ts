// Errors raised before a route answers (Node's HTTP parser, timeouts, CORS, framing), over raw TCP: each a problem+json.
import { connect } from 'node:net'
import type { AddressInfo } from 'node:net'
import t, { type Test } from 'tap'
import { buildApp } from '../src/app.js'
import { comments } from '../src/db/sqlite-schema.js'
import { adminToken, build, seedId } from './helper.js'
import { testDatabaseUrl } from './databases.js'

interface RawResponse {
  status: number
  headers: Record<string, string>
  body: string
  /** Whether the server closed the connection. */
  closed: boolean
}

/** Parses the first HTTP/1.1 response in what the server sent. */
function parse (text: string, closed: boolean): RawResponse {
  const end = text.indexOf('\r\n\r\n')
  const [statusLine = '', ...lines] = text.slice(0, end).split('\r\n')
  const headers = Object.fromEntries(lines.map((line) => {
    const colon = line.indexOf(':')
    return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]
  }))
  const body = text.slice(end + 4)
  return { status: Number(statusLine.split(' ')[1]), headers, body: headers['content-length'] ? body.slice(0, Number(headers['content-length'])) : body, closed }
}

/**
 * Sends bytes over a fresh connection, each chunk after `gapMs`, and reads until the server
 * closes it or `waitMs` after the last chunk has passed.
 */
function exchange (port: number, chunks: Array<string | Buffer>, { gapMs = 0, waitMs = 2000 } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    const received: Buffer[] = []
    let timer: NodeJS.Timeout | undefined
    const finish = (closed: boolean) => {
      clearTimeout(timer)
      socket.destroy()
      resolve(parse(Buffer.concat(received).toString('utf8'), closed))
    }
    socket.on('data', (data: Buffer) => received.push(data))
    socket.on('close', () => finish(true))
    socket.on('error', (error: NodeJS.ErrnoException) => { if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') reject(error) })
    let index = 0
    const next = () => {
      if (socket.destroyed) return
      const chunk = chunks[index++]
      if (chunk === undefined) {
        timer = setTimeout(() => finish(false), waitMs)
        return
      }
      socket.write(chunk)
      timer = setTimeout(next, gapMs)
    }
    socket.on('connect', next)
  })
}

async function listening (t: Test, options: Parameters<typeof build>[1] = {}) {
  const app = await build(t, options)
  await app.listen({ host: '127.0.0.1', port: 0 })
  return { app, port: (app.server.address() as AddressInfo).port }
}

/** A problem+json answer of a documented type, with the connection closed after it. */
async function isProblem (t: Test, app: Awaited<ReturnType<typeof build>>, response: RawResponse, status: number, type: string) {
  t.equal(response.status, status, `${status}: ${response.body}`)
  t.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.equal(Number(response.headers['content-length']), Buffer.byteLength(response.body))
  t.equal(response.headers.etag, undefined)
  t.equal(response.headers['x-content-type-options'], 'nosniff', 'never sniffed, whatever raised it')
  const problem = JSON.parse(response.body) as Record<string, unknown>
  t.match(problem, { type, status, title: String, detail: String, instance: /^urn:uuid:[0-9a-f-]{36}$/ })
  const described = await app.inject({ method: 'GET', url: type })
  t.equal(described.statusCode, 200, `${type} is described`)
  t.equal(described.json().status, status)
  t.equal(described.json().title, problem.title)
}

t.test('a malformed request line, or bad bytes in the path, is a 400 problem and the connection closes', async (t) => {
  const { app, port } = await listening(t)
  for (const request of [
    'GARBAGE\r\n\r\n',
    'FETCH / HTTP/1.1\r\nHost: x\r\n\r\n',
    'GET /v1/art\x01icles HTTP/1.1\r\nHost: x\r\n\r\n',
    'GET /v1/articles HTTP/1.1\r\nHost: x\r\nContent-Length: twelve\r\n\r\n',
    'GET /v1/articles HTTP/1.1\r\nHo st: x\r\n\r\n'
  ]) {
    const response = await exchange(port, [request])
    await isProblem(t, app, response, 400, '/problems/invalid-request')
    t.ok(response.closed, JSON.stringify(request))
    t.equal(response.headers.connection, 'close')
  }
})

t.test('headers larger than the server reads are a 431 problem', async (t) => {
  const { app, port } = await listening(t)
  const response = await exchange(port, [`GET /v1/articles HTTP/1.1\r\nHost: x\r\nX-Padding: ${'p'.repeat(20_000)}\r\n\r\n`])
  await isProblem(t, app, response, 431, '/problems/request-header-fields-too-large')
  t.ok(response.closed)
})

t.test('a request whose headers or body do not arrive in time is a 408 problem and the connection closes', async (t) => {
  const { app, port } = await listening(t, { requestTimeoutMs: 400 })
  const body = JSON.stringify({ authorName: 'Slow reader', body: 'Trickled one byte at a time.' })
  const trickled = await exchange(port, [
    `POST /v1/articles/${seedId}/comments HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`,
    ...body.split('')
  ], { gapMs: 100 })
  await isProblem(t, app, trickled, 408, '/problems/request-timeout')
  t.ok(trickled.closed, 'the public comment route too')
  t.equal((await app.database.db.select().from(comments)).length, 0, 'nothing was written')

  const slowHeaders = await exchange(port, ['GET /v1/articles HTTP/1.1\r\n', 'Host: x\r\n', 'X-Slow: 1\r\n', 'X-Slow: 2\r\n', 'X-Slow: 3\r\n', 'X-Slow: 4\r\n', 'X-Slow: 5\r\n', 'X-Slow: 6\r\n'], { gapMs: 100 })
  await isProblem(t, app, slowHeaders, 408, '/problems/request-timeout')
  t.ok(slowHeaders.closed)

  const idleBody = await exchange(port, [`PATCH /v1/webhooks/x HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${adminToken}\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{`])
  await isProblem(t, app, idleBody, 408, '/problems/request-timeout')
  t.ok(idleBody.closed)

  const inTime = await exchange(port, ['GET /v1/articles HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'])
  t.equal(inTime.status, 200, 'a request in time is answered')
})

t.test('an OPTIONS request that is not a CORS preflight is a 400 problem', async (t) => {
  const { app, port } = await listening(t)
  for (const headers of [{}, { origin: 'https://news.example.org' }, { 'access-control-request-method': 'GET' }]) {
    const response = await app.inject({ method: 'OPTIONS', url: '/v1/articles', headers })
    t.equal(response.statusCode, 400, JSON.stringify(headers))
    t.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8')
    t.match(response.json(), { type: '/problems/invalid-request', status: 400, detail: /preflight/ })
  }
  const star = await exchange(port, ['OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'])
  await isProblem(t, app, star, 400, '/problems/invalid-request')
  const preflight = await app.inject({ method: 'OPTIONS', url: '/v1/articles', headers: { origin: 'https://news.example.org', 'access-control-request-method': 'GET' } })
  t.equal(preflight.statusCode, 204, 'a real preflight is answered as before')
})

t.test('a request without Host, or with an expectation the server cannot meet, is a problem', async (t) => {
  const { app, port } = await listening(t)
  const hostless = await exchange(port, ['GET /v1/articles HTTP/1.1\r\nConnection: close\r\n\r\n'])
  await isProblem(t, app, hostless, 400, '/problems/invalid-request')
  t.match(JSON.parse(hostless.body), { detail: /Host/ })
  const expecting = await exchange(port, ['GET /v1/articles HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\nConnection: close\r\n\r\n'])
  await isProblem(t, app, expecting, 417, '/problems/expectation-failed')
  const continuing = await exchange(port, ['GET /v1/articles HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n'])
  t.equal(continuing.status, 100, '100-continue is still honoured')
})

t.test('a request still arriving while the server shuts down is a 503 problem, and the connection closes', async (t) => {
  const app = await buildApp({ databaseUrl: await testDatabaseUrl(t) })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as AddressInfo
  const socket = connect(port, '127.0.0.1')
  const received: Buffer[] = []
  socket.on('data', (data: Buffer) => received.push(data))
  const ended = new Promise((resolve) => socket.on('close', resolve))
  await new Promise((resolve) => socket.on('connect', resolve))
  // The request has begun (its connection is not idle) when the shutdown starts, and ends after.
  await new Promise<void>((resolve) => socket.write('GET /v1/articles HTTP/1.1\r\nHost: x\r\n', () => resolve()))
  await new Promise((resolve) => setTimeout(resolve, 100))
  const closed = app.close()
  await new Promise((resolve) => setImmediate(resolve))
  socket.write('\r\n')
  await ended
  await closed
  const response = parse(Buffer.concat(received).toString('utf8'), true)
  t.equal(response.status, 503)
  t.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.equal(response.headers.connection, 'close')
  t.match(JSON.parse(response.body), { type: '/problems/service-unavailable', status: 503, title: 'Service unavailable' })
  const other = await build(t)
  t.equal((await other.inject({ method: 'GET', url: '/problems/service-unavailable' })).json().status, 503)
})
