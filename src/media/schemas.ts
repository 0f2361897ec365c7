// Pictures: uploaded images with their texts, sizes, placeholder and renditions for frontends.
import { Type, type Static } from 'typebox'
import { languageTag } from '../language.js'
import { NextCursor } from '../pagination.js'
import { Nullable, StringEnum, Timestamp, closed } from '../schema-helpers.js'
import { renditionFormats, renditionWidths } from './pictures.js'

/** Alt text by language tag: the article that shows a picture needs the one in its language to be published. */
export const AltTexts = Type.Record(Type.String(languageTag), Type.String({ minLength: 1, maxLength: 1000 }), {
  ...closed,
  description: 'Alt text by BCP 47 language tag (`{"ar": "…"}`): what the picture shows, for readers who cannot see it. An article that shows the picture can be published only when there is one in its language (`ar` serves `ar-EG`).',
  examples: [{ ar: 'ستيف ويتكوف في موسكو' }]
})

export const Rendition = Type.Object({
  width: Type.Integer({ minimum: 1, description: 'Width in pixels.' }),
  format: StringEnum(['webp', 'avif', 'jpeg'], { description: 'Image format.' }),
  url: Type.String({ format: 'uri', description: 'Absolute address of the rendition.' })
}, { $id: 'Rendition', title: 'Rendition', description: 'A picture at one width and format, made on first request and kept.' })

export const Picture = Type.Object({
  id: Type.String({ description: 'Opaque, stable id (a UUIDv7).' }),
  type: StringEnum(['image/jpeg', 'image/png', 'image/webp', 'image/avif', 'image/gif'], { description: 'The type of the upload, judged from its bytes.' }),
  width: Type.Integer({ minimum: 1, description: 'Width of the upload in pixels.' }),
  height: Type.Integer({ minimum: 1, description: 'Height of the upload in pixels.' }),
  alt: AltTexts,
  caption: Nullable(Type.String({ minLength: 1, maxLength: 2000, description: 'What is said under the picture, or `null`.' })),
  credit: Nullable(Type.String({ minLength: 1, maxLength: 300, description: 'Who made the picture, as shown beside it, or `null`.' })),
  copyrightNotice: Nullable(Type.String({ minLength: 1, maxLength: 500, description: 'The copyright notice, or `null`.' })),
  placeholder: Type.String({ description: 'A ThumbHash of the picture, base64: a blurred preview to show while it loads (https://evanw.github.io/thumbhash/).' }),
  renditions: Type.Array(Type.Unsafe<Static<typeof Rendition>>({ $ref: 'Rendition' }), { description: 'Its renditions, `srcset`-ready: every width offered, in each format.' }),
  version: Type.Integer({ minimum: 1, description: 'Grows by one with every change.' }),
  createdAt: Type.String({ ...Timestamp, description: 'When it was uploaded.' }),
  updatedAt: Type.String({ ...Timestamp, description: 'When its texts last changed.' })
}, {
  $id: 'Picture',
  title: 'Picture',
  description: 'An uploaded picture.'
})

export type PictureBody = Static<typeof Picture>

/** A picture as an article shows it: which one, and what this article says under it. */
/** The id the document's examples give a picture. */
export const examplePictureId = '019ad1c4-5a00-7000-8000-0000000000a1'

export const ArticleImage = Type.Object({
  id: Type.String({ description: 'The picture\'s id; the article\'s `pictures` hold it whole.' }),
  caption: Nullable(Type.String({ minLength: 1, maxLength: 2000, description: 'The caption for this article; `null` for the picture\'s own.' }))
}, { ...closed, $id: 'ArticleImage', title: 'ArticleImage', description: 'A picture placed in an article, with this article\'s caption.', examples: [{ id: examplePictureId, caption: 'ستيف ويتكوف لدى وصوله إلى موسكو' }] })

export const PicturePage = Type.Object({
  data: Type.Array(Type.Unsafe<PictureBody>({ $ref: 'Picture' })),
  nextCursor: NextCursor
}, { $id: 'PicturePage', title: 'PicturePage', description: 'A page of pictures, newest first.' })

export const MediaParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 100, description: 'The picture\'s id.', examples: [examplePictureId] })
}, closed)

export const MediaQuery = Type.Object({
  w: Type.Optional(Type.Integer({ enum: [...renditionWidths], description: `With \`format\`: the rendition of this width (${renditionWidths.join(', ')}; a narrower picture is never enlarged). Without both, the picture\'s JSON.`, examples: [640] })),
  format: Type.Optional(StringEnum([...renditionFormats], { description: 'With `w`: the rendition in this format.', examples: ['webp'] }))
}, closed)

const { caption, credit, copyrightNotice } = Picture.properties

export const MediaPatch = Type.Object({
  alt: Type.Optional(Type.Record(Type.String(languageTag), Nullable(Type.String({ minLength: 1, maxLength: 1000 })), {
    ...closed,
    description: 'Alt texts by language tag, merged into those there: a text sets that language\'s (whatever the case of its tag), `null` removes it, and languages left out stay.',
    examples: [{ ar: 'ستيف ويتكوف في موسكو', en: null }]
  })),
  caption: Type.Optional(caption),
  credit: Type.Optional(credit),
  copyrightNotice: Type.Optional(copyrightNotice)
}, {
  ...closed,
  description: 'A JSON merge patch (RFC 7396) of a picture\'s texts: fields left out stay, `null` clears one.',
  examples: [{ alt: { ar: 'ستيف ويتكوف في موسكو' }, caption: 'Moskau, Russland - ستيف ويتكوف وفلاديمير بوتين في 23 مارس 2025', credit: 'Photo: Agency', copyrightNotice: null }]
})
