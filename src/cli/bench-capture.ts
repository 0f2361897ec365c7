// The benchmark's captured answers: exactly what the server sent for one request (status, headers, body bytes), read with node:http, which leaves a compressed body compressed.
import { request as httpRequest } from 'node:http'

/** One request as a row of the benchmark sends it. */
export interface BenchRequest { method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: string }

/** An answer as the replay server sends it again: the body base64, so that it survives JSON. */
export interface Answer { status: number, headers: Record<string, string | string[]>, body: string }

/** Hop-by-hop and per-send headers: the replay server's own Node sets them, as the server's did. */
const perSend = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length'])

export function capture (origin: string, { method, path, headers, body }: BenchRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const sent = httpRequest(origin + path, { method, headers }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('error', reject)
      response.on('end', () => {
        const kept = Object.entries(response.headers).filter(([name, value]) => !perSend.has(name) && value !== undefined)
        resolve({ status: response.statusCode ?? 0, headers: Object.fromEntries(kept) as Answer['headers'], body: Buffer.concat(chunks).toString('base64') })
      })
    })
    sent.on('error', reject)
    sent.end(body)
  })
}

/** The key the replay server finds an answer by: what distinguishes the rows' requests to one path. */
export function answerKey (method: string, path: string, headers: Record<string, string | string[] | undefined>): string {
  return [method, path, headers['accept-encoding'] ?? '', headers['if-none-match'] ?? ''].join(' ')
}
