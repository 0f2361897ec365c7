// Token endpoints, for admins: create (the secret is shown once), list, revoke.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { TokenNotFound } from '../errors.js'
import { requireRole } from '../plugins/auth.js'
import { created, noContent, ok, tokenOperation } from '../route-schemas.js'
import { ref } from '../schema-helpers.js'
import { CreateToken, NewToken, TokenList, TokenParams } from './schemas.js'

const onlyAdmins = requireRole(['admin'], 'manage tokens')

const tokenRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/tokens', {
    onRequest: onlyAdmins,
    schema: tokenOperation({
      operationId: 'createToken',
      summary: 'Create a token',
      description: 'Creates a token for a role. The response holds its secret, the only time it is shown: only a hash of it is kept.',
      tag: 'tokens',
      body: CreateToken,
      responses: { 201: created(ref(NewToken), 'The token, with its secret.') },
      problems: [400, 413, 415]
    })
  }, async (request, reply) => {
    const token = await app.tokens.create(request.body.name, request.body.role)
    reply.code(201).header('location', `/v1/tokens/${token.id}`).header('cache-control', 'no-store')
    return token
  })

  app.get('/tokens', {
    onRequest: onlyAdmins,
    schema: tokenOperation({
      operationId: 'listTokens',
      summary: 'List tokens',
      description: 'The tokens in use, without their secrets.',
      tag: 'tokens',
      responses: { 200: ok(ref(TokenList), 'The tokens.') },
      problems: [400]
    })
  }, async () => ({ data: await app.tokens.list() }))

  app.delete('/tokens/:id', {
    onRequest: onlyAdmins,
    schema: tokenOperation({
      operationId: 'revokeToken',
      summary: 'Revoke a token',
      description: 'Revokes a token at once: requests that carry it are refused with 401 from now on.',
      tag: 'tokens',
      params: TokenParams,
      responses: { 204: noContent('Revoked.') },
      problems: [400, 404]
    })
  }, async (request, reply) => {
    if (!await app.tokens.revoke(request.params.id)) throw new TokenNotFound(request.params.id)
    return reply.code(204).send(null)
  })
}

export default tokenRoutes
