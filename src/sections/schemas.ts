// Sections: the ordered parts of an article, each a heading and a list of typed blocks.
import { Type, type Static } from 'typebox'
import { ArticleParams } from '../articles/params.js'
import { Nullable, closed, ref } from '../schema-helpers.js'
import { seedArticle } from '../seed-article.js'

export const Block = Type.Object({
  type: Type.Literal('paragraph', {
    description: 'The kind of block. `paragraph` is the only kind so far; more will come, so skip kinds you do not know.'
  }),
  text: Type.String({ minLength: 1, maxLength: 20000, description: 'Plain text, exactly as written: no markup; spacing, line breaks and direction marks kept.' })
}, {
  ...closed,
  $id: 'Block',
  title: 'Block',
  description: 'A typed piece of a section\'s body.'
})

export const Section = Type.Object({
  id: Type.String({ description: 'Opaque, stable id.' }),
  position: Type.Integer({ minimum: 1, description: 'Place in the article, 1..n without gaps.' }),
  heading: Nullable(Type.String({ minLength: 1, maxLength: 300, description: 'The section heading; `null` for an opening section without one.' })),
  blocks: Type.Array(ref(Block), { maxItems: 500, description: 'The body, in reading order.' })
}, {
  $id: 'Section',
  title: 'Section',
  description: 'An ordered part of an article.'
})

export type SectionBody = Static<typeof Section>

export const SectionList = Type.Object({
  data: Type.Array(ref(Section))
}, {
  $id: 'SectionList',
  title: 'SectionList',
  description: 'All sections of an article, in order.'
})

export const SectionParams = Type.Object({
  ...ArticleParams.properties,
  sectionId: Type.String({ description: 'The section id.', examples: [seedArticle.sections[0]?.id] })
}, closed)

/** A section as written: its heading (none when left out) and its blocks. */
export const SectionInput = Type.Object({
  heading: Type.Optional(Section.properties.heading),
  blocks: Section.properties.blocks
}, { ...closed, examples: [{ heading: 'علق الخبراء', blocks: [{ type: 'paragraph', text: 'تعد الأشهر المقبلة بمرحلة مثيرة.' }] }] })

export const NewSection = Type.Object({
  ...SectionInput.properties,
  position: Type.Optional(Type.Integer({ minimum: 1, description: 'Where to insert it, 1..n+1; at the end when left out. Sections from there on move down one.' }))
}, { ...closed, examples: [{ heading: 'علق الخبراء', blocks: [{ type: 'paragraph', text: 'تعد الأشهر المقبلة بمرحلة مثيرة.' }], position: 2 }] })

export const SectionPatch = Type.Object({
  heading: Type.Optional(Section.properties.heading),
  blocks: Type.Optional(Section.properties.blocks)
}, { ...closed, minProperties: 1, description: 'A JSON merge patch: the fields given replace the stored ones.', examples: [{ heading: 'ردود الفعل' }] })

export const SectionOrder = Type.Object({
  ids: Type.Array(Type.String(), { uniqueItems: true, description: 'Every section id of the article, each once, in the new order.' })
}, { ...closed, examples: [{ ids: ['0195c04c-9802-7efe-9bb9-47a102ea852e', '0195c04c-9801-731b-b5b1-4ee302a280d4', '0195c04c-9803-7059-a38b-638112baff27', '0195c04c-9804-7a81-8625-f7cd9c0c62af'] }] })
