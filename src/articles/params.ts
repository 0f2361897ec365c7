// The `{ref}` path parameter that every article path, and every path below one, shares.
import { Type } from 'typebox'
import { closed } from '../schema-helpers.js'

export const ArticleParams = Type.Object({
  ref: Type.String({
    minLength: 1,
    maxLength: 300,
    description: 'The article id, or its slug (percent-encoded in the URL when it has non-ASCII letters).'
  })
}, closed)
