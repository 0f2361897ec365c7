// The shapes search adds to a list: the excerpt each result shows.
import { Type, type Static } from 'typebox'
import { StringEnum } from '../schema-helpers.js'
import { searchFields } from './texts.js'

const offset = (what: string) => Type.Integer({ minimum: 0, description: `${what}, in Unicode code points of \`text\` (an emoji counts one).` })

export const Highlight = Type.Object({
  field: StringEnum([...searchFields], { description: 'Where the excerpt comes from: `title`, a section\'s `headings`, the `body` (paragraphs, quotes, list items, captions, embeds\' fallbacks), or `meta` (the place, sources, authors and topics).' }),
  text: Type.String({ description: 'A piece of the article\'s text exactly as stored (not normalized: diacritics and tatweel kept), cut at word boundaries, at most 200 characters unless one matched word is longer.' }),
  matches: Type.Array(Type.Object({
    start: offset('Where a matched word starts'),
    end: offset('Where it ends (exclusive)')
  }, { additionalProperties: false }), { description: 'The words the query matched, in order; render them marked (`<mark>`), escaping the rest, in the article\'s `direction`.' }),
  truncatedStart: Type.Boolean({ description: 'Whether words before the excerpt were left out (show an ellipsis).' }),
  truncatedEnd: Type.Boolean({ description: 'Whether words after the excerpt were left out.' })
}, {
  $id: 'Highlight',
  title: 'Highlight',
  additionalProperties: false,
  description: 'Why an article matched a search: an excerpt of its text with the matched words marked by offsets, so that frontends can render it safely in RTL or LTR.',
  examples: [{ field: 'body', text: 'Moskau, Russland - في 23 مارس 2025 ، أعلن أخصائي الولايات المتحدة ستيف ويتكوف', matches: [{ start: 32, end: 36 }], truncatedStart: false, truncatedEnd: true }]
})

export type HighlightBody = Static<typeof Highlight>
