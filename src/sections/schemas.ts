// Sections: the ordered parts of an article, each a heading and a list of typed blocks.
import { Type, type Static } from 'typebox'
import { ArticleParams } from '../articles/params.js'
import { Nullable, closed, ref } from '../schema-helpers.js'

export const Block = Type.Object({
  type: Type.Literal('paragraph', {
    description: 'The kind of block. `paragraph` is the only kind so far; more will come, so skip kinds you do not know.'
  }),
  text: Type.String({ description: 'Plain text, exactly as written: no markup, spacing and direction marks kept.' })
}, {
  $id: 'Block',
  title: 'Block',
  description: 'A typed piece of a section\'s body.'
})

export const Section = Type.Object({
  id: Type.String({ description: 'Opaque, stable id.' }),
  position: Type.Integer({ minimum: 1, description: 'Place in the article, 1..n without gaps.' }),
  heading: Nullable(Type.String({ description: 'The section heading; `null` for an opening section without one.' })),
  blocks: Type.Array(ref(Block), { description: 'The body, in reading order.' })
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
  sectionId: Type.String({ description: 'The section id.' })
}, closed)
