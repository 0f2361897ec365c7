// Picture endpoints: editors upload, list, change and delete; anyone reads a picture's JSON and its renditions.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { PageQuery } from '../pagination.js'
import { authorOf, requireRole } from '../plugins/auth.js'
import { purgeHeader, surrogateKey, surrogateKeys } from '../plugins/caching.js'
import { IfMatch, created, noContent, ok, problemsOf, publicRead, tokenOperation } from '../route-schemas.js'
import { ref } from '../schema-helpers.js'
import { imageTypes, renditionTypes } from './images.js'
import { pictureOf, renditionFormats, renditionWidths } from './pictures.js'
import { mediaETag } from './repository.js'
import { MediaParams, MediaPatch, MediaQuery, Picture, PicturePage } from './schemas.js'

export interface MediaRouteOptions {
  publicBaseUrl: string
  /** The largest upload accepted, in bytes. */
  maxBytes: number
}

const editorsOnly = requireRole(['editor'], 'manage pictures')

/** Renditions never change: a new picture is a new id, and new texts do not touch the bytes. */
const immutable = 'public, max-age=31536000, immutable'

/** Image bytes, as the OpenAPI document describes them: any value passes validation, as the bytes are judged by the handler. */
const imageBody = (type: string, description: string) => ({ schema: { contentMediaType: type, description } })

/** A query parameter refused by a rule of ours, answered like a schema refusal naming it. */
function invalidParameter (name: string, detail: string) {
  return Object.assign(new Error(`Query parameter "${name}" ${detail}.`), {
    statusCode: 400,
    validation: [{ keyword: 'custom', instancePath: `/${name}`, schemaPath: '', params: {}, message: detail }],
    validationContext: 'querystring'
  })
}

/**
 * Refuses, before the schema does, a width out of the set (naming the allowed ones, which
 * the schema's enum would not) and a rendition asked for by half (`w` without `format`).
 */
async function checkRendition (request: FastifyRequest) {
  const query = request.query as Record<string, unknown>
  const { w, format } = query
  if (w !== undefined && !renditionWidths.map(String).includes(String(w))) {
    throw invalidParameter('w', `must be one of the rendition widths ${renditionWidths.join(', ')}`)
  }
  if (w !== undefined && format === undefined) throw invalidParameter('format', `is required with "w": one of ${renditionFormats.join(', ')}`)
  if (format !== undefined && w === undefined) throw invalidParameter('w', `is required with "format": one of ${renditionWidths.join(', ')}`)
}

function mediaTypeOf (header: string | undefined): string {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
}

