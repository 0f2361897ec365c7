// Where the committed OpenAPI document lives and how it is laid out, for the script that writes it and the test that checks it.
import { fileURLToPath } from 'node:url'

export const openApiPath = fileURLToPath(new URL('../openapi/openapi.json', import.meta.url))

export function formatOpenApi (document: unknown): string {
  return JSON.stringify(document, null, 2) + '\n'
}
