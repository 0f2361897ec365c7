// Integrators' tooling against the live server: a client generated from the served document compiles (strict) and works.
import { execFile } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import t from 'tap'
import openapiTS, { astToString } from 'openapi-typescript'
import { adminToken, build } from './helper.js'

const run = promisify(execFile)
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
const clientFolder = new URL('./client/', import.meta.url)

interface Program {
  run: (baseUrl: string, adminToken: string) => Promise<Array<{ operationId: string, status: number }>>
}

interface Document {
  paths: Record<string, Record<string, { operationId: string }>>
}

t.test('openapi-fetch, typed by openapi-typescript from the served document, calls every operation as the README does', async (t) => {
  // With the newsroom's article pages known, so that the sitemaps answer.
  const app = await build(t, { articleUrlTemplate: 'https://news.example.org/{language}/{slug}' })
  const address = await app.listen({ host: '127.0.0.1', port: 0 })
  const document = await (await fetch(`${address}/openapi.json`)).json() as Document

  writeFileSync(new URL('schema.d.ts', clientFolder), astToString(await openapiTS(document as never)))
  // Strict, and a write without If-Match is a type error: the program's @ts-expect-error fails the build if it compiles.
  const compiled = await run(process.execPath, [tsc, '-p', fileURLToPath(new URL('tsconfig.json', clientFolder))])
    .then(() => '', (error: { stdout?: string }) => error.stdout ?? String(error))
  t.equal(compiled, '', 'test/client/program.ts compiles against the generated types')

  // Imported by URL, so that the project's own type check leaves the program to its tsconfig.
  const program = await import(new URL('program.ts', clientFolder).href) as Program
  const callEveryOperation = program.run
  const calls = await callEveryOperation(address, adminToken)
  t.same(calls, [
    { operationId: 'getHealth', status: 200 },
    { operationId: 'getProblemType', status: 200 },
    { operationId: 'listArticles', status: 200 },
    { operationId: 'getArticle', status: 200 },
    { operationId: 'getArticle', status: 304 },
    { operationId: 'getLabels', status: 200 },
    { operationId: 'listComments', status: 200 },
    { operationId: 'getArticleNinjs', status: 200 },
    { operationId: 'getArticleJsonLd', status: 200 },
    { operationId: 'getRssFeed', status: 200 },
    { operationId: 'getAtomFeed', status: 200 },
    { operationId: 'getJsonFeed', status: 200 },
    { operationId: 'getSitemapIndex', status: 200 },
    { operationId: 'getArticleSitemap', status: 200 },
    { operationId: 'getNewsSitemap', status: 200 },
    { operationId: 'listChanges', status: 200 },
    { operationId: 'createToken', status: 201 },
    { operationId: 'createToken', status: 201 },
    { operationId: 'listTokens', status: 200 },
    { operationId: 'createAuthor', status: 201 },
    { operationId: 'createTopic', status: 201 },
    { operationId: 'listAuthors', status: 200 },
    { operationId: 'getAuthor', status: 200 },
    { operationId: 'updateAuthor', status: 200 },
    { operationId: 'listTopics', status: 200 },
    { operationId: 'getTopic', status: 200 },
    { operationId: 'updateTopic', status: 200 },
    { operationId: 'createArticle', status: 201 },
    { operationId: 'updateArticle', status: 428 },
    { operationId: 'updateArticle', status: 200 },
    { operationId: 'listSections', status: 200 },
    { operationId: 'createSection', status: 201 },
    { operationId: 'getSection', status: 200 },
    { operationId: 'updateSection', status: 200 },
    { operationId: 'reorderSections', status: 200 },
    { operationId: 'deleteSection', status: 204 },
    { operationId: 'getMetadata', status: 200 },
    { operationId: 'replaceMetadata', status: 200 },
    { operationId: 'createSource', status: 201 },
    { operationId: 'updateSource', status: 200 },
    { operationId: 'deleteSource', status: 204 },
    { operationId: 'publishArticle', status: 200 },
    { operationId: 'listRevisions', status: 200 },
    { operationId: 'getRevision', status: 200 },
    { operationId: 'restoreRevision', status: 200 },
    { operationId: 'createTranslation', status: 201 },
    { operationId: 'listArticles', status: 200 },
    { operationId: 'createComment', status: 201 },
    { operationId: 'listCommentsForModeration', status: 200 },
    { operationId: 'moderateComment', status: 200 },
    { operationId: 'getComment', status: 200 },
    { operationId: 'listComments', status: 200 },
    { operationId: 'deleteComment', status: 204 },
    { operationId: 'unpublishArticle', status: 200 },
    { operationId: 'archiveArticle', status: 200 },
    { operationId: 'deleteArticle', status: 204 },
    { operationId: 'deleteAuthor', status: 204 },
    { operationId: 'deleteTopic', status: 204 },
    { operationId: 'uploadPicture', status: 201 },
    { operationId: 'updatePicture', status: 200 },
    { operationId: 'listPictures', status: 200 },
    { operationId: 'getPicture', status: 200 },
    { operationId: 'getPicture', status: 200 },
    { operationId: 'getOriginalPicture', status: 200 },
    { operationId: 'deletePicture', status: 204 },
    { operationId: 'createWebhook', status: 201 },
    { operationId: 'listWebhooks', status: 200 },
    { operationId: 'getWebhook', status: 200 },
    { operationId: 'updateWebhook', status: 200 },
    { operationId: 'listWebhookDeliveries', status: 200 },
    { operationId: 'deleteWebhook', status: 204 },
    { operationId: 'revokeToken', status: 204 }
  ])

  // The program keeps up with the document: a new operation must be called there too.
  const documented = Object.values(document.paths).flatMap((methods) => Object.values(methods).map((operation) => operation.operationId))
  t.same([...new Set(calls.map((call) => call.operationId))].sort(), documented.sort(), 'every operation of the document is called')
})
