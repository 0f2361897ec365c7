// The OpenAPI 3.1 document, generated from the routes' schemas, served as JSON and as a reference page.
import { readFileSync } from 'node:fs'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { OpenAPIV3_1 } from 'openapi-types'
import { bodyOptional } from '../route-schemas.js'
import { deployMaxAge } from './caching.js'
import { deliveryFormat } from '../webhooks/schemas.js'

// The document's version is the package's: one number to bump per release.
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }

const description = `A headless CMS for news: articles with their sections, metadata and comments, as JSON, written by editors and read by everyone.

Text comes back exactly as it was written, character for character (normalized to Unicode NFC on the way in); \`direction\` tells a frontend how to lay it out (\`rtl\` for Arabic).

**Tokens.** Reads are public. Writes need \`Authorization: Bearer <token>\` with a role: \`editor\` for articles, sections, metadata and publishing; \`admin\` for everything, tokens included. An editor's or admin's token also shows drafts, scheduled and archived articles on the read endpoints. A token that is sent must be valid, even on a public read (401 otherwise).

**Errors** are RFC 9457 problem details (\`application/problem+json\`) whose \`type\` is \`/problems/<name>\`, described at that address.

**Lists** are paginated with opaque cursors: pass a page's \`nextCursor\` as \`cursor\` for the next one, until it is \`null\`.

**Webhooks.** Admins subscribe URLs to change types (\`POST /v1/webhooks\`); each change is then POSTed to them, signed as Standard Webhooks says, and retried until it is received (see the \`webhooks\` tag and the \`change\` webhook).

**ETags and If-Match.** Every read carries a strong \`ETag\`; send it back as \`If-None-Match\` to get \`304 Not Modified\`. An article's tag is \`"v<version>-c<commentCount>"\` (with \`-scheduled\` while it waits for its publication time); its sections and metadata carry \`"v<version>"\`. Every write to an existing article needs \`If-Match\` with a tag you read: 428 without, 412 when someone changed the article since (the current tag is in the \`ETag\` header). Only the version counts, so newly approved comments never make a write fail; a tag with an encoding suffix (\`"v3-c1-br"\`) is accepted too.

**Caching.** Public reads carry \`Cache-Control: public, max-age=60, stale-while-revalidate=300\` (configurable; the labels, which change only with a deploy, \`max-age=${deployMaxAge}\`), \`Vary: authorization, accept-encoding\`, and \`Surrogate-Key\` for CDN purges; an article and its parts also \`Last-Modified\` (\`If-Modified-Since\` works). Answers to a token are \`private, no-store\`. Answers over 1 KB are compressed with \`br\` or \`gzip\` when the client accepts it, each encoding with its own ETag (\`"v1-c0-br"\`).

**Security headers.** Every response carries \`X-Content-Type-Options: nosniff\`, \`X-Frame-Options: DENY\` and a \`Content-Security-Policy\` (\`default-src 'self'\`, \`frame-ancestors 'none'\`), with the other headers of \`helmet\` (\`Referrer-Policy: no-referrer\`, \`Strict-Transport-Security\`, ...); they are not repeated under each response.

**Partners** follow \`GET /v1/changes\`, the change feed of every change to public content (deletions and unpublishing included), or subscribe to webhooks.`

type Document = Partial<OpenAPIV3_1.Document>

/**
 * What @fastify/swagger cannot say by itself: it publishes every request body as required,
 * though an action marked `bodyOptional` reads no body as `{}`.
 */
function published (document: Document): Document {
  for (const methods of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(methods ?? {}) as Array<OpenAPIV3_1.OperationObject & { [bodyOptional]?: boolean }>) {
      if (typeof operation !== 'object' || operation === null || !(bodyOptional in operation)) continue
      delete operation[bodyOptional]
      if (operation.requestBody && !('$ref' in operation.requestBody)) operation.requestBody.required = false
    }
  }
  return document
}

