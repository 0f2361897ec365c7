// API tokens: who may write, and in which role.
import { Type, type Static } from 'typebox'
import { StringEnum, Timestamp, closed, ref } from '../schema-helpers.js'

export const Role = StringEnum(['admin', 'editor', 'moderator'], {
  description: '`admin`: everything, tokens included; `editor`: articles, sections, metadata and publishing; `moderator`: comments.'
})

export type RoleName = Static<typeof Role>

export const Token = Type.Object({
  id: Type.String({ description: 'Opaque, stable id; use it to revoke the token.' }),
  name: Type.String({ description: 'Who or what uses the token; recorded as the author of its writes.' }),
  role: Role,
  createdAt: Type.String({ ...Timestamp, description: 'When the token was created.' })
}, {
  $id: 'Token',
  title: 'Token',
  description: 'An API token, without its secret.',
  examples: [{ id: '019ad1c4-5a00-7000-8000-0000000000e1', name: 'Leila (desk editor)', role: 'editor', createdAt: '2026-11-29T08:00:00.000Z' }]
})

export const NewToken = Type.Object({
  ...Token.properties,
  token: Type.String({ description: 'The secret, to send as `Authorization: Bearer <token>`. Shown this once: only its hash is kept.' })
}, {
  $id: 'NewToken',
  title: 'NewToken',
  description: 'A token just created, with its secret.',
  examples: [{
    id: '019ad1c4-5a00-7000-8000-0000000000e1',
    name: 'Leila (desk editor)',
    role: 'editor',
    createdAt: '2026-11-29T08:00:00.000Z',
    token: 'cms_4f0Yb2Qp9sVn1kR7cXe3LwT8aJmZuH6dGiO5yBqN0rE'
  }]
})

export const TokenList = Type.Object({
  data: Type.Array(ref(Token), { description: 'Tokens that are not revoked, oldest first.' })
}, {
  $id: 'TokenList',
  title: 'TokenList',
  description: 'The tokens in use.',
  examples: [{ data: [{ id: '019ad1c4-5a00-7000-8000-0000000000e1', name: 'Leila (desk editor)', role: 'editor', createdAt: '2026-11-29T08:00:00.000Z' }] }]
})

export const CreateToken = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100, description: 'Who or what will use the token.' }),
  role: Role
}, { ...closed, examples: [{ name: 'Leila (desk editor)', role: 'editor' }] })

export const TokenParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 100, description: 'The token id.', examples: ['019ad1c4-5a00-7000-8000-0000000000e1'] })
}, closed)
