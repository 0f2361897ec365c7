// The benchmark's replay server: a bare Fastify server answering each row's request with the status, headers and bytes the production server sent for it, from memory; and, for the comment row, a bare endpoint inserting the same row with a prepared statement.
import { readFileSync } from 'node:fs'
import Fastify from 'fastify'
import { answerKey, type Answer } from './bench-capture.js'
import { bareCommentInsert } from './bench-comment.js'

const captured = JSON.parse(readFileSync(process.env.BENCH_ANSWERS ?? '', 'utf8')) as Array<{ key: string, answer: Answer }>
const answers = new Map(captured.map(({ key, answer }) => [key, { ...answer, body: Buffer.from(answer.body, 'base64') }]))
const app = Fastify()

// For the benchmark to see it has started: the rows' own requests differ by their headers.
app.get('/ready', (_request, reply) => reply.send('ready'))

app.get('/*', (request, reply) => {
  const answer = answers.get(answerKey('GET', request.url, request.headers))
  if (!answer) return reply.code(404).send()
  // A 304 carries no body; Fastify sends none for it either way.
  return reply.code(answer.status).headers(answer.headers).send(answer.status === 304 ? undefined : answer.body)
})

if (process.env.DATABASE_URL) {
  const insert = await bareCommentInsert(process.env.DATABASE_URL)
  app.post('/v1/articles/:ref/comments', async (request, reply) => {
    const { ref } = request.params as { ref: string }
    return reply.code(201).send(await insert(ref, request.body as { authorName: string, body: string, authorEmail?: string }, request.ip))
  })
}

await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) })
