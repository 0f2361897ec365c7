// Several server processes on one database (PostgreSQL, or one SQLite file): no change lost or doubled, races decided once, each webhook delivery sent once, nothing lost to a kill -9.
import t, { type Test } from 'tap'
import {
  allChangeTypes, call, changeKey, changesPage, deliveryStatuses, feedAfter, must, publicVersions, repeated, replay,
  sharedDatabaseUrl, startPair, waitFor, webhookReceiver, type Change, type Instance
} from './instances.js'

// Real processes, each compiling the sources as it starts.
t.setTimeout(240_000)

/** What a story's acknowledged writes left behind, for checking after a kill. */
interface Story { id?: string, version?: number, deleted: boolean, comments: string[] }

/**
 * Runs one article's life through the instances `pick` names step by step (alternating, so
 * every If-Match carries a tag the other instance gave): create, edit the draft, publish,
 * comment, edit, comment, then delete, unpublish or keep it. Each acknowledged write adds the
 * change it must cause to `expected`. A request the connection drops ends the story: its
 * outcome is unknown.
 */
async function story (pick: (step: number) => Instance, index: number, tag: string, expected: string[], state: Story) {
  let step = 0
  const next = () => pick(step++)
  try {
    const created = await must(next(), 201, 'POST', '/v1/articles', { body: { title: `Story ${tag} ${index}`, language: 'en', slug: `story-${tag}-${index}` } })
    const id: string = created.body.id
    Object.assign(state, { id, version: created.body.version })
    const drafted = await must(next(), 200, 'PATCH', `/v1/articles/${id}`, { ifMatch: created.etag, body: { title: `Story ${tag} ${index}, drafted` } })
    state.version = drafted.body.version
    const published = await must(next(), 200, 'POST', `/v1/articles/${id}/publish`, { ifMatch: drafted.etag })
    state.version = published.body.version
    expected.push(changeKey({ type: 'article.published', articleId: id, commentId: null, version: published.body.version }))
    const comment = async () => {
      const posted = await must(next(), 201, 'POST', `/v1/articles/${id}/comments`, { anonymous: true, body: { authorName: 'Lina', body: `On story ${tag} ${index}, comment ${state.comments.length + 1}.` } })
      state.comments.push(posted.body.id)
      expected.push(changeKey({ type: 'comment.approved', articleId: id, commentId: posted.body.id, version: null }))
    }
    await comment()
    const edited = await must(next(), 200, 'PATCH', `/v1/articles/${id}`, { ifMatch: published.etag, body: { title: `Story ${tag} ${index}, edited` } })
    state.version = edited.body.version
    expected.push(changeKey({ type: 'article.updated', articleId: id, commentId: null, version: edited.body.version }))
    await comment()
    if (index % 3 === 0) {
      await must(next(), 204, 'DELETE', `/v1/articles/${id}`, { ifMatch: edited.etag })
      state.deleted = true
      expected.push(changeKey({ type: 'article.deleted', articleId: id, commentId: null, version: edited.body.version }))
    } else if (index % 3 === 1) {
      const unpublished = await must(next(), 200, 'POST', `/v1/articles/${id}/unpublish`, { ifMatch: edited.etag })
      state.version = unpublished.body.version
      expected.push(changeKey({ type: 'article.unpublished', articleId: id, commentId: null, version: unpublished.body.version }))
    }
  } catch (error) {
    // A dropped connection (the instance was killed): the write may or may not have happened.
    if (!(error instanceof TypeError)) throw error
  }
}

/** Follows the feed from `since` as fast as it can, through both instances in turn, until `done` and caught up. */
async function partner (instances: Instance[], since: string, done: () => boolean) {
  const collected: Change[] = []
  let cursor = since
  for (let turn = 0; ; turn++) {
    const finished = done()
    const page = await changesPage(instances[turn % instances.length]!, cursor)
    collected.push(...page.data)
    cursor = page.nextCursor
    if (finished && page.caughtUp) return collected
  }
}

async function subscribe (instance: Instance, url: string): Promise<string> {
  return (await must(instance, 201, 'POST', '/v1/webhooks', { body: { url, events: allChangeTypes } })).body.id
}

const keysOf = (changes: Change[]) => changes.map(changeKey)
const seqsOf = (changes: Change[]) => changes.map((change) => change.seq)
const increasing = (seqs: number[]) => seqs.every((seq, index) => index === 0 || seq > seqs[index - 1]!)

// One database and two instances for the whole file: starting processes is the slow part.
// They start at the same time, as a deployment (or a new user's second `npm start`) would.
let instances: [Instance, Instance]
let a: Instance
let b: Instance
t.before(async () => {
  instances = await startPair(t, await sharedDatabaseUrl(t))
  ;[a, b] = instances
})

