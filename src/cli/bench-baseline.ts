// The benchmark's baseline: a bare Fastify server answering each path with fixed bytes from memory.
import { readFileSync } from 'node:fs'
import Fastify from 'fastify'

const bodies = JSON.parse(readFileSync(process.env.BENCH_BODIES ?? '', 'utf8')) as Record<string, string>
const app = Fastify()
for (const [path, body] of Object.entries(bodies)) {
  app.get(decodeURIComponent(path), (_request, reply) => { reply.type('application/json; charset=utf-8').send(body) })
}
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) })
