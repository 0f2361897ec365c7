// Sections: the ordered parts of an article, each a heading and a list of typed blocks.
import { Type, type Static, type TSchema } from 'typebox'
import { ArticleParams } from '../articles/params.js'
import { Nullable, StringEnum, closed, modelId, ref } from '../schema-helpers.js'
import { seedArticle } from '../seed-article.js'
import { marksKeyword } from './marks.js'

/** The most sections an article may have, however they are added. */
export const maxSections = 200

/** An absolute http(s) address: what links and embeds may point to (no `javascript:`, no `data:`). */
const HttpUrl = Type.String({ format: 'uri', pattern: '^[Hh][Tt][Tt][Pp][Ss]?://', maxLength: 2000 })

const range = {
  start: Type.Integer({ minimum: 0, description: 'Where the mark begins: the number of Unicode code points of the text before it (not UTF-16 units: an emoji counts one).' }),
  end: Type.Integer({ minimum: 1, description: 'Where the mark ends: the code point after its last one. After `start`, and at most the length of the text in code points.' })
}

export const StyleMark = Type.Object({
  type: StringEnum(['strong', 'emphasis'], { description: '`strong`: strong importance (`<strong>`); `emphasis`: stress (`<em>`).' }),
  ...range
}, { ...closed, $id: 'StyleMark', title: 'StyleMark', description: 'Strong importance or emphasis over a range of the text.', examples: [{ type: 'strong', start: 0, end: 16 }] })

export const LinkMark = Type.Object({
  type: Type.Literal('link', { description: 'A link.' }),
  ...range,
  href: Type.String({ ...HttpUrl, description: 'Where the link leads: an absolute http(s) URL.' })
}, { ...closed, $id: 'LinkMark', title: 'LinkMark', description: 'A link over a range of the text.', examples: [{ type: 'link', start: 0, end: 16, href: 'https://www.kremlin.ru/' }] })

/**
 * A discriminated union of models on their `type`: `oneOf` with the OpenAPI `discriminator`,
 * whose mapping names each value's model for generated clients (Ajv finds it by the `const`).
 */
function TaggedUnion<const Models extends TSchema[]> (models: [...Models], mapping: Record<string, Models[number]>, options: { $id: string, title: string, description: string, examples?: unknown[] }) {
  return Type.Unsafe<Static<Models[number]>>({
    ...options,
    type: 'object',
    oneOf: models.map((model) => ({ $ref: modelId(model) })),
    discriminator: { propertyName: 'type', mapping: Object.fromEntries(Object.entries(mapping).map(([value, model]) => [value, `#/components/schemas/${modelId(model)}`])) }
  })
}

export const Mark = TaggedUnion([StyleMark, LinkMark], { strong: StyleMark, emphasis: StyleMark, link: LinkMark }, {
  $id: 'Mark',
  title: 'Mark',
  description: 'A range of a text set apart: strong, emphasized or linked.',
  examples: [{ type: 'link', start: 0, end: 16, href: 'https://www.openstreetmap.org/relation/2555133' }]
})

export type MarkBody = Static<typeof Mark>

/** Text with its marks, the rules for which JSON Schema cannot state are checked by the `x-marks` keyword. */
const markedText = {
  text: Type.String({ minLength: 1, maxLength: 20000, description: 'Plain text, exactly as written: no markup; spacing, line breaks and direction marks kept.' }),
  marks: Type.Optional(Type.Array(ref(Mark), {
    maxItems: 1000,
    description: 'Ranges of the text set apart, in the order written; left out for none. Offsets count Unicode code points of the text as stored (NFC). Each lies inside the text, and two marks are either apart or one holds the other (the same range counts as held); a link never holds a link.'
  }))
}

export const ParagraphBlock = Type.Object({
  type: Type.Literal('paragraph', { description: 'A paragraph.' }),
  ...markedText
}, {
  ...closed,
  [marksKeyword]: true,
  $id: 'ParagraphBlock',
  title: 'ParagraphBlock',
  description: 'A paragraph of text, with optional marks.',
  examples: [{ type: 'paragraph', text: 'Moskau, Russland - في 23 مارس 2025', marks: [{ type: 'strong', start: 0, end: 16 }] }]
})

