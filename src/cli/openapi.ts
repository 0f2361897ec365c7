// `npm run openapi`: writes the OpenAPI document the server serves to openapi/openapi.json.
import { writeFileSync } from 'node:fs'
import { buildApp } from '../app.js'
import { formatOpenApi, openApiPath } from '../openapi-file.js'

const app = await buildApp({ databaseUrl: ':memory:' })
await app.ready()
writeFileSync(openApiPath, formatOpenApi(app.swagger()))
await app.close()
console.log(`Wrote ${openApiPath}`)
