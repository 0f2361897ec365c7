// The labels endpoint: anyone reads the words around an article, in the reader's language.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { deployMaxAge, surrogateKey, surrogateKeys } from '../plugins/caching.js'
import { publicRead } from '../route-schemas.js'
import { ref } from '../schema-helpers.js'
import { labelsETag, labelsFor, localeFor } from './locales.js'
import { locales } from './messages.js'
import { Labels, LabelsParams } from './schemas.js'

const contentLanguage = {
  'Content-Language': { type: 'string', description: 'The locale the labels are in, as `locale` says.' }
} as const

// What a frontend renders for the seed's Details block, with its labels in Arabic.
const arabicPage = `For the seed article, an Arabic translation of a German story (\`language: "ar"\`, \`originalLanguage: "de"\`), \`GET /v1/labels/ar\` with the article's \`metadata\` and \`commentCount\` renders its Details block (the German "Details", "Ort" Moskau, Russland, "Quellen", "Kommentare (0)") in Arabic, \`dir="rtl"\`:

    التفاصيل
    المكان    Moskau, Russland
    المصادر
    التعليقات (٠)

The last line is \`commentsHeading\` with \`{ count: 0 }\`, formatted in \`ar-EG\` (or \`ar-u-nu-arab\`), whose digits are Arabic-Indic; in \`ar-u-nu-latn\` it reads "التعليقات (0)". \`comments\` reads "لا تعليقات" for 0, "تعليقان" for 2, "١١ تعليقًا" for 11; \`translatedFrom\` with \`languageNames.de\` reads "مترجم عن الألمانية".`

const labelRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/labels/:lang', {
    // Labels change only with a deploy; their tag tells caches whether a deploy changed them.
    config: { cache: 'deploy' },
    schema: publicRead({
      operationId: 'getLabels',
      summary: 'Get the labels of a language',
      description: `What a frontend needs to present an article's metadata in the reader's language, as ICU MessageFormat messages to format on the client (with intl-messageformat, or any ICU MessageFormat implementation): the Details block's heading, place and sources, the comments and their count, the dates of publication and update, the byline, the language it was translated from (with \`languageNames\`, from CLDR) and the reading time. Shipped: ${locales.map((locale) => `\`${locale}\``).join(', ')}. Any other BCP 47 tag falls back along the tag, its last subtag removed at a time (\`ar-EG\` → \`ar\`, \`de-CH-1996\` → \`de-CH\` → \`de\`), in any case, and then to \`en\`; \`locale\` and \`Content-Language\` say which locale answered. A malformed tag is a 400. Answered with \`Cache-Control: public, max-age=${deployMaxAge}\` and a strong ETag, the same until a deploy changes the labels.\n\n${arabicPage}`,
      tag: 'labels',
      params: LabelsParams,
      body: ref(Labels),
      bodyDescription: 'The labels in the locale that answers the tag.',
      headers: contentLanguage,
      problems: [400]
    })
  }, async (request, reply) => {
    const locale = localeFor(request.params.lang)
    surrogateKeys(reply, [surrogateKey.labels])
    return reply.header('etag', labelsETag(locale)).header('content-language', locale).send(labelsFor(locale, request.params.lang))
  })
}

export default labelRoutes
