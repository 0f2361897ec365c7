// The `{ref}` path parameter that every article path, and every path below one, shares.
import { Type } from 'typebox'
import { closed } from '../schema-helpers.js'
import { seedArticle } from '../seed-article.js'

export const ArticleParams = Type.Object({
  ref: Type.String({
    minLength: 1,
    maxLength: 300,
    description: 'The article id, or its slug (percent-encoded in the URL when it has non-ASCII letters).',
    // The seed article, there in every fresh database, so generated contract tests reach it.
    examples: [seedArticle.id]
  })
}, closed)
