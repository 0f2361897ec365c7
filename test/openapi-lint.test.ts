// The OpenAPI document is lint-clean: Redocly's recommended-strict rules and Spectral's spectral:oas.
// It lints the committed document, which openapi.test.ts proves is the one every host is served,
// so that it needs no app and no database (the PostgreSQL pass leaves it out, see scripts/test.mjs).
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { promisify } from 'node:util'
import t from 'tap'
import { openApiPath } from '../src/openapi-file.js'

const linterEnv = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' }

t.test('the document passes redocly lint with the recommended-strict rules, and has a contact', async (t) => {
  // redocly.yaml extends recommended-strict (every warning an error) and requires info.contact.
  const { stdout } = await promisify(execFile)('npx', ['--no-install', 'redocly', 'lint', openApiPath, '--config', 'redocly.yaml', '--format', 'json'], { env: linterEnv })
  const report = JSON.parse(stdout) as { totals: Record<string, number>, problems: unknown[] }
  t.same(report.totals, { errors: 0, warnings: 0, ignored: 0 })
  t.same(report.problems, [])
  t.ok((JSON.parse(readFileSync(openApiPath, 'utf8')) as { info: { contact?: { name?: string } } }).info.contact?.name, 'info.contact')
})

t.test('the document passes spectral lint with spectral:oas, with no error, warning or hint', async (t) => {
  const { stdout } = await promisify(execFile)('npx', ['--no-install', 'spectral', 'lint', openApiPath, '--ruleset', '.spectral.yaml', '--format', 'json', '--quiet'], { env: linterEnv, maxBuffer: 64 * 1024 * 1024 }).catch((error: { stdout: string }) => error)
  const results = JSON.parse(stdout === '' ? '[]' : stdout) as Array<{ code: string, message: string, path: string[] }>
  t.same(results.map(({ code, message, path }) => `${code} ${path.join('.')}: ${message}`), [])
})
