// Webhook endpoints, for admins: subscribe (the secret is shown once), list, read, change, delete, and see the deliveries.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { invalidField } from '../errors.js'
import { PageQuery } from '../pagination.js'
import { requireRole } from '../plugins/auth.js'
import { created, noContent, ok, tokenOperation } from '../route-schemas.js'
import { ref } from '../schema-helpers.js'
import { urlProblem } from './addresses.js'
import { CreateWebhook, NewWebhook, Webhook, WebhookDeliveryPage, WebhookPage, WebhookParams, WebhookPatch } from './schemas.js'

const onlyAdmins = requireRole(['admin'], 'manage webhooks')

const webhookRoutes: FastifyPluginAsyncTypebox<{ allowPrivate: boolean }> = async (app, options) => {
  /** Refuses a URL that is not http(s), or that names a non-public address, naming the field. */
  const checkUrl = (url: string | undefined) => {
    if (url === undefined) return
    const problem = urlProblem(url, options.allowPrivate)
    if (problem !== undefined) throw invalidField('/url', problem)
  }

  app.post('/webhooks', {
    onRequest: onlyAdmins,
    schema: tokenOperation({
      operationId: 'createWebhook',
      summary: 'Create a webhook',
      description: 'Subscribes a URL to change types. The response holds the signing secret, the only time it is shown. Each change of those types is then POSTed to the URL, signed, and retried until it is received: see the `webhooks` tag and the `change` webhook for the headers, the body (`WebhookPayload`), the signature and the retries.',
      tag: 'webhooks',
      body: CreateWebhook,
      responses: { 201: created(ref(NewWebhook), 'The webhook, with its signing secret.') },
      problems: [400, 413, 415]
    })
  }, async (request, reply) => {
    checkUrl(request.body.url)
    const webhook = await app.webhooks.create(request.body)
    reply.code(201).header('location', `/v1/webhooks/${webhook.id}`).header('cache-control', 'no-store')
    return webhook
  })

  app.get('/webhooks', {
    onRequest: onlyAdmins,
    schema: tokenOperation({
      operationId: 'listWebhooks',
      summary: 'List webhooks',
      description: 'The webhooks, oldest first, without their secrets. Follow `nextCursor` for the next page.',
      tag: 'webhooks',
      querystring: PageQuery,
      responses: { 200: ok(ref(WebhookPage), 'A page of webhooks.') },
      problems: [400]
    })
  }, async (request) => await app.webhooks.list(request.query))

  app.get('/webhooks/:id', {
    onRequest: onlyAdmins,
    schema: tokenOperation({
      operationId: 'getWebhook',
      summary: 'Get a webhook',
      description: 'One webhook, without its secret.',
      tag: 'webhooks',
      params: WebhookParams,
      responses: { 200: ok(ref(Webhook), 'The webhook.') },
      problems: [400, 404]
    })
  }, async (request) => await app.webhooks.get(request.params.id))

  app.patch('/webhooks/:id', {
    onRequest: onlyAdmins,
    schema: tokenOperation({
      operationId: 'updateWebhook',
      summary: 'Change a webhook',
      description: 'Changes a webhook with a JSON merge patch (RFC 7396), sent as `application/merge-patch+json` or `application/json`. `active: false` pauses it: no deliveries are queued, and pending ones wait until it is active again. Pending deliveries go to the new `url`. The secret stays.',
      tag: 'webhooks',
      params: WebhookParams,
      body: WebhookPatch,
      mergePatch: true,
      responses: { 200: ok(ref(Webhook), 'The webhook as changed.') },
      problems: [400, 404, 413, 415]
    })
  }, async (request) => {
    checkUrl(request.body.url)
    return await app.webhooks.update(request.params.id, request.body)
  })

  app.delete('/webhooks/:id', {
    onRequest: onlyAdmins,
    schema: tokenOperation({
      operationId: 'deleteWebhook',
      summary: 'Delete a webhook',
      description: 'Deletes a webhook with its deliveries: nothing more is sent to it, pending deliveries included.',
      tag: 'webhooks',
      params: WebhookParams,
      responses: { 204: noContent('Deleted.') },
      problems: [400, 404]
    })
  }, async (request, reply) => {
    await app.webhooks.remove(request.params.id)
    return reply.code(204).send(null)
  })

  app.get('/webhooks/:id/deliveries', {
    onRequest: onlyAdmins,
    schema: tokenOperation({
      operationId: 'listWebhookDeliveries',
      summary: 'List a webhook\'s deliveries',
      description: 'The changes queued for a webhook, newest first, each with its status, every attempt (when, the receiver\'s status code or why there was none, how long it took) and when the next one is due. Follow `nextCursor` for the next page.',
      tag: 'webhooks',
      params: WebhookParams,
      querystring: PageQuery,
      responses: { 200: ok(ref(WebhookDeliveryPage), 'A page of deliveries.') },
      problems: [400, 404]
    })
  }, async (request) => await app.webhooks.deliveries(request.params.id, request.query))
}

export default webhookRoutes