t.test('two instances racing one If-Match, and one new slug', async (t) => {
  const rounds = 6
  for (let round = 0; round < rounds; round++) {
    const created = await must(a, 201, 'POST', '/v1/articles', { body: { title: `Race ${round}`, language: 'en' } })
    const path = `/v1/articles/${created.body.id}`
    const published = await must(b, 200, 'POST', `${path}/publish`, { ifMatch: created.etag })
    // Both instances have served (and may keep) the article as it was.
    for (const instance of instances) await must(instance, 200, 'GET', path, { anonymous: true })
    // Three requests through each instance, all with the same tag.
    const answers = await Promise.all(Array.from({ length: 6 }, (_, index) =>
      call(instances[index % 2]!, 'PATCH', path, { ifMatch: published.etag, body: { title: `Race ${round}, take ${index}` } })))
    t.same(answers.map((answer) => answer.status).sort(), [200, 412, 412, 412, 412, 412], `round ${round}: one edit wins, the others are refused`)
    const winner = answers.find((answer) => answer.status === 200)
    for (const instance of instances) {
      const article = await must(instance, 200, 'GET', path, { anonymous: true })
      t.same([article.body.version, article.body.title], [published.body.version + 1, winner?.body.title], `instance ${instance.name} serves the winner's edit, one version on`)
    }

    const slug = `contested-${round}`
    const claims = await Promise.all(instances.map((instance) =>
      call(instance, 'POST', '/v1/articles', { body: { title: `Contested ${round}`, language: 'en', slug } })))
    t.same(claims.map((answer) => answer.status).sort(), [201, 409], `round ${round}: one create gets the slug, the other 409`)
  }
})

t.test('scheduled publications, swept by both instances, are each announced once', async (t) => {
  const start = (await feedAfter(a)).cursor
  const count = 10
  const drafts = await Promise.all(Array.from({ length: count }, (_, index) =>
    must(instances[index % 2]!, 201, 'POST', '/v1/articles', { body: { title: `Scheduled ${index}`, language: 'en' } })))
  const publishAt = new Date(Date.now() + 3000).toISOString()
  const scheduled = await Promise.all(drafts.map((draft, index) =>
    must(instances[index % 2]!, 200, 'POST', `/v1/articles/${draft.body.id}/publish`, { ifMatch: draft.etag, body: { publishAt } })))
  t.same(scheduled.map((answer) => answer.body.status), drafts.map(() => 'scheduled'), 'none public yet: the sweepers will announce them')
  const expected = scheduled.map((answer) => changeKey({ type: 'article.published', articleId: answer.body.id, commentId: null, version: answer.body.version }))
  await waitFor(async () => (await feedAfter(b, start)).changes.length >= count, 'the scheduled publications to be announced')
  // A few more sweeps by each instance, which must find nothing left to announce.
  await new Promise((resolve) => setTimeout(resolve, 2500))
  const { changes } = await feedAfter(a, start)
  t.same(keysOf(changes).sort(), expected.sort(), 'each publication announced exactly once')
})

t.test('two instances writing at once, with a partner polling the feed and a webhook receiver', async (t: Test) => {
  const receiver = await webhookReceiver(t)
  const webhookId = await subscribe(a, receiver.url)
  const start = (await feedAfter(b)).cursor

  const expected: string[] = []
  let writing = true
  const polled = partner(instances, start, () => !writing)
  // Awaited below; until then, a failure must not end the process as unhandled.
  polled.catch(() => {})
  const stories = 30
  await Promise.all(Array.from({ length: stories }, (_, index) =>
    story((step) => instances[(index + step) % 2]!, index, 'pair', expected, { deleted: false, comments: [] })))
  writing = false
  const collected = await polled
  const { changes } = await feedAfter(a, start)

  t.test('every acknowledged write is in the feed exactly once, in strictly increasing positions', async (t) => {
    // Each story: published, commented, edited, commented; then deleted or unpublished unless its index is 2 mod 3.
    const ending = Array.from({ length: stories }, (_, index) => index % 3 !== 2).filter(Boolean).length
    t.equal(expected.length, stories * 4 + ending, 'every write was acknowledged')
    t.same(keysOf(changes).sort(), [...expected].sort(), 'the feed holds the acknowledged changes, none lost, none doubled, nothing else')
    t.ok(increasing(seqsOf(changes)), 'positions strictly increase')
  })

  t.test('a partner polling the whole time collected exactly the final feed', async (t) => {
    t.same(seqsOf(collected), seqsOf(changes), 'no position skipped or seen twice')
    t.same(keysOf(collected), keysOf(changes), 'the same changes, in the same order')
  })

  t.test('a replay of the feed from the start equals the published set, with versions', async (t) => {
    const whole = (await feedAfter(b)).changes
    t.same(Object.fromEntries(replay(whole)), Object.fromEntries(await publicVersions(a)), 'the same articles, at the same versions')
    // Publishing again is an update: a second `article.published` would be a doubled first publication (the seed's, loaded as both instances started, included).
    t.same(repeated(whole.filter((change) => change.type === 'article.published').map((change) => change.articleId)), [], 'each article first published once')
  })

  t.test('every delivery reaches the receiver, once per attempt, never twice at once', async (t) => {
    const statuses = await waitFor(async () => {
      const all = await deliveryStatuses(b, webhookId)
      return all.length === changes.length && all.every((delivery) => delivery.status === 'succeeded') && all
    }, 'every delivery to succeed')
    t.equal(statuses.length, changes.length, 'one delivery per change')
    // Each send is an attempt the delivery records: a retry after an attempt that timed out
    // on a busy machine is another attempt (receivers tell repeats apart by webhook-id), but
    // a delivery claimed by both instances at once arrives more often than it has attempts.
    const sends = new Map<string, number[]>()
    for (const delivery of receiver.received) sends.set(delivery.id, [...sends.get(delivery.id) ?? [], delivery.at])
    const unclaimed = statuses.filter((delivery) => (sends.get(delivery.id)?.length ?? 0) !== delivery.attempts)
      .map((delivery) => `${delivery.id}: ${delivery.attempts} attempts, arrived at ${sends.get(delivery.id)?.join(', ')}`)
    t.same(unclaimed, [], 'each delivery arrived once per attempt: none sent twice at once')
    t.comment(`${statuses.filter((delivery) => delivery.attempts > 1).length} deliveries needed a retry`)
    t.same([...new Set(receiver.received.map((delivery) => delivery.seq))].sort((x, y) => x - y), seqsOf(changes), 'a delivery for each change')
    t.same(new Set(receiver.received.map((delivery) => delivery.id)), new Set(statuses.map((delivery) => delivery.id)), 'what arrived is what the deliveries list')
    // The next test has a receiver of its own.
    await must(a, 204, 'DELETE', `/v1/webhooks/${webhookId}`)
  })
})

