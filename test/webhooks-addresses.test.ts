// Which addresses webhooks may reach, how signatures are made, and how long retries wait.
import { Webhook as Verifier } from 'standardwebhooks'
import t from 'tap'
import { forbiddenRange, publicLookup, urlProblem } from '../src/webhooks/addresses.js'
import { newSecret, retryAfterMs, sign } from '../src/webhooks/sender.js'
import { retryDelay } from '../src/webhooks/worker.js'

t.test('only public unicast addresses may be reached, IPv4 and IPv6', async (t) => {
  const refused: Array<[string, string]> = [
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.251', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['192.0.2.1', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:a9fe:a9fe', 'linkLocal'],
    ['::7f00:1', 'ipv4Compatible'],
    ['64:ff9b::a00:1', 'rfc6052'],
    ['not an address', 'invalid']
  ]
  for (const [address, range] of refused) t.equal(forbiddenRange(address), range, address)
  for (const address of ['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8']) t.equal(forbiddenRange(address), undefined, address)
})

t.test('webhook URLs: http(s) only; IP literals and localhost names judged at once', async (t) => {
  t.equal(urlProblem('https://partner.example.org/hooks', false), undefined)
  t.equal(urlProblem('http://93.184.215.14:8080/x', false), undefined)
  t.equal(urlProblem('http://[2606:4700:4700::1111]/x', false), undefined)
  t.equal(urlProblem('ftp://example.org/', false), 'must be an http or https URL, not ftp')
  t.equal(urlProblem('javascript:alert(1)', true), 'must be an http or https URL, not javascript')
  t.equal(urlProblem('http://127.1/', false), 'points to 127.0.0.1 is not a public address (loopback), which webhooks may not reach', 'as the URL parser reads it')
  t.equal(urlProblem('http://2130706433/', false), 'points to 127.0.0.1 is not a public address (loopback), which webhooks may not reach')
  t.equal(urlProblem('http://LOCALHOST./', false), 'points to localhost, a loopback name, which webhooks may not reach')
  t.equal(urlProblem('http://[::ffff:192.168.0.1]/', false), 'points to ::ffff:c0a8:1 is not a public address (private), which webhooks may not reach')
  t.equal(urlProblem('http://127.0.0.1/', true), undefined, 'unless private addresses are allowed')
})

t.test('the lookup hands the socket public addresses only', async (t) => {
  const lookUp = (hostname: string, all: boolean) => new Promise<{ error: Error | null, address: unknown }>((resolve) => {
    publicLookup(hostname, { all }, (error, address) => resolve({ error, address }))
  })
  const refused = await lookUp('localhost', false)
  t.match(refused.error, { message: /^refused: localhost resolves to (127\.0\.0\.1|::1), not a public address \(loopback\)/, code: 'EADDRFORBIDDEN' })
  const refusedAll = await lookUp('localhost', true)
  t.match(refusedAll.error, { code: 'EADDRFORBIDDEN' })
  const literal = await lookUp('93.184.215.14', true)
  t.same(literal, { error: null, address: [{ address: '93.184.215.14', family: 4 }] }, 'a public address passes')
  const single = await lookUp('93.184.215.14', false)
  t.same(single, { error: null, address: '93.184.215.14' })
})

t.test('signatures are what Standard Webhooks verifies', async (t) => {
  const secret = newSecret()
  t.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/)
  t.not(newSecret(), secret, 'random')
  const body = Buffer.from('{"type":"article.published","data":{"title":"وقف إطلاق النار"}}')
  const timestamp = Math.floor(Date.now() / 1000)
  const signature = sign(secret, 'msg_1', timestamp, body)
  t.match(signature, /^v1,[A-Za-z0-9+/]{43}=$/)
  t.equal(signature, new Verifier(secret).sign('msg_1', new Date(timestamp * 1000), body.toString('utf8')), 'the reference library signs the same')
  t.doesNotThrow(() => new Verifier(secret).verify(body.toString('utf8'), { 'webhook-id': 'msg_1', 'webhook-timestamp': String(timestamp), 'webhook-signature': signature }))
})

t.test('retries wait base · 2^(n−1), times a random factor in [0.5, 1], at most a day', async (t) => {
  for (let attempts = 1; attempts <= 8; attempts++) {
    const full = 5000 * 2 ** (attempts - 1)
    const delays = Array.from({ length: 50 }, () => retryDelay(5000, attempts))
    t.ok(delays.every((delay) => delay >= full / 2 && delay <= full), `after ${attempts} failed attempts: between ${full / 2} and ${full} ms`)
  }
  t.ok(retryDelay(5000, 60) <= 24 * 60 * 60 * 1000)
  t.equal(retryDelay(5000, 1, 60_000), 60_000, 'a longer Retry-After wins')
  t.ok(retryDelay(5000, 1, 10) >= 2500, 'a shorter one does not shorten the backoff')
  t.equal(retryDelay(5000, 1, 10 * 24 * 60 * 60 * 1000), 24 * 60 * 60 * 1000, 'nor does any wait pass a day')
})

t.test('Retry-After is read as seconds or as an HTTP date', async (t) => {
  const now = Date.parse('2026-11-29T10:00:00.000Z')
  t.equal(retryAfterMs(undefined, now), null)
  t.equal(retryAfterMs('120', now), 120_000)
  t.equal(retryAfterMs('Sun, 29 Nov 2026 10:01:00 GMT', now), 60_000)
  t.equal(retryAfterMs('Sun, 29 Nov 2026 09:00:00 GMT', now), 0, 'a date gone by is no wait')
  t.equal(retryAfterMs('soon', now), null)
})
