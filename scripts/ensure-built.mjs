// Builds dist/ from src/ where the TypeScript compiler is installed (a clone, with dev dependencies);
// a production install such as the container image has no compiler and runs the dist/ it was built with.
// Plain JavaScript: it runs before anything is compiled.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

const tsc = compiler()
if (!tsc) {
  if (existsSync(new URL('../dist/server.js', import.meta.url))) process.exit(0)
  console.error('dist/ is not built and TypeScript is not installed: run `npm ci` (with the dev dependencies) first.')
  process.exit(1)
}
const { status } = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' })
process.exit(status ?? 1)

function compiler () {
  try {
    return createRequire(import.meta.url).resolve('typescript/bin/tsc')
  } catch {
    return undefined
  }
}