const mediaRoutes: FastifyPluginAsyncTypebox<MediaRouteOptions> = async (app, options) => {
  const { publicBaseUrl, maxBytes } = options

  // Image bodies are read only here: every other route keeps answering them with 415.
  await app.register(async (uploads) => {
    uploads.addContentTypeParser([...imageTypes], { parseAs: 'buffer', bodyLimit: maxBytes }, (_request, body, done) => done(null, body))

    const uploadProblems = problemsOf({ tag: 'media', body: true }, 400, 413, 415)
    uploads.post('/media', {
      onRequest: editorsOnly,
      bodyLimit: maxBytes,
      schema: {
        ...tokenOperation({
        operationId: 'uploadPicture',
        summary: 'Upload a picture',
        description: `Uploads an image as the raw request body, with its type as \`Content-Type\`: ${imageTypes.map((type) => `\`${type}\``).join(', ')}, up to \`MEDIA_MAX_BYTES\` (20 MiB by default). The type is judged from the bytes: bytes of another type than \`Content-Type\` says, or of a type not taken (BMP, TIFF, SVG, HEIC...), are a 415; bytes that are no picture, or a picture that cannot be decoded whole (a truncated JPEG), are a 400. Nothing is stored then. The picture is measured as shown (EXIF orientation applied) and given a placeholder; its texts (\`alt\`, \`caption\`, \`credit\`, \`copyrightNotice\`) are set with \`PATCH\`. The upload is kept as it came, for editors (\`GET /v1/media/{id}/original\`); every rendition served is made without its metadata (EXIF, GPS, XMP, IPTC).`,
        tag: 'media',
        responses: {
          201: created(ref(Picture), 'The picture.'),
          413: { ...uploadProblems[413], description: `Payload too large: the image is over \`MEDIA_MAX_BYTES\` (20 MiB by default).` },
          415: { ...uploadProblems[415], description: `Unsupported media type: send ${imageTypes.join(', ')}, with the \`Content-Type\` its bytes are.` }
        },
        problems: [400]
        }),
        body: { content: Object.fromEntries(imageTypes.map((type) => [type, imageBody(type, `The image, as ${type}.`)])) }
      }
    }, async (request, reply) => {
      const row = await app.media.upload(request.body as Buffer, mediaTypeOf(request.headers['content-type']))
      reply.code(201).header('location', `/v1/media/${row.id}`).header('etag', mediaETag(row)).header('cache-control', 'no-store')
      return pictureOf(row, publicBaseUrl)
    })
  })

  app.get('/media', {
    onRequest: editorsOnly,
    schema: tokenOperation({
      operationId: 'listPictures',
      summary: 'List pictures',
      description: 'Every picture uploaded, newest first, whether an article shows it or not. Follow `nextCursor` for the next page.',
      tag: 'media',
      querystring: PageQuery,
      responses: { 200: ok(ref(PicturePage), 'A page of pictures.') },
      problems: [400]
    })
  }, async (request) => {
    const { data, nextCursor } = await app.media.list(request.query)
    return { data: data.map((row) => pictureOf(row, publicBaseUrl)), nextCursor }
  })

  const read = publicRead({
    operationId: 'getPicture',
    summary: 'Get a picture, or one of its renditions',
    description: `Without parameters: the picture's JSON, with its texts, size, placeholder and the URLs of its renditions (\`srcset\`-ready). With \`w\` and \`format\` together: that rendition's bytes, in the format asked for (\`image/avif\`, \`image/webp\` or \`image/jpeg\`), from the fixed set of widths ${renditionWidths.join(', ')} (a narrower picture is served at its own width). A rendition is upright, in sRGB, and carries no metadata (no EXIF, GPS, XMP or IPTC); it is made on its first request and kept, and served with \`Cache-Control: ${immutable}\` and a strong ETag, the SHA-256 of its bytes. An animated GIF's renditions show its first frame.`,
    tag: 'media',
    params: MediaParams,
    querystring: MediaQuery,
    body: ref(Picture),
    bodyDescription: 'The picture\'s JSON, or the rendition asked for.',
    problems: [400, 404]
  })
  read.response[200].content = {
    ...read.response[200].content,
    ...Object.fromEntries(renditionFormats.map((format) => [renditionTypes[format], imageBody(renditionTypes[format], `The rendition, as ${renditionTypes[format]}.`)]))
  } as typeof read.response[200]['content']

  app.get('/media/:id', { preValidation: checkRendition, schema: read }, async (request, reply) => {
    const { id } = request.params
    const { w, format } = request.query
    if (w === undefined || format === undefined) {
      const row = await app.media.get(id)
      reply.header('etag', mediaETag(row))
      return pictureOf(row, publicBaseUrl)
    }
    const rendition = await app.media.rendition(id, w, format)
    return reply
      .type(renditionTypes[format])
      .header('etag', `"${rendition.sha256}"`)
      .header('cache-control', immutable)
      .header('content-length', rendition.bytes.length)
      // The type provider knows the JSON body only; bytes are sent as they are, never serialized.
      .send(rendition.bytes as never)
  })

  app.get('/media/:id/original', {
    onRequest: editorsOnly,
    schema: tokenOperation({
      operationId: 'getOriginalPicture',
      summary: 'Get a picture\'s original upload',
      description: 'The bytes as they were uploaded, metadata (EXIF, GPS, XMP, IPTC) included: for editors only, never for the public.',
      tag: 'media',
      params: MediaParams,
      responses: {
        200: { ...ok(Type.String(), 'The original upload.'), content: Object.fromEntries(imageTypes.map((type) => [type, imageBody(type, `The upload, as ${type}.`)])) }
      },
      problems: [400, 404]
    })
  }, async (request, reply) => {
    const { row, bytes } = await app.media.original(request.params.id)
    return reply.type(row.type).header('etag', `"${row.sha256}"`).header('content-length', bytes.length).send(bytes)
  })

  app.patch('/media/:id', {
    onRequest: editorsOnly,
    schema: tokenOperation({
      operationId: 'updatePicture',
      summary: 'Change a picture\'s texts',
      description: 'Changes a picture\'s `alt`, `caption`, `credit` and `copyrightNotice` with a JSON merge patch (RFC 7396), sent as `application/merge-patch+json` or `application/json`: `alt` is merged by language (`null` removes a language\'s text), the others are replaced (`null` clears them). Needs `If-Match` with the picture\'s ETag (428 without, 412 when stale); its version grows by one. The bytes and renditions stay as they are. Every article that shows the picture (or whose byline does) changes with it: a new version and revision, and `article.updated` for the public ones; `Surrogate-Key` names them, for a CDN to purge. Removing the alt text a published article needs (its language\'s) is a 409.',
      tag: 'media',
      params: MediaParams,
      body: MediaPatch,
      mergePatch: true,
      headers: IfMatch,
      responses: { 200: ok(ref(Picture), 'The picture as changed.', 'application/json', purgeHeader) },
      problems: [400, 404, 409, 412, 413, 415, 428]
    })
  }, async (request, reply) => {
    const { row, articleIds } = await app.media.update(request.params.id, request.headers['if-match'], request.body, authorOf(request))
    reply.header('etag', mediaETag(row)).header('cache-control', 'no-store')
    surrogateKeys(reply, articleIds.map(surrogateKey.article))
    return pictureOf(row, publicBaseUrl)
  })

  app.delete('/media/:id', {
    onRequest: editorsOnly,
    schema: tokenOperation({
      operationId: 'deletePicture',
      summary: 'Delete a picture',
      description: 'Deletes a picture with its renditions. A picture an article shows (as its lead image or in an image block) or that is an author\'s is not deleted: 409, naming them. Needs `If-Match` with the picture\'s ETag (428 without, 412 when stale).',
      tag: 'media',
      params: MediaParams,
      headers: IfMatch,
      responses: { 204: noContent('Deleted.') },
      problems: [400, 404, 409, 412, 428]
    })
  }, async (request, reply) => {
    await app.media.remove(request.params.id, request.headers['if-match'])
    return reply.code(204).send(null)
  })
}

export default mediaRoutes
