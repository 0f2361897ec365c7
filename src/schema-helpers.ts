// Small builders shared by every resource's TypeBox schemas.
import { Type, type Static, type TSchema } from 'typebox'

/**
 * Refers to a model (a schema with an `$id`, registered once with `app.addSchema`) by `$ref`,
 * keeping its static type: handlers stay type-checked, and the OpenAPI document shows one
 * named component instead of a copy per route.
 */
export function ref<T extends TSchema> (model: T) {
  return Type.Unsafe<Static<T>>({ $ref: modelId(model) })
}

export function modelId (model: TSchema): string {
  const id = (model as { $id?: unknown }).$id
  if (typeof id !== 'string') throw new Error('Only a schema with an $id can be referred to')
  return id
}

/**
 * `T | null` as a JSON type list (`type: ['string', 'null']`) rather than `anyOf`:
 * fast-json-stringify serializes a type list directly but validates each `anyOf` branch.
 */
export function Nullable<T extends TSchema & { type: string }> (schema: T) {
  return Type.Unsafe<Static<T> | null>({ ...schema, type: [schema.type, 'null'] })
}

/** `$ref` to a model, or null. */
export function NullableRef<T extends TSchema> (model: T, options: { description?: string } = {}) {
  return Type.Unsafe<Static<T> | null>({ ...options, anyOf: [{ $ref: modelId(model) }, { type: 'null' }] })
}

export const Timestamp = Type.String({
  format: 'date-time',
  description: 'ISO 8601 UTC timestamp with milliseconds.',
  examples: ['2025-03-23T00:00:00.000Z']
})

/**
 * A parameter the client may leave out, because validation fills in its `default`: optional
 * in the document (so generated clients do not demand it), always there for the handler.
 */
export function Defaulted<T extends TSchema> (schema: T): T {
  return Type.Optional(schema) as unknown as T
}

/** Request objects refuse what they do not know instead of silently dropping it. */
export const closed = { additionalProperties: false } as const

/** One of a few strings, as `{ type: 'string', enum: [...] }`: a plain list in the OpenAPI document. */
export function StringEnum<const Values extends string[]> (values: [...Values], options: { description?: string, default?: Values[number], examples?: Array<Values[number]> } = {}) {
  return Type.Enum(values, { type: 'string', ...options })
}
