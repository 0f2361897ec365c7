// Request validation: parameters may arrive as text and are read as numbers and booleans;
// bodies are JSON, so a string is never taken for a number there, nor a number for a string.
import { Ajv, type Options } from 'ajv'
import addFormats from 'ajv-formats'
import type { FastifySchemaCompiler } from 'fastify'
import type { TSchema } from 'typebox'

/** Formats of our own, for rules a portable `pattern` cannot state: name and the expression a value must match. */
export type Formats = Record<string, RegExp>

function ajvFor (models: TSchema[], formats: Formats, coerceTypes: Options['coerceTypes']) {
  const ajv = new Ajv({
    coerceTypes,
    useDefaults: true,
    removeAdditional: false,
    addUsedSchema: false,
    // One error is enough to answer with, and all of them is a denial-of-service risk.
    allErrors: false
  })
  addFormats.default(ajv)
  for (const [name, rule] of Object.entries(formats)) ajv.addFormat(name, { type: 'string', validate: rule })
  for (const model of models) ajv.addSchema(model)
  return ajv
}

/** The validator compiler for every route, knowing the models that schemas refer to by `$ref`. */
export function validatorCompiler (models: TSchema[], formats: Formats): FastifySchemaCompiler<TSchema> {
  const parameters = ajvFor(models, formats, 'array')
  const bodies = ajvFor(models, formats, false)
  return ({ schema, httpPart }) => (httpPart === 'body' ? bodies : parameters).compile(schema)
}
