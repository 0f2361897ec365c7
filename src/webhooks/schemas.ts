// Webhooks: subscriptions to the change feed, their deliveries and attempts, and the payload receivers get.
import { Type, type Static } from 'typebox'
import { Change, ChangeTypeName } from '../changes/schemas.js'
import { NextCursor } from '../pagination.js'
import { Nullable, StringEnum, Timestamp, closed, ref } from '../schema-helpers.js'

const exampleWebhook = {
  id: '019ad1c4-5a00-7000-8000-0000000000f1',
  url: 'https://partner.example.org/hooks/news',
  events: ['article.published', 'article.updated', 'article.deleted'],
  description: 'Partner mirror',
  active: true,
  createdAt: '2026-11-29T08:00:00.000Z',
  updatedAt: '2026-11-29T08:00:00.000Z'
}

const exampleChange = {
  seq: 42,
  type: 'article.published',
  articleId: '0195c04c-9800-7843-93ad-d8c489d33569',
  commentId: null,
  version: 3,
  at: '2026-11-29T09:15:00.000Z'
}

const Url = Type.String({
  format: 'uri',
  maxLength: 2000,
  description: 'Where deliveries are POSTed: an absolute `http` or `https` URL. Private, loopback, link-local and other non-public addresses are refused, when given as the host and when a name resolves to one at delivery, unless the server allows them (`WEBHOOKS_ALLOW_PRIVATE`).'
})

const Events = Type.Array(ChangeTypeName, {
  minItems: 1,
  uniqueItems: true,
  description: 'The change types to deliver, each once; other changes are not sent to this webhook.'
})

const Description = Type.String({ minLength: 1, maxLength: 300, description: 'What the webhook is for, for the admins who read the list.' })

export const Webhook = Type.Object({
  id: Type.String({ description: 'Opaque, stable id.' }),
  url: Url,
  events: Events,
  description: Nullable(Description),
  active: Type.Boolean({ description: 'Whether changes are delivered. While `false`, no deliveries are queued and pending ones wait until it is `true` again.' }),
  createdAt: Type.String({ ...Timestamp, description: 'When the webhook was created.' }),
  updatedAt: Type.String({ ...Timestamp, description: 'When it was last changed.' })
}, {
  $id: 'Webhook',
  title: 'Webhook',
  description: 'A subscription to changes, delivered as signed POST requests (Standard Webhooks), without its secret.',
  examples: [exampleWebhook]
})

export type WebhookBody = Static<typeof Webhook>

export const NewWebhook = Type.Object({
  ...Webhook.properties,
  secret: Type.String({ description: 'The signing secret, `whsec_` and the base64 of 32 random bytes: the HMAC-SHA256 key is the base64-decoded part. Shown this once; keep it with the receiver.' })
}, {
  $id: 'NewWebhook',
  title: 'NewWebhook',
  description: 'A webhook just created, with its signing secret.',
  examples: [{ ...exampleWebhook, secret: 'whsec_QDkWdJaHjqUtyaNDc4XW8MObr72beskv/8F/X7rsJV0=' }]
})

export type NewWebhookBody = Static<typeof NewWebhook>

export const WebhookPage = Type.Object({
  data: Type.Array(ref(Webhook), { description: 'Webhooks, oldest first.' }),
  nextCursor: NextCursor
}, {
  $id: 'WebhookPage',
  title: 'WebhookPage',
  description: 'One page of the webhooks.',
  examples: [{ data: [exampleWebhook], nextCursor: null }]
})

export const CreateWebhook = Type.Object({
  url: Url,
  events: Events,
  description: Type.Optional(Description)
}, { ...closed, examples: [{ url: exampleWebhook.url, events: exampleWebhook.events, description: exampleWebhook.description }] })

export const WebhookPatch = Type.Object({
  url: Type.Optional(Url),
  events: Type.Optional(Events),
  description: Type.Optional(Nullable(Description)),
  active: Type.Optional(Webhook.properties.active)
}, {
  ...closed,
  minProperties: 1,
  description: 'A JSON merge patch: the fields given replace the stored ones; `null` clears `description`.',
  examples: [{ active: false }]
})

export const WebhookParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 100, description: 'The webhook id.', examples: [exampleWebhook.id] })
}, closed)

const DeliveryStatus = StringEnum(['pending', 'succeeded', 'failed'], {
  description: '`pending`: not delivered yet, another attempt is due at `nextAttemptAt`; `succeeded`: the receiver answered 2xx; `failed`: every attempt failed, none is left (or the receiver answered 410 Gone).'
})

