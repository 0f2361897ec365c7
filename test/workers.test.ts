// WORKERS=2: the real server as a cluster on one database, over real HTTP, each request on a
// connection of its own (node:cluster hands each connection to one worker, in turn).
import { spawn } from 'node:child_process'
import { request } from 'node:http'
import { createServer, type AddressInfo } from 'node:net'
import { createInterface } from 'node:readline'
import t, { type Test } from 'tap'
import { adminToken, seedId } from './helper.js'
import { instanceEnv, sharedDatabaseUrl, waitFor } from './instances.js'

// A cluster is three processes (four with a replaced worker), each compiling the sources as it
// loads them: about 10 s a start on two idle cores, over 30 s on busy ones (the whole file: 60 to 100 s).
t.setTimeout(240_000)

interface LogLine { level: number, msg: string, pid: number, worker?: number, primary?: boolean, reqId?: string, [key: string]: unknown }

/** Starts `src/server.ts` with WORKERS=2 and resolves once every worker listens, with every log line it writes as it comes. */
async function startCluster (t: Test, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [...process.execArgv, 'src/server.ts'], {
    env: { ...process.env, ...instanceEnv, DATABASE_URL: await sharedDatabaseUrl(t), WORKERS: '2', ...env },
    stdio: ['ignore', 'pipe', 'inherit']
  })
  const logs: LogLine[] = []
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  // Killing the primary alone would leave its workers: all of them go if the test fails, and
  // if the test process ends without its teardowns (a crash), as test/instances.ts does.
  const orphaned = () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    for (const pid of workerPids(logs)) killed(pid)
    child.kill('SIGKILL')
  }
  process.on('exit', orphaned)
  t.teardown(async () => {
    orphaned()
    await exited
    process.off('exit', orphaned)
  })
  const listening = new Promise<string>((resolve, reject) => {
    let origin: string | undefined
    createInterface({ input: child.stdout }).on('line', (line) => {
      const entry = JSON.parse(line) as LogLine
      logs.push(entry)
      const address = /^Server listening at (http:\/\/127\.0\.0\.1:\d+)$/.exec(entry.msg)?.[1]
      origin ??= address
      if (entry.primary && entry.msg === '2 workers listening' && origin) resolve(origin)
      if (entry.level >= 50) console.error(`cluster: ${line}`)
    })
    void exited.then((code) => reject(new Error(`the cluster exited with ${code} before listening`)))
  })
  return { child, logs, exited, listening }
}

const workerPids = (logs: LogLine[]) => new Set(logs.filter((line) => line.worker !== undefined).map((line) => line.pid))

/** Kills a process that may be gone already. */
function killed (pid: number): boolean {
  try {
    process.kill(pid, 'SIGKILL')
    return true
  } catch {
    return false
  }
}

function alive (pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

interface Answer { status: number, etag: string, requestId: string, body: any }

/** One request on a new connection, closed after it: the next request may reach the other worker. */
function fresh (origin: string, method: string, path: string, options: { body?: object, ifMatch?: string, ifNoneMatch?: string, anonymous?: boolean } = {}): Promise<Answer> {
  const headers: Record<string, string> = {}
  if (!options.anonymous) headers.authorization = `Bearer ${adminToken}`
  if (options.ifMatch !== undefined) headers['if-match'] = options.ifMatch
  if (options.ifNoneMatch !== undefined) headers['if-none-match'] = options.ifNoneMatch
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body)
  if (payload !== undefined) headers['content-type'] = 'application/json'
  return new Promise((resolve, reject) => {
    const sent = request(`${origin}${path}`, { method, headers, agent: false }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        resolve({ status: response.statusCode!, etag: String(response.headers.etag ?? ''), requestId: String(response.headers['x-request-id']), body: text === '' ? undefined : JSON.parse(text) })
      })
    })
    sent.on('error', reject)
    sent.end(payload)
  })
}

