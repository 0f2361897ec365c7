// Topics: what articles are about, named in each language, optionally tied to IPTC Media Topics.
import { Type, type Static } from 'typebox'
import { portableSlugPattern } from '../articles/slug.js'
import { languageTag } from '../language.js'
import { NextCursor } from '../pagination.js'
import { Nullable, Timestamp, closed, ref } from '../schema-helpers.js'

export const Topic = Type.Object({
  id: Type.String({ description: 'Opaque, stable id (a UUIDv7).' }),
  slug: Type.String({ minLength: 1, maxLength: 200, pattern: portableSlugPattern, format: 'slug', description: 'Unique, URL-friendly name, by the same rule as article slugs.' }),
  names: Type.Record(Type.String(languageTag), Type.String({ minLength: 1, maxLength: 200 }), {
    minProperties: 1,
    description: 'The topic\'s name by BCP 47 language tag.',
    examples: [{ ar: 'السياسة', de: 'Politik', en: 'Politics' }]
  }),
  mediaTopic: Nullable(Type.String({ pattern: '^medtop:[0-9]{8}$', description: 'An IPTC Media Topic code (`medtop:11000000`), or `null`.' })),
  version: Type.Integer({ minimum: 1, description: 'Grows by one with every change.' }),
  createdAt: Type.String({ ...Timestamp, description: 'When the topic was added.' }),
  updatedAt: Type.String({ ...Timestamp, description: 'When the topic last changed.' })
}, { $id: 'Topic', title: 'Topic', description: 'A subject articles are filed under.' })

export type TopicBody = Static<typeof Topic>

const { id, slug, names, mediaTopic } = Topic.properties

/** A topic as an article lists it. */
export const ArticleTopic = Type.Object({ id, slug, names, mediaTopic }, {
  $id: 'ArticleTopic',
  title: 'ArticleTopic',
  description: 'A topic of an article, as the article shows it.'
})

export type ArticleTopicBody = Static<typeof ArticleTopic>

export const NewTopic = Type.Object({
  names,
  slug: Type.Optional(slug),
  mediaTopic: Type.Optional(mediaTopic)
}, {
  ...closed,
  description: 'A new topic. Without `slug`, one is made from its English name, or else its first one (`-2`, `-3`, ... added when taken).',
  examples: [{ names: { ar: 'السياسة', de: 'Politik', en: 'Politics' }, mediaTopic: 'medtop:11000000' }]
})

export const TopicPatch = Type.Object({
  names: Type.Optional(names),
  slug: Type.Optional(slug),
  mediaTopic: Type.Optional(mediaTopic)
}, {
  ...closed,
  minProperties: 1,
  description: 'A JSON merge patch (RFC 7396) of the topic: fields given replace the stored ones (`names` whole), `null` clears `mediaTopic`. Any change moves every article that shows the topic on to a new version.',
  examples: [{ names: { ar: 'سياسة', de: 'Politik', en: 'Politics' } }]
})

export const TopicParams = Type.Object({
  ref: Type.String({ minLength: 1, maxLength: 300, description: 'The topic\'s id, or slug (percent-encoded when it has non-ASCII letters).', examples: ['politics'] })
}, closed)

export const TopicPage = Type.Object({
  data: Type.Array(ref(Topic)),
  nextCursor: NextCursor
}, { $id: 'TopicPage', title: 'TopicPage', description: 'One page of topics, oldest first.' })
