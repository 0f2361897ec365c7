// Configuration from the environment: defaults, parsing and refusal of bad values at start.
import t from 'tap'
import { loadConfig } from '../src/config.js'

t.test('defaults', async (t) => {
  t.same(loadConfig({}), {
    databasePath: './data/cms.db',
    host: '127.0.0.1',
    port: 3000,
    logLevel: 'info',
    corsOrigins: '*'
  })
})

t.test('reads every variable', async (t) => {
  t.same(loadConfig({
    DATABASE_URL: 'file:/var/lib/cms/news.db',
    HOST: '0.0.0.0',
    PORT: '8080',
    LOG_LEVEL: 'warn',
    CORS_ORIGINS: 'https://news.example.org, https://app.example.org'
  }), {
    databasePath: '/var/lib/cms/news.db',
    host: '0.0.0.0',
    port: 8080,
    logLevel: 'warn',
    corsOrigins: ['https://news.example.org', 'https://app.example.org']
  })
  t.equal(loadConfig({ DATABASE_URL: ':memory:' }).databasePath, ':memory:')
})

t.test('refuses bad values before anything starts', async (t) => {
  t.throws(() => loadConfig({ PORT: 'eighty' }), /PORT/)
  t.throws(() => loadConfig({ PORT: '70000' }), /PORT/)
  t.throws(() => loadConfig({ LOG_LEVEL: 'loud' }), /LOG_LEVEL/)
  t.throws(() => loadConfig({ DATABASE_URL: 'postgres://db/cms' }), /DATABASE_URL must be "file:<path>" or ":memory:"/)
})
