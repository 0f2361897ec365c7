// The benchmark's load: autocannon runs of one request against a server, alternated with its replay, and their medians.
import autocannon from 'autocannon'
import PipelinedRequestsQueue from 'autocannon/lib/pipelinedRequestsQueue.js'
import type { BenchRequest } from './bench-capture.js'

// autocannon 9 keeps each response's body as a string, decoding every chunk (`body += chunk`)
// for checks this benchmark does not ask for (expectBody, verifyBody, onResponse). On bodies
// that are not ASCII (Arabic text; anything compressed) the decoding cost the load generator,
// which shares the two cores with the servers, more than the servers spent answering: on a feed
// of 7 KB (gzip) it ran at 100 % of a core and 7,700 answers a second against 30,000 for 7 KB of
// ASCII, so the feeds' p99 measured the load generator. Bodies are counted, not kept.
PipelinedRequestsQueue.prototype.addBody = () => {}

export const seconds = Number(process.env.BENCH_SECONDS ?? 1)
export const rounds = Number(process.env.BENCH_ROUNDS ?? 3)
export const connections = Number(process.env.BENCH_CONNECTIONS ?? 50)
// Long enough for the code each answer runs to be optimized: a read's is, within half a second;
// a comment's post (validation, the rate limit, hashing, the database's driver) took three
// (measured: its first second ran at half the rate of its fourth).
const warmUpSeconds = (load: Load) => load.method === 'GET' ? 0.5 : 3
// A write's runs last three times as long: a second of posts is two or three thousand of them,
// and the database's background work on the growing table (autovacuum) falling into one run or
// the other moved the ratio by a tenth between runs of the whole benchmark.
export const runSeconds = (load: Pick<Load, 'method'>) => load.method === 'GET' ? seconds : 3 * seconds

export interface Measured { rps: number, p99: number }

/** A request for autocannon; a POST gets a body of its own each time from `bodyOf`, so that no two are the same. */
export interface Load extends BenchRequest { status: number, bodyOf?: (count: number) => string }

let sent = 0

/** One run; any answer but the expected status (or an error, a timeout) fails it, as a benchmark of wrong answers means nothing. */
async function run (origin: string, load: Load, duration: number): Promise<Measured> {
  const { bodyOf } = load
  const requests = [{
    method: load.method,
    path: load.path,
    headers: load.headers,
    ...(bodyOf && { setupRequest: (request: autocannon.Request) => ({ ...request, body: bodyOf(sent++) }) })
  }]
  let wrong = 0
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url: origin, connections, duration, requests }, (error, done) => error ? reject(error) : resolve(done))
    instance.on('response', (_client, status) => { if (status !== load.status) wrong++ })
  })
  if (wrong > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(`${load.method} ${origin}${load.path}: ${wrong} answers not ${load.status}, ${result.errors} errors, ${result.timeouts} timeouts`)
  }
  // From the total rather than autocannon's per-second average: a run of a second or two has one or two samples only.
  return { rps: result.requests.total / result.duration, p99: result.latency.p99 }
}

function median (values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}

/**
 * The targets take turns, round after round, and each reports its medians: on a small shared
 * machine a single run of either can be off by a fifth. A short warm-up of each first, so that
 * both are measured with their code already optimized.
 */
export async function alternate (origins: string[], load: Load): Promise<Measured[]> {
  for (const origin of origins) await run(origin, load, warmUpSeconds(load))
  const runs = origins.map(() => [] as Measured[])
  for (let round = 0; round < rounds; round++) {
    for (const [index, origin] of origins.entries()) runs[index]?.push(await run(origin, load, runSeconds(load)))
  }
  return runs.map((measured) => ({ rps: median(measured.map((one) => one.rps)), p99: median(measured.map((one) => one.p99)) }))
}