t.test('a kill -9 of one instance mid-writes and mid-sends loses no acknowledged write and leaves no delivery stuck', async (t) => {
  // A slow receiver: deliveries are in flight when the instance dies.
  const receiver = await webhookReceiver(t, 300)
  const [survivor, victim] = instances
  const webhookId = await subscribe(survivor, receiver.url)
  const start = (await feedAfter(survivor)).cursor

  const expected: string[] = []
  const states: Story[] = []
  let killed = false
  const pick = (index: number) => (step: number) => killed ? survivor : instances[(index + step) % 2]!
  const stories = 30
  const writing = Promise.all(Array.from({ length: stories }, (_, index) => {
    const state: Story = { deleted: false, comments: [] }
    states.push(state)
    return story(pick(index), index, 'kill', expected, state)
  }))
  await waitFor(async () => expected.length >= 40 && receiver.received.length >= 4, 'writes and deliveries under way')
  victim.child.kill('SIGKILL')
  killed = true
  await writing
  t.equal(await victim.exited, null, 'the victim died by the signal')

  const { changes } = await feedAfter(survivor, start)
  const counts = new Map<string, number>()
  for (const key of keysOf(changes)) counts.set(key, (counts.get(key) ?? 0) + 1)
  t.same(expected.filter((key) => counts.get(key) !== 1), [], 'every acknowledged change is in the feed exactly once')
  t.ok(increasing(seqsOf(changes)), 'positions strictly increase')

  // What each acknowledged story should read as on the survivor; `lost` lists those that do not.
  const lost: string[] = []
  for (const state of states.filter((state) => state.id !== undefined)) {
    const read = await call(survivor, 'GET', `/v1/articles/${state.id}`)
    if (state.deleted) {
      if (read.status !== 404) lost.push(`${state.id}: deleted, but answers ${read.status}`)
      continue
    }
    // A later write may have committed without its answer arriving: at least the acknowledged version.
    if (read.status !== 200 || read.body.version < state.version!) lost.push(`${state.id}: version ${state.version} acknowledged, reads ${read.status} ${read.body?.version}`)
    const listed = await must(survivor, 200, 'GET', `/v1/comments?article=${state.id}&limit=100`)
    const stored = new Set(listed.body.data.map((comment: { id: string }) => comment.id))
    for (const id of state.comments.filter((id) => !stored.has(id))) lost.push(`${state.id}: comment ${id} acknowledged, missing`)
  }
  t.ok(states.filter((state) => state.id !== undefined).length >= 20, 'stories were under way when the victim died')
  t.same(lost, [], 'every acknowledged article, version, deletion and comment is there')

  const statuses = await waitFor(async () => {
    const all = await deliveryStatuses(survivor, webhookId)
    return all.length === changes.length && all.every((delivery) => delivery.status === 'succeeded') && all
  }, 'every delivery to succeed, those the victim had claimed once their claim ran out')
  t.equal(statuses.length, changes.length, 'one delivery per change, each succeeded')
  const arrived = new Set(receiver.received.map((delivery) => delivery.id))
  // Sent again after the victim's claim ran out is allowed (receivers tell repeats apart by webhook-id); how often it happened says whether the kill caught sends in flight.
  t.comment(`${receiver.received.length - arrived.size} deliveries arrived again after the kill`)
  t.ok(statuses.every((delivery) => arrived.has(delivery.id)), 'each reached the receiver')
})
