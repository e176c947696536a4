import { lakesailList, pageFromPageLimit } from '../../src/rest/lakesail';
import { MAX_PAGE_SIZE } from '../../src/pagination';
import { defineRoute, type RestRoute } from '../../src/rest/route';
import {
  CreateSecretDocument, DeleteSecretDocument, GetSecretDocument, ListSecretsDocument, ReplaceSecretValueDocument,
  RevokeSecretDocument, UpdateSecretDocument, type SecretMetadataFragment,
} from '../../src/generated/operations';
import { MAX_SECRET_BYTES } from './secrets';

const VALUE = { type: 'string', minLength: 1, maxLength: MAX_SECRET_BYTES };
const NAME = { type: 'string', minLength: 1, maxLength: 200 };

/** lakesail's secret JSON (camelCase, metadata only). */
const lakesailSecret = (s: SecretMetadataFragment) => ({
  id: s.id, name: s.name, description: s.description ?? null, teamIds: s.teamIds, currentVersion: s.currentVersion,
  status: s.revokedAt ? 'revoked' : 'active', revokedAt: s.revokedAt ?? null, createdAt: s.createdAt, updatedAt: s.updatedAt,
});

/** hotdata `/v1/secrets` (addressed by name) and lakesail `/lakesail/api/v1/secrets` (by id): values go in, never out. */
export const restSecretRoutes: RestRoute[] = [
  defineRoute({
    profile: 'hotdata', tag: 'secrets', method: 'get', path: '/secrets', summary: 'List secrets',
    operation: ListSecretsDocument,
    variables: () => ({ first: MAX_PAGE_SIZE }),
    response: (data) => ({ secrets: data.secrets.nodes.map((s) => ({ created_at: s.createdAt, name: s.name, updated_at: s.updatedAt })) }),
  }),
  defineRoute({
    profile: 'hotdata', tag: 'secrets', method: 'post', path: '/secrets', summary: 'Create secret', status: 201,
    body: { type: 'object', required: ['name', 'value'], properties: { name: NAME, value: VALUE } },
    operation: CreateSecretDocument,
    variables: (req) => ({ input: { name: String(req.body.name), value: String(req.body.value) } }),
    response: (data) => ({ created_at: data.createSecret.createdAt, id: data.createSecret.id, name: data.createSecret.name }),
  }),
  defineRoute({
    profile: 'hotdata', tag: 'secrets', method: 'get', path: '/secrets/{name}', summary: 'Get secret',
    operation: GetSecretDocument,
    variables: (req) => ({ name: req.params.name }),
    response: (data) => ({ created_at: data.secret.createdAt, name: data.secret.name, updated_at: data.secret.updatedAt }),
  }),
  defineRoute({
    profile: 'hotdata', tag: 'secrets', method: 'put', path: '/secrets/{name}', summary: 'Update secret',
    body: { type: 'object', required: ['value'], properties: { value: VALUE } },
    operation: ReplaceSecretValueDocument,
    variables: (req) => ({ name: req.params.name, value: String(req.body.value) }),
    response: (data) => ({ name: data.replaceSecretValue.name, updated_at: data.replaceSecretValue.updatedAt }),
  }),
  defineRoute({
    profile: 'hotdata', tag: 'secrets', method: 'delete', path: '/secrets/{name}', summary: 'Delete secret', status: 204,
    operation: DeleteSecretDocument,
    variables: (req) => ({ name: req.params.name }),
    response: () => undefined,
  }),
  defineRoute({
    profile: 'lakesail', tag: 'secrets', method: 'get', path: '/secrets', summary: 'List secrets',
    query: { page: { type: 'integer', minimum: 1, default: 1 }, limit: { type: 'integer', minimum: 0, maximum: 100, default: 100 } },
    operation: ListSecretsDocument,
    variables: pageFromPageLimit,
    response: (data, req) => lakesailList(req, data.secrets, lakesailSecret),
  }),
  defineRoute({
    profile: 'lakesail', tag: 'secrets', method: 'post', path: '/secrets', summary: 'Create a secret', status: 201,
    body: { type: 'object', required: ['name', 'value'], properties: { name: NAME, value: VALUE, description: { type: ['string', 'null'] }, teamIds: { type: 'array', items: { type: 'string' } } } },
    operation: CreateSecretDocument,
    variables: (req) => ({
      input: { name: String(req.body.name), value: String(req.body.value), description: (req.body.description as string | null) ?? null, teamIds: (req.body.teamIds as string[] | undefined) ?? null },
    }),
    response: (data) => lakesailSecret(data.createSecret),
  }),
  defineRoute({
    profile: 'lakesail', tag: 'secrets', method: 'get', path: '/secrets/{secretId}', summary: 'Describe a secret',
    operation: GetSecretDocument,
    variables: (req) => ({ id: req.params.secretId }),
    response: (data) => lakesailSecret(data.secret),
  }),
  defineRoute({
    profile: 'lakesail', tag: 'secrets', method: 'patch', path: '/secrets/{secretId}', summary: 'Update a secret',
    body: { type: 'object', properties: { description: { type: ['string', 'null'] }, teamIds: { type: 'array', items: { type: 'string' } } } },
    operation: UpdateSecretDocument,
    variables: (req) => ({
      id: req.params.secretId,
      input: { ...('description' in req.body ? { description: req.body.description as string | null } : {}), teamIds: (req.body.teamIds as string[] | undefined) ?? null },
    }),
    response: (data) => lakesailSecret(data.updateSecret),
  }),
  defineRoute({
    profile: 'lakesail', tag: 'secrets', method: 'put', path: '/secrets/{secretId}/value', summary: 'Replace a secret value',
    body: { type: 'object', required: ['value'], properties: { value: VALUE } },
    operation: ReplaceSecretValueDocument,
    variables: (req) => ({ id: req.params.secretId, value: String(req.body.value) }),
    response: (data) => lakesailSecret(data.replaceSecretValue),
  }),
  defineRoute({
    profile: 'lakesail', tag: 'secrets', method: 'post', path: '/secrets/{secretId}/revoke', summary: 'Revoke a secret',
    operation: RevokeSecretDocument,
    variables: (req) => ({ id: req.params.secretId }),
    response: (data) => lakesailSecret(data.revokeSecret),
  }),
  defineRoute({
    profile: 'lakesail', tag: 'secrets', method: 'delete', path: '/secrets/{secretId}', summary: 'Delete a secret', status: 204,
    operation: DeleteSecretDocument,
    variables: (req) => ({ id: req.params.secretId }),
    response: () => undefined,
  }),
];
