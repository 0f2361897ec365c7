// `npm run bench:revisions`: what the revisions of an article edited 1,000 times cost, stored compactly and as JSON was (once part of `npm run bench`, now apart: it takes some 15 s).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { buildApp } from '../app.js'
import { rows } from '../db/dialect.js'
import { seedArticle } from '../seed-article.js'

/** Edits the seed article `edits` times (one paragraph each time), then measures its revisions. */
async function revisionStorage (edits = 1000) {
  const folder = mkdtempSync(join(tmpdir(), 'cms-bench-revisions-'))
  const app = await buildApp({ databaseUrl: `file:${join(folder, 'cms.db')}` })
  try {
    const { token } = await app.tokens.create('bench', 'editor')
    const url = `/v1/articles/${seedArticle.id}`
    const original = seedArticle.sections
    let etag = '"v1"'
    for (let edit = 1; edit <= edits; edit++) {
      const section = original[edit % original.length]
      if (!section) throw new Error('the seed article has no sections')
      const blocks = section.blocks.map((block, index) => index === 0 && block.type === 'paragraph' ? { ...block, text: `${block.text} [${edit}]` } : block)
      const response = await app.inject({ method: 'PATCH', url: `${url}/sections/${section.id}`, headers: { authorization: `Bearer ${token}`, 'if-match': etag }, payload: { blocks } })
      if (response.statusCode !== 200) throw new Error(`edit ${edit}: ${response.statusCode} ${response.body}`)
      etag = String(response.headers.etag)
    }
    const [stored] = await rows<{ revisions: number, bytes: number }>(app.database.db, sql`select count(*) as revisions, sum(length(content)) as bytes from revisions where article_id = ${seedArticle.id}`)
    // Before compression, each revision was its content as JSON text: measured on the same content, read back.
    let jsonBytes = 0
    for (let number = 1; number <= (stored?.revisions ?? 0); number++) jsonBytes += Buffer.byteLength(JSON.stringify((await app.revisions.get(seedArticle.id, number)).article))
    return { revisions: stored?.revisions ?? 0, compressedBytes: stored?.bytes ?? 0, jsonBytes }
  } finally {
    await app.close()
    rmSync(folder, { recursive: true, force: true })
  }
}

function printRevisionStorage ({ revisions, compressedBytes, jsonBytes }: Awaited<ReturnType<typeof revisionStorage>>) {
  console.log(`\nRevisions of the seed article after ${revisions - 1} edits (${revisions} revisions):\n`)
  console.log('| stored as | bytes per revision | total bytes |')
  console.log('|---|---:|---:|')
  console.log(`| JSON text (before) | ${Math.round(jsonBytes / revisions)} | ${jsonBytes} |`)
  console.log(`| a Brotli key every 16, deltas against it between (now) | ${Math.round(compressedBytes / revisions)} | ${compressedBytes} |`)
}

printRevisionStorage(await revisionStorage())
