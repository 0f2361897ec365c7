// drizzle-kit reads this to generate the SQL migrations under migrations/ from src/db/schema.ts.
import { defineConfig } from 'drizzle-kit'

export default defineConfig({
  dialect: 'sqlite',
  schema: './src/db/schema.ts',
  out: './migrations'
})