async function openapi (app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'News CMS API',
        version,
        description,
        license: { name: 'MIT', identifier: 'MIT' },
        contact: { name: 'The News CMS API authors' }
      },
      // Relative, so the document is the same wherever it is served and "try it" calls the server that served it.
      components: {
        securitySchemes: {
          bearerAuth: {
            type: 'http',
            scheme: 'bearer',
            description: 'An API token: `Authorization: Bearer <token>`. Admins create tokens with `POST /v1/tokens` (or `npm run token`); `CMS_ADMIN_TOKEN` is accepted as an admin token.'
          }
        }
      },
      servers: [{ url: '/', description: 'The server that serves this document' }],
      // What a webhook's receiver gets: a request we make, not one we answer.
      webhooks: {
        change: {
          post: {
            operationId: 'receiveChange',
            summary: 'A change, delivered to a webhook',
            description: deliveryFormat,
            tags: ['webhooks'],
            security: [],
            parameters: [
              { in: 'header', name: 'webhook-id', required: true, description: 'The delivery: `msg_` and a UUID, the same on every attempt.', schema: { type: 'string', examples: ['msg_019ad21b-1a40-7cc2-9a1e-3f7c2b8d9e10'] } },
              { in: 'header', name: 'webhook-timestamp', required: true, description: 'When this attempt was signed, in Unix seconds.', schema: { type: 'string', pattern: '^[0-9]+$', examples: ['1795856100'] } },
              { in: 'header', name: 'webhook-signature', required: true, description: '`v1,` and the base64 HMAC-SHA256 of `<webhook-id>.<webhook-timestamp>.<body>`, keyed with the base64-decoded secret.', schema: { type: 'string', examples: ['v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4='] } }
            ],
            requestBody: {
              required: true,
              content: { 'application/json': { schema: { $ref: '#/components/schemas/WebhookPayload' } } }
            },
            responses: {
              '2XX': { description: 'Received: the delivery succeeded.' },
              '4XX': { description: 'Refused (a bad signature, say): retried like any other failure.' },
              default: { description: 'Any other status, or no answer in time: retried, up to the attempt limit.' }
            }
          }
        }
      },
      tags: [
        { name: 'articles', description: 'Published news articles.' },
        { name: 'sections', description: 'The ordered parts of an article: a heading and its blocks (paragraphs, quotes, lists, pictures, embeds).' },
        { name: 'metadata', description: 'Where a story happened (place, "Ort") and what it draws on (sources, "Quellen").' },
        { name: 'comments', description: 'Readers\' comments: anyone may post; only approved ones are shown.' },
        { name: 'moderation', description: 'Deciding which comments are shown (moderators and admins).' },
        { name: 'authors', description: 'The people whose names stand over articles: anyone reads them (editors with their emails), editors write them.' },
        { name: 'topics', description: 'What articles are filed under, named in each language, optionally tied to an IPTC Media Topic: anyone reads them, editors write them.' },
        { name: 'labels', description: 'The words a frontend shows around an article (Details, place, sources, comments, dates, byline, translated from, reading time) in the reader\'s language, as ICU MessageFormat messages.' },
        { name: 'revisions', description: 'Every version of an article, and bringing one back (editors).' },
        { name: 'changes', description: 'The change feed: every change to public content, in order, for partners who mirror it.' },
        { name: 'syndication', description: 'Formats for partners, public and published articles only: RSS 2.0, Atom 1.0 and JSON Feed 1.1 of the newest articles, and each article as IPTC ninjs and as schema.org JSON-LD. Links are absolute, on the configured public address.' },
        { name: 'sitemaps', description: 'Sitemaps of the newsroom\'s site for search engines, when `ARTICLE_URL_TEMPLATE` says where its article pages are: every public article with its translations as hreflang alternates, in files behind a sitemap index, and a Google News sitemap of the last two days.' },
        { name: 'media', description: 'Pictures: editors upload them and set their texts; anyone reads them and their renditions, made without metadata.' },
        { name: 'tokens', description: 'API tokens and their roles (admins only).' },
        { name: 'webhooks', description: `Signed HTTP callbacks for changes to public content: the change feed, pushed (admins only).\n\n${deliveryFormat}` },
        { name: 'problems', description: 'What each error type means.' },
        { name: 'system', description: 'Operating the service.' }
      ]
    },
    transformObject: (document) => 'openapiObject' in document ? published(document.openapiObject as Document) : document.swaggerObject,
    // Models added with addSchema become components named by their $id.
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => typeof json.$id === 'string' ? json.$id : `def-${i}`
    }
  })

  // Everything the page loads is served from here (no CDN), so it works offline and under our CSP.
  await app.register(swaggerUi, { routePrefix: '/docs', theme: { title: 'News CMS API reference' } })

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
}

export default fp(openapi, { name: 'openapi' })
