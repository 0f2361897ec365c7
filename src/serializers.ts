// Response serializers: Fastify's own (fast-json-stringify through @fastify/fast-json-stringify-compiler),
// each compiled with the models its schema refers to, and once per process.
//
// fast-json-stringify checks and resolves every shared schema it is handed again for each response
// schema it compiles: with our sixty models and three hundred response schemas, that took two
// seconds of every app's start. Handed only the models a schema refers to (through other models
// too), it compiles the same function; and as the function depends on nothing else, a schema
// compiled before (every route's problem answers, or an app built again in the same process, as
// the tests build hundreds) is not compiled again.
import SerializerSelector from '@fastify/fast-json-stringify-compiler'

type SerializerFactory = SerializerSelector.SerializerFactory
type Serializer = SerializerSelector.Serializer
type Schema = Record<string, unknown>

const fastJsonStringify = SerializerSelector.SerializerSelector()

/** The ids a schema's `$ref`s name (`Article`, `Article#/properties/id`), where any of them name a model. */
function referencedIds (schema: unknown, ids: Set<string> = new Set()): Set<string> {
  if (Array.isArray(schema)) {
    for (const item of schema) referencedIds(item, ids)
  } else if (typeof schema === 'object' && schema !== null) {
    for (const [key, value] of Object.entries(schema)) {
      if (key === '$ref' && typeof value === 'string') ids.add(value.split('#')[0]!)
      else referencedIds(value, ids)
    }
  }
  return ids
}

/** The models `schema` needs, by id: those it refers to, and those they refer to. */
function modelsOf (schema: Schema, models: Record<string, Schema>): Record<string, Schema> | undefined {
  const needed: Record<string, Schema> = {}
  const pending = [...referencedIds(schema)]
  for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
    if (id === '' || id === schema.$id || id in needed) continue
    const model = models[id]
    // A reference this cannot follow (a URL, a relative id): fast-json-stringify is handed them all.
    if (model === undefined) return undefined
    needed[id] = model
    pending.push(...referencedIds(model))
  }
  return needed
}

/**
 * A serializer factory for Fastify's `schemaController.compilersFactory.buildSerializer`, which
 * keeps what it compiles for every app it is given to: made once per process, for apps built
 * with the same serializer options.
 */
export function serializerFactory (): SerializerFactory {
  const compiled = new Map<string, Serializer>()
  return (externalSchemas, options) => {
    const models = (externalSchemas ?? {}) as Record<string, Schema>
    const texts = new Map(Object.entries(models).map(([id, model]) => [id, JSON.stringify(model)]))
    return (route) => {
      const schema = route.schema as Schema
      const needed = modelsOf(schema, models) ?? models
      const key = JSON.stringify([schema, ...Object.keys(needed).sort().map((id) => [id, texts.get(id)])])
      let serializer = compiled.get(key)
      if (serializer === undefined) {
        serializer = fastJsonStringify(needed, options)(route)
        compiled.set(key, serializer)
      }
      return serializer
    }
  }
}
