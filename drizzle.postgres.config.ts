// drizzle-kit reads this to generate the PostgreSQL migrations under migrations/postgres/ from src/db/postgres-schema.ts.
import { defineConfig } from 'drizzle-kit'

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/postgres-schema.ts',
  out: './migrations/postgres'
})
