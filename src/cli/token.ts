// `npm run token -- <name> <role>`: creates an API token in the configured database and prints its secret.
import { loadConfigOrExit } from '../config.js'
import { openDatabaseOrExit } from '../db/database.js'
import { createToken } from '../tokens/repository.js'

const [name, role] = process.argv.slice(2)
const roles = ['admin', 'editor', 'moderator'] as const
if (!name || !roles.includes(role as typeof roles[number])) {
  console.error('Usage: npm run token -- <name> <admin|editor|moderator>')
  process.exit(2)
}
const { databaseUrl, database: options } = loadConfigOrExit()
const database = await openDatabaseOrExit(databaseUrl, options)
try {
  const token = await database.write((tx) => createToken(tx, name, role as typeof roles[number]))
  console.error(`Created ${token.role} token ${token.id} for "${token.name}". The secret, shown this once:`)
  console.log(token.token)
} finally {
  await database.close()
}