export const WebhookAttempt = Type.Object({
  at: Type.String({ ...Timestamp, description: 'When the attempt was made.' }),
  statusCode: Nullable(Type.Integer({ minimum: 100, maximum: 599, description: 'The receiver\'s HTTP status; `null` when there was no answer.' })),
  error: Nullable(Type.String({ description: 'Why there was no answer (refused address, connection error, timeout); `null` when the receiver answered.' })),
  durationMs: Type.Integer({ minimum: 0, description: 'How long the attempt took, in milliseconds.' })
}, {
  $id: 'WebhookAttempt',
  title: 'WebhookAttempt',
  description: 'One attempt to send a delivery.',
  examples: [{ at: '2026-11-29T09:15:00.120Z', statusCode: 500, error: null, durationMs: 84 }]
})

const exampleDelivery = {
  id: 'msg_019ad21b-1a40-7cc2-9a1e-3f7c2b8d9e10',
  change: exampleChange,
  status: 'succeeded',
  attempts: [
    { at: '2026-11-29T09:15:00.120Z', statusCode: 500, error: null, durationMs: 84 },
    { at: '2026-11-29T09:15:04.310Z', statusCode: 204, error: null, durationMs: 41 }
  ],
  nextAttemptAt: null,
  createdAt: '2026-11-29T09:15:00.000Z'
}

export const WebhookDelivery = Type.Object({
  id: Type.String({ description: 'The `webhook-id` header of every attempt: the same on retries, so receivers can use it to process each change once.' }),
  change: ref(Change),
  status: DeliveryStatus,
  attempts: Type.Array(ref(WebhookAttempt), { description: 'Every attempt so far, oldest first.' }),
  nextAttemptAt: Nullable(Type.String({ ...Timestamp, description: 'When the next attempt is due; `null` once the delivery succeeded or failed.' })),
  createdAt: Type.String({ ...Timestamp, description: 'When the delivery was queued: when its change was committed.' })
}, {
  $id: 'WebhookDelivery',
  title: 'WebhookDelivery',
  description: 'One change sent (or being sent) to one webhook.',
  examples: [exampleDelivery]
})

export type WebhookDeliveryBody = Static<typeof WebhookDelivery>

export const WebhookDeliveryPage = Type.Object({
  data: Type.Array(ref(WebhookDelivery), { description: 'Deliveries, newest change first.' }),
  nextCursor: NextCursor
}, {
  $id: 'WebhookDeliveryPage',
  title: 'WebhookDeliveryPage',
  description: 'One page of a webhook\'s deliveries.',
  examples: [{ data: [exampleDelivery], nextCursor: null }]
})

export const WebhookPayload = Type.Object({
  type: ChangeTypeName,
  timestamp: Type.String({ ...Timestamp, description: 'When the change was committed (the same as `data.at`), not when it was sent.' }),
  data: ref(Change)
}, {
  $id: 'WebhookPayload',
  title: 'WebhookPayload',
  description: 'The JSON body of every delivery: the change as the change feed shows it.',
  examples: [{ type: exampleChange.type, timestamp: exampleChange.at, data: exampleChange }]
})

export type WebhookPayloadBody = Static<typeof WebhookPayload>

/** How deliveries are made: for the OpenAPI document, where webhooks are created and where deliveries are described. */
export const deliveryFormat = `Every change of a subscribed type is sent as a \`POST\` to the webhook's URL, following the Standard Webhooks specification (https://www.standardwebhooks.com/):

- \`content-type: application/json\`; the body is a \`WebhookPayload\`: \`{ "type": <change type>, "timestamp": <when the change was committed>, "data": <the change as GET /v1/changes shows it> }\`.
- \`webhook-id\`: \`msg_\` and a UUID, the same on every attempt of a delivery: use it to process each change once.
- \`webhook-timestamp\`: when this attempt was signed, in Unix seconds.
- \`webhook-signature\`: \`v1,\` and the base64 HMAC-SHA256 of \`<webhook-id>.<webhook-timestamp>.<body>\`, keyed with the base64-decoded part of the secret after \`whsec_\`. Verify it on the raw body, compare in constant time, and refuse timestamps far from your clock (any Standard Webhooks library does all this).

A 2xx answer is success. Anything else, or no answer within the time limit (\`WEBHOOKS_TIMEOUT_MS\`, 10 s unless configured), is retried with exponential backoff and jitter (waiting up to 5 s, 10 s, 20 s, ... and at least half of that, unless configured), signed afresh with a new timestamp and the same id and body, up to \`WEBHOOKS_MAX_ATTEMPTS\` attempts (8 unless configured); then the delivery is \`failed\`. A \`Retry-After\` longer than the backoff is honoured. \`410 Gone\` fails the delivery at once and deactivates the webhook (\`active: false\`). Redirects are not followed. Deliveries survive restarts; their order is not guaranteed, so order by \`data.seq\`. \`GET /v1/webhooks/{id}/deliveries\` shows every attempt.`
