import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, gqlOk } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant } from '../support/tenants';

/** `subgraph NAME` serves one Federation 2 subgraph, as a gateway expects: `_service` and `_entities`. */
describe('a subgraph served alone', () => {
  let tenants: TestServer;
  beforeAll(async () => {
    tenants = await startTestServer({ subgraph: 'tenants' });
  });
  afterAll(() => tenants?.close());

  it('exposes its SDL with federation directives through _service', async () => {
    const data = await gqlOk(tenants, tenants.adminToken, '{ _service { sdl } }');
    expect(data._service.sdl).toMatch(/@link\(url: "https:\/\/specs.apollo.dev\/federation\/v2/);
    expect(data._service.sdl).toMatch(/type Tenant(\s+implements Node)?\s+@key\(fields: "id"\)/);
    // Other domains' types appear only as the stubs `node(id:)` returns (src/relay/node.ts): an id, no fields of theirs.
    expect(data._service.sdl).toMatch(/type Project implements Node\s+@key\(fields: "id", resolvable: false\)/);
    expect(data._service.sdl).not.toMatch(/type Project\b[^}]*\bname:/);
  });

  it('resolves Tenant and User references in a batch, and only the caller\'s own', async () => {
    const me = await gqlOk(tenants, tenants.adminToken, '{ me { id } }');
    const query = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Tenant { id name } ... on User { id email } } }`;
    const reps = [
      { __typename: 'Tenant', id: tenants.tenantId },
      { __typename: 'User', id: me.me.id },
      { __typename: 'Tenant', id: 'no-such-tenant' },
    ];
    const data = await gqlOk(tenants, tenants.adminToken, query, { reps });
    expect(data._entities).toEqual([{ id: tenants.tenantId, name: 'default' }, { id: me.me.id, email: 'admin@localhost' }, null]);
    // A caller of another tenant (not platform admin) resolves neither the default tenant nor its admin.
    const outsider = await createTenant(tenants);
    const denied = await gql(tenants, outsider.token, query, { reps: reps.slice(0, 2) });
    expect(denied.data?._entities).toEqual([null, null]);
  });
});