export const QuoteBlock = Type.Object({
  type: Type.Literal('quote', { description: 'A quotation set apart.' }),
  ...markedText,
  attribution: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'Who said or wrote it, plain text; left out for none.' }))
}, {
  ...closed,
  [marksKeyword]: true,
  $id: 'QuoteBlock',
  title: 'QuoteBlock',
  description: 'A quotation set apart from the text, with optional marks and attribution.',
  examples: [{ type: 'quote', text: 'تعد الأشهر المقبلة بمرحلة مثيرة.', attribution: 'ستيف ويتكوف' }]
})

export const ListItem = Type.Object(markedText, {
  ...closed,
  [marksKeyword]: true,
  $id: 'ListItem',
  title: 'ListItem',
  description: 'An item of a list: text with optional marks.'
})

export const ListBlock = Type.Object({
  type: Type.Literal('list', { description: 'A list.' }),
  ordered: Type.Boolean({ description: '`true` for a numbered list (`<ol>`), `false` for bullets (`<ul>`).' }),
  items: Type.Array(ref(ListItem), { minItems: 1, maxItems: 500, description: 'The items, in order.' })
}, {
  ...closed,
  $id: 'ListBlock',
  title: 'ListBlock',
  description: 'A list of items, numbered or not.',
  examples: [{ type: 'list', ordered: false, items: [{ text: 'Moskau' }, { text: 'Washington' }] }]
})

export const ImageBlock = Type.Object({
  type: Type.Literal('image', { description: 'A picture.' }),
  id: Type.String({ description: 'The picture\'s id; the article\'s `pictures` hold it whole.' }),
  caption: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'The caption for this article; left out for the picture\'s own.' }))
}, {
  ...closed,
  $id: 'ImageBlock',
  title: 'ImageBlock',
  description: 'A picture in the text.',
  examples: [{ type: 'image', id: '0195c04c-9810-7e1a-9b7c-3d1f2a4b5c6d', caption: 'ستيف ويتكوف في موسكو' }]
})

export const EmbedBlock = Type.Object({
  type: Type.Literal('embed', { description: 'A post or video from elsewhere.' }),
  url: Type.String({ ...HttpUrl, description: 'The post or video: an absolute http(s) URL. Nothing is fetched from it; frontends embed it as they choose.' }),
  provider: Type.String({ minLength: 1, maxLength: 100, description: 'Who hosts it, as readers know them: "YouTube", "X", "Instagram".' }),
  fallback: Type.String({ minLength: 1, maxLength: 2000, description: 'Plain text that stands in for it where it cannot be embedded (feeds, plain text): what it says or shows.' })
}, {
  ...closed,
  $id: 'EmbedBlock',
  title: 'EmbedBlock',
  description: 'A post or video hosted elsewhere, by its address, with a plain-text fallback.',
  examples: [{ type: 'embed', url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ', provider: 'YouTube', fallback: 'ستيف ويتكوف يصل إلى موسكو' }]
})

export const Block = TaggedUnion([ParagraphBlock, QuoteBlock, ListBlock, ImageBlock, EmbedBlock], {
  paragraph: ParagraphBlock, quote: QuoteBlock, list: ListBlock, image: ImageBlock, embed: EmbedBlock
}, {
  $id: 'Block',
  title: 'Block',
  description: 'A typed piece of a section\'s body, told apart by `type`: `paragraph`, `quote`, `list`, `image` or `embed`. More kinds will come, so skip kinds you do not know.'
})

export type BlockBody = Static<typeof Block>

/** The models a block is made of, in the order they are registered (each before the ones that refer to it). */
export const blockModels = [StyleMark, LinkMark, Mark, ParagraphBlock, QuoteBlock, ListItem, ListBlock, ImageBlock, EmbedBlock, Block]
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
  data: Type.Array(ref(Section), { maxItems: maxSections })
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