t.test('two workers serve one port and one database, and stop on SIGTERM', async (t) => {
  const cluster = await startCluster(t)
  const origin = await cluster.listening

  t.test('both workers answer, and every log line says which process wrote it', async (t) => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => fresh(origin, 'GET', '/v1/articles', { anonymous: true })))
    t.same(new Set(answers.map((answer) => answer.status)), new Set([200]))
    const ids = new Set(answers.map((answer) => answer.requestId))
    const servedBy = () => new Set(cluster.logs.filter((line) => line.reqId !== undefined && ids.has(line.reqId) && line.msg === 'request completed').map((line) => line.worker))
    // A request's line may be written just after its answer.
    await waitFor(async () => servedBy().size === 2, 'both workers to log their requests', 5_000).catch(() => {})
    t.same([...servedBy()].sort(), [1, 2], 'requests were served by worker 1 and by worker 2')
    t.equal(workerPids(cluster.logs).size, 2, 'two worker processes')
    t.ok(cluster.logs.every((line) => typeof line.pid === 'number' && (line.primary === true) !== (line.worker !== undefined)), 'each line is the primary\'s or a numbered worker\'s')
    t.equal(cluster.logs.filter((line) => line.msg === 'loaded the seed article').length, 1, 'the database was seeded once, by the primary')
    t.ok(cluster.logs.find((line) => line.msg === 'loaded the seed article')?.primary)
  })

  t.test('concurrent writes through both workers: no 5xx, and every acknowledged write is there', async (t) => {
    const drafts = await Promise.all(Array.from({ length: 10 }, (_, index) =>
      fresh(origin, 'POST', '/v1/articles', { body: { title: `Draft ${index}`, language: 'en', slug: `draft-${index}` } })))
    t.same(drafts.map((draft) => draft.status), drafts.map(() => 201))
    const statuses: number[] = []
    // 200 comments on the seed article and ten articles edited ten times each in turn, all at once.
    const comments = Array.from({ length: 200 }, async (_, index) => {
      const posted = await fresh(origin, 'POST', `/v1/articles/${seedId}/comments`, { anonymous: true, body: { authorName: 'Lina', body: `Comment ${index} through the cluster.` } })
      statuses.push(posted.status)
      return posted.status === 201 ? posted.body.id as string : undefined
    })
    const edits = drafts.map(async (draft) => {
      let etag = draft.etag
      let title = draft.body.title as string
      for (let edit = 1; edit <= 10; edit++) {
        const patched = await fresh(origin, 'PATCH', `/v1/articles/${draft.body.id}`, { ifMatch: etag, body: { title: `${draft.body.title}, edit ${edit}` } })
        statuses.push(patched.status)
        if (patched.status !== 200) break
        etag = patched.etag
        title = patched.body.title
      }
      return { id: draft.body.id as string, title }
    })
    const posted = (await Promise.all(comments)).filter((id) => id !== undefined)
    const edited = await Promise.all(edits)

    t.same(statuses.filter((status) => status >= 500), [], 'not one 5xx')
    t.equal(posted.length, 200, 'every comment was acknowledged')
    t.equal(statuses.length, 200 + 100, 'every edit was answered, none refused')
    const listed: string[] = []
    let cursor: string | null = null
    do {
      const page: Answer = await fresh(origin, 'GET', `/v1/articles/${seedId}/comments?limit=100${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`, { anonymous: true })
      listed.push(...page.body.data.map((comment: { id: string }) => comment.id))
      cursor = page.body.nextCursor
    } while (cursor !== null)
    t.same(listed.filter((id) => posted.includes(id)).sort(), [...posted].sort(), 'every acknowledged comment is listed')
    for (const { id, title } of edited) {
      const read = await fresh(origin, 'GET', `/v1/articles/${id}`)
      t.match(read.body, { title, version: 11 }, `${title}: the last edit, after ten`)
    }
  })

  t.test('a write through one worker is read at once through the other: no kept answer or ETag is stale', async (t) => {
    let etag = (await fresh(origin, 'GET', `/v1/articles/${seedId}`)).etag
    const earlier = new Set<string>()
    for (let edit = 1; edit <= 5; edit++) {
      const patched = await fresh(origin, 'PATCH', `/v1/articles/${seedId}`, { ifMatch: etag, body: { title: `Edited through the cluster, ${edit}` } })
      t.equal(patched.status, 200)
      const before = etag
      earlier.add(before)
      etag = patched.etag
      // Each read on a new connection: half of them reach the worker that did not write.
      for (let read = 0; read < 6; read++) {
        const article = await fresh(origin, 'GET', `/v1/articles/${seedId}`, { anonymous: true, ifNoneMatch: before })
        t.equal(article.status, 200, 'the tag before the edit no longer matches')
        t.equal(article.body.title, `Edited through the cluster, ${edit}`)
        t.notOk(earlier.has(article.etag), 'an ETag of no earlier version')
        const again = await fresh(origin, 'GET', `/v1/articles/${seedId}`, { anonymous: true, ifNoneMatch: article.etag })
        t.equal(again.status, 304, 'the new tag matches on either worker')
        const list = await fresh(origin, 'GET', '/v1/articles', { anonymous: true })
        t.equal(list.body.data.find((summary: { id: string }) => summary.id === seedId)?.title, `Edited through the cluster, ${edit}`, 'the list too')
      }
    }
  })

  t.test('a worker that dies is replaced, and the cluster goes on answering', async (t) => {
    const victim = cluster.logs.find((line) => line.worker === 1)!.pid
    process.kill(victim, 'SIGKILL')
    await waitFor(async () => cluster.logs.some((line) => line.primary && line.msg === 'a worker died: starting another' && line.workerPid === victim), 'the primary to notice')
    await waitFor(async () => cluster.logs.some((line) => line.worker === 3 && /^Server listening at/.test(line.msg)), 'the new worker to listen')
    const answers = await Promise.all(Array.from({ length: 10 }, () => fresh(origin, 'GET', '/health', { anonymous: true })))
    t.same(answers.map((answer) => answer.status), answers.map(() => 200))
  })

  t.test('SIGTERM stops the workers gracefully, then the primary, with exit code 0', async (t) => {
    const died = new Set(cluster.logs.filter((line) => line.msg === 'a worker died: starting another').map((line) => line.workerPid))
    const pids = [...workerPids(cluster.logs)].filter((pid) => !died.has(pid))
    t.equal(pids.length, 2, 'two workers running')
    cluster.child.kill('SIGTERM')
    t.equal(await cluster.exited, 0)
    t.same(pids.filter(alive), [], 'no worker left')
    t.equal(cluster.logs.filter((line) => line.worker !== undefined && line.msg === 'shutting down').length, 2, 'each running worker shut down once')
    t.match(cluster.logs.at(-1), { primary: true, msg: 'every worker stopped', exitCode: 0 })
  })
})

t.test('workers that die before they listen are not forked again: the primary exits 1', async (t) => {
  const taken = createServer()
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => taken.close(() => resolve())))
  const cluster = await startCluster(t, { PORT: String((taken.address() as AddressInfo).port) })
  cluster.listening.catch(() => {})
  t.equal(await cluster.exited, 1)
  t.ok(cluster.logs.some((line) => line.primary && line.level === 60 && line.msg === 'a worker died before it listened: stopping'))
  t.ok(cluster.logs.filter((line) => line.worker !== undefined).every((line) => line.worker! <= 2), 'no worker forked after the first two')
})
