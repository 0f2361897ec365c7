// Request validation: parameters may arrive as text and are read as numbers and booleans;
// bodies are JSON, so a string is never taken for a number there, nor a number for a string.
import { Ajv, type KeywordDefinition, type Options } from 'ajv'
import addFormats from 'ajv-formats'
import type { FastifySchemaCompiler } from 'fastify'
import type { TSchema } from 'typebox'

/** Formats of our own, for rules a portable `pattern` cannot state: name and the expression a value must match. */
export type Formats = Record<string, RegExp>

/**
 * A schema as Ajv takes it: Ajv picks a discriminated `oneOf` branch by the `const` of its
 * tag and refuses the OpenAPI `mapping`, which the document keeps for generated clients.
 */
function forAjv (schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(forAjv)
  if (typeof schema !== 'object' || schema === null) return schema
  return Object.fromEntries(Object.entries(schema).map(([key, value]) => {
    if (key === 'discriminator' && typeof value === 'object' && value !== null) {
      const { mapping: _mapping, ...rest } = value as Record<string, unknown>
      return [key, rest]
    }
    return [key, forAjv(value)]
  }))
}

function ajvFor (models: TSchema[], formats: Formats, keywords: KeywordDefinition[], coerceTypes: Options['coerceTypes']) {
  const ajv = new Ajv({
    coerceTypes,
    useDefaults: true,
    removeAdditional: false,
    addUsedSchema: false,
    // One error is enough to answer with, and all of them is a denial-of-service risk.
    allErrors: false,
    // A discriminated union is validated against the branch its tag names, so that a
    // refusal names the field at fault rather than "must match exactly one schema".
    discriminator: true
  })
  addFormats.default(ajv)
  for (const [name, rule] of Object.entries(formats)) ajv.addFormat(name, { type: 'string', validate: rule })
  for (const keyword of keywords) ajv.addKeyword(keyword)
  for (const model of models) ajv.addSchema(forAjv(model) as TSchema)
  return ajv
}

/**
 * The validator compiler for every route, knowing the models that schemas refer to by `$ref`,
 * and keywords of our own for rules no JSON Schema keyword states.
 */
export function validatorCompiler (models: TSchema[], formats: Formats, keywords: KeywordDefinition[] = []): FastifySchemaCompiler<TSchema> {
  const parameters = ajvFor(models, formats, keywords, 'array')
  const bodies = ajvFor(models, formats, keywords, false)
  return ({ schema, httpPart }) => (httpPart === 'body' ? bodies : parameters).compile(forAjv(schema) as TSchema)
}
