// drizzle-kit reads this to generate the SQLite migrations under migrations/sqlite/ from src/db/sqlite-schema.ts.
import { defineConfig } from 'drizzle-kit'

export default defineConfig({
  dialect: 'sqlite',
  schema: './src/db/sqlite-schema.ts',
  out: './migrations/sqlite'
})
