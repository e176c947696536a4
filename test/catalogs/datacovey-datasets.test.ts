import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gqlOk, rest } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, createUser, type TestTenant } from '../support/tenants';

const UUID = /^[0-9a-f-]{36}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/;
const API = '/api/v1';

/** datacovey's dataset, table and query routes under /api/v1, in its JSON shapes and status codes. */
describe('datacovey REST: datasets, tables and queries', () => {
  let server: TestServer;
  let tenant: TestTenant;
  let other: TestTenant;
  let projectId: string;
  let secondProjectId: string;
  beforeAll(async () => {
    server = await startTestServer();
    tenant = await createTenant(server);
    other = await createTenant(server);
    projectId = (await rest(server, tenant.token, 'POST', `${API}/projects`, { name: 'analytics' })).body.id;
    secondProjectId = (await rest(server, tenant.token, 'POST', `${API}/projects`, { name: 'finance' })).body.id;
  });
  afterAll(() => server?.close());

  it('datasets: create (201, 409, 422, 404 project), list with skip/limit, by project, get, update, soft delete', async () => {
    const created = await rest(server, tenant.token, 'POST', `${API}/datasets`, { name: 'sales', description: 'Sales data', project_id: projectId });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      name: 'sales', description: 'Sales data', id: expect.stringMatching(UUID), tenant_id: tenant.tenantId, project_id: projectId,
      created_at: expect.stringMatching(ISO), archived_at: null,
    });
    const id = created.body.id;
    expect((await rest(server, tenant.token, 'POST', `${API}/datasets`, { name: 'sales', project_id: projectId })).status).toBe(409);
    expect((await rest(server, tenant.token, 'POST', `${API}/datasets`, { name: 'bad name', project_id: projectId })).status).toBe(422);
    expect((await rest(server, tenant.token, 'POST', `${API}/datasets`, { name: 'main', project_id: projectId })).status).toBe(400);
    expect((await rest(server, tenant.token, 'POST', `${API}/datasets`, { name: 'datasets', project_id: projectId })).status).toBe(400);
    expect((await rest(server, tenant.token, 'POST', `${API}/datasets`, { project_id: projectId })).status).toBe(422);
    const missing = await rest(server, tenant.token, 'POST', `${API}/datasets`, { name: 'orphan', project_id: '00000000-0000-0000-0000-000000000000' });
    expect(missing.status).toBe(404);
    expect(missing.body.detail).toMatch(/Project/);
    // Another tenant's project is not found either.
    const foreignProject = (await rest(server, other.token, 'POST', `${API}/projects`, { name: 'theirs' })).body.id;
    expect((await rest(server, tenant.token, 'POST', `${API}/datasets`, { name: 'x', project_id: foreignProject })).status).toBe(404);

    const second = (await rest(server, tenant.token, 'POST', `${API}/datasets`, { name: 'ledger', project_id: secondProjectId })).body;
    expect((await rest(server, tenant.token, 'GET', `${API}/datasets`)).body.datasets.map((d: any) => d.name)).toEqual(['sales', 'ledger']);
    expect((await rest(server, tenant.token, 'GET', `${API}/datasets?skip=1&limit=1`)).body.datasets.map((d: any) => d.name)).toEqual(['ledger']);
    expect((await rest(server, tenant.token, 'GET', `${API}/datasets?limit=-1`)).status).toBe(422);
    expect((await rest(server, tenant.token, 'GET', `${API}/projects/${secondProjectId}/datasets`)).body).toEqual({ datasets: [expect.objectContaining({ id: second.id, project_id: secondProjectId })] });
    expect((await rest(server, other.token, 'GET', `${API}/projects/${secondProjectId}/datasets`)).status).toBe(404);

    expect((await rest(server, tenant.token, 'GET', `${API}/datasets/${id}`)).body).toEqual(created.body);
    expect((await rest(server, other.token, 'GET', `${API}/datasets/${id}`)).status).toBe(404);
    expect((await rest(server, other.token, 'GET', `${API}/datasets`)).body).toEqual({ datasets: [] });

    const updated = await rest(server, tenant.token, 'PATCH', `${API}/datasets/${id}`, { description: null, project_id: secondProjectId });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: 'sales', description: null, project_id: secondProjectId });
    expect((await rest(server, tenant.token, 'PUT', `${API}/datasets/${id}`, { name: 'ledger' })).status).toBe(409);
    expect((await rest(server, tenant.token, 'PUT', `${API}/datasets/${id}`, { name: 'sales_v2' })).body.name).toBe('sales_v2');

    expect((await rest(server, tenant.token, 'DELETE', `${API}/datasets/${second.id}`)).status).toBe(204);
    expect((await rest(server, tenant.token, 'GET', `${API}/datasets/${second.id}`)).status).toBe(404);
    expect((await rest(server, tenant.token, 'DELETE', `${API}/datasets/${second.id}`)).status).toBe(404);
    // The name of a deleted dataset is free again.
    expect((await rest(server, tenant.token, 'POST', `${API}/datasets`, { name: 'ledger', project_id: projectId })).status).toBe(201);

    const reader = await createUser(server, tenant, 'DATASET_USER');
    expect((await rest(server, reader.token, 'POST', `${API}/datasets`, { name: 'nope', project_id: projectId })).status).toBe(403);
  });

  it('tables: create with a BigQuery schema (queryable at once) or none, list, by dataset, get, update (rename, move, new schema), soft delete', async () => {
    const dataset = (await rest(server, tenant.token, 'POST', `${API}/datasets`, { name: 'shop', project_id: projectId })).body;
    const target = (await rest(server, tenant.token, 'POST', `${API}/datasets`, { name: 'archive', project_id: projectId })).body;
    const schema = [{ name: 'id', type: 'INTEGER', mode: 'REQUIRED' }, { name: 'title', type: 'STRING' }, { name: 'price', type: 'NUMERIC' }, { name: 'sold_at', type: 'TIMESTAMP' }];
    const created = await rest(server, tenant.token, 'POST', `${API}/tables`, { name: 'orders', schema, dataset_id: dataset.id });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      name: 'orders', schema, id: expect.stringMatching(UUID), tenant_id: tenant.tenantId, dataset_id: dataset.id,
      created_at: expect.stringMatching(ISO), archived_at: null,
    });
    const id = created.body.id;
    const queried = await rest(server, tenant.token, 'POST', '/v1/query', { sql: 'select * from shop.orders' });
    expect(queried.status).toBe(200);
    expect(queried.body.columns).toEqual(['id', 'title', 'price', 'sold_at']);
    expect(queried.body.rows).toEqual([]);

    const bare = await rest(server, tenant.token, 'POST', `${API}/tables`, { name: 'notes', schema: null, dataset_id: dataset.id });
    expect(bare.status).toBe(201);
    expect(bare.body.schema).toBeNull();
    const nested = await rest(server, tenant.token, 'POST', `${API}/tables`, { name: 'events', schema: { fields: [{ name: 'at', type: 'DATETIME' }, { name: 'tags', type: 'STRING', mode: 'REPEATED' }] }, dataset_id: dataset.id });
    expect(nested.status).toBe(201);
    expect((await rest(server, tenant.token, 'POST', '/v1/query', { sql: 'select * from shop.events' })).body.columns).toEqual(['at', 'tags']);

    expect((await rest(server, tenant.token, 'POST', `${API}/tables`, { name: 'orders', schema: null, dataset_id: dataset.id })).status).toBe(409);
    expect((await rest(server, tenant.token, 'POST', `${API}/tables`, { name: 'orders', schema: null, dataset_id: target.id })).status).toBe(201);
    expect((await rest(server, tenant.token, 'POST', `${API}/tables`, { name: 'bad', schema: [{ name: 'x', type: 'GEOGRAPHY' }], dataset_id: dataset.id })).status).toBe(400);
    expect((await rest(server, tenant.token, 'POST', `${API}/tables`, { name: 'bad', schema: { columns: [] }, dataset_id: dataset.id })).status).toBe(400);
    expect((await rest(server, tenant.token, 'POST', `${API}/tables`, { name: 'bad', schema: [{ name: 'x', type: 'STRING' }, { name: 'x', type: 'DATE' }], dataset_id: dataset.id })).status).toBe(400);
    expect((await rest(server, tenant.token, 'POST', `${API}/tables`, { name: 'bad', dataset_id: dataset.id })).status).toBe(422);
    expect((await rest(server, tenant.token, 'POST', `${API}/tables`, { name: 'bad-name', schema: null, dataset_id: dataset.id })).status).toBe(422);
    expect((await rest(server, tenant.token, 'POST', `${API}/tables`, { name: 'x', schema: null, dataset_id: '00000000-0000-0000-0000-000000000000' })).status).toBe(404);
    expect((await rest(server, other.token, 'POST', `${API}/tables`, { name: 'x', schema: null, dataset_id: dataset.id })).status).toBe(404);

    expect((await rest(server, tenant.token, 'GET', `${API}/tables/${id}`)).body).toEqual(created.body);
    expect((await rest(server, other.token, 'GET', `${API}/tables/${id}`)).status).toBe(404);
    expect((await rest(server, tenant.token, 'GET', `${API}/tables`)).body.tables.map((t: any) => t.name)).toEqual(['orders', 'notes', 'events', 'orders']);
    expect((await rest(server, tenant.token, 'GET', `${API}/tables?skip=1&limit=2`)).body.tables.map((t: any) => t.name)).toEqual(['notes', 'events']);
    expect((await rest(server, tenant.token, 'GET', `${API}/datasets/${dataset.id}/tables`)).body.tables.map((t: any) => t.name)).toEqual(['orders', 'notes', 'events']);
    expect((await rest(server, other.token, 'GET', `${API}/datasets/${dataset.id}/tables`)).status).toBe(404);
    expect((await rest(server, other.token, 'GET', `${API}/tables`)).body).toEqual({ tables: [] });

    // Load a row through the engine's own path (hotdata's inline load) so a schema change has data to carry.
    await gqlOk(server, tenant.token, `mutation($id: ID!, $s: DatasetSourceInput!) { loadDatasetVersion(id: $id, source: $s) { latestVersion } }`, {
      id, s: { rows: [{ id: 1, title: 'Lamp', price: 9.5, sold_at: '2024-01-02T03:04:05' }] },
    });
    const reshaped = await rest(server, tenant.token, 'PATCH', `${API}/tables/${id}`, { schema: [{ name: 'id', type: 'STRING' }, { name: 'price', type: 'FLOAT' }, { name: 'stock', type: 'INT64' }] });
    expect(reshaped.status).toBe(200);
    expect(reshaped.body.schema).toEqual([{ name: 'id', type: 'STRING' }, { name: 'price', type: 'FLOAT' }, { name: 'stock', type: 'INT64' }]);
    const after = await rest(server, tenant.token, 'POST', '/v1/query', { sql: 'select * from shop.orders' });
    expect(after.body.columns).toEqual(['id', 'price', 'stock']);
    expect(after.body.rows).toEqual([['1', 9.5, null]]);
    // Data that cannot convert is refused and changes nothing.
    const refused = await rest(server, tenant.token, 'PUT', `${API}/tables/${id}`, { schema: [{ name: 'id', type: 'DATE' }] });
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toMatch(/convert/);
    expect((await rest(server, tenant.token, 'POST', '/v1/query', { sql: 'select * from shop.orders' })).body.columns).toEqual(['id', 'price', 'stock']);
    expect((await rest(server, tenant.token, 'PUT', `${API}/tables/${bare.body.id}`, { schema: [{ name: 'n', type: 'BOOL' }] })).status).toBe(200);
    expect((await rest(server, tenant.token, 'POST', '/v1/query', { sql: 'select * from shop.notes' })).body.columns).toEqual(['n']);

    expect((await rest(server, tenant.token, 'PUT', `${API}/tables/${id}`, { name: 'events' })).status).toBe(409);
    expect((await rest(server, tenant.token, 'PUT', `${API}/tables/${id}`, { dataset_id: target.id })).status).toBe(409);
    const moved = await rest(server, tenant.token, 'PUT', `${API}/tables/${id}`, { name: 'old_orders', dataset_id: target.id });
    expect(moved.body).toMatchObject({ name: 'old_orders', dataset_id: target.id });
    expect((await rest(server, tenant.token, 'POST', '/v1/query', { sql: 'select count(*) as n from archive.old_orders' })).status).toBe(200);
    expect((await rest(server, tenant.token, 'PUT', `${API}/tables/${id}`, { schema: [{ name: 'x', type: 'NOPE' }] })).status).toBe(400);

    // Renaming a dataset moves its tables to the new schema.
    await rest(server, tenant.token, 'PATCH', `${API}/datasets/${target.id}`, { name: 'vault' });
    expect((await rest(server, tenant.token, 'POST', '/v1/query', { sql: 'select * from vault.old_orders' })).status).toBe(200);
    expect((await rest(server, tenant.token, 'POST', '/v1/query', { sql: 'select * from archive.old_orders' })).status).toBe(400);

    expect((await rest(server, tenant.token, 'DELETE', `${API}/tables/${nested.body.id}`)).status).toBe(204);
    expect((await rest(server, tenant.token, 'GET', `${API}/tables/${nested.body.id}`)).status).toBe(404);
    expect((await rest(server, tenant.token, 'POST', '/v1/query', { sql: 'select * from shop.events' })).status).toBe(400);
    // Deleting a dataset soft-deletes its tables.
    expect((await rest(server, tenant.token, 'DELETE', `${API}/datasets/${target.id}`)).status).toBe(204);
    expect((await rest(server, tenant.token, 'GET', `${API}/tables/${id}`)).status).toBe(404);
    expect((await rest(server, tenant.token, 'GET', `${API}/tables`)).body.tables.map((t: any) => t.name)).toEqual(['notes']);
  });

  it('queries: create (201, 422, 400 on bad SQL, 404 project), list with skip/limit/project_id, get, update, soft delete', async () => {
    const created = await rest(server, tenant.token, 'POST', `${API}/queries`, { query_text: 'select 1 as one', project_id: projectId });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      query_text: 'select 1 as one', id: expect.stringMatching(UUID), tenant_id: tenant.tenantId, project_id: projectId,
      created_at: expect.stringMatching(ISO), archived_at: null,
    });
    const id = created.body.id;
    expect((await rest(server, tenant.token, 'POST', `${API}/queries`, { query_text: 'select 1' })).status).toBe(422);
    expect((await rest(server, tenant.token, 'POST', `${API}/queries`, { query_text: 'selec from where', project_id: projectId })).status).toBe(400);
    expect((await rest(server, tenant.token, 'POST', `${API}/queries`, { query_text: 'select 1', project_id: '00000000-0000-0000-0000-000000000000' })).status).toBe(404);
    const second = (await rest(server, tenant.token, 'POST', `${API}/queries`, { query_text: 'select 2', project_id: secondProjectId })).body;

    expect((await rest(server, tenant.token, 'GET', `${API}/queries`)).body.queries.map((q: any) => q.query_text)).toEqual(['select 1 as one', 'select 2']);
    expect((await rest(server, tenant.token, 'GET', `${API}/queries?skip=1&limit=5`)).body.queries.map((q: any) => q.id)).toEqual([second.id]);
    expect((await rest(server, tenant.token, 'GET', `${API}/queries?project_id=${secondProjectId}`)).body).toEqual({ queries: [second] });
    expect((await rest(server, tenant.token, 'GET', `${API}/queries/${id}`)).body).toEqual(created.body);
    expect((await rest(server, other.token, 'GET', `${API}/queries/${id}`)).status).toBe(404);
    expect((await rest(server, other.token, 'GET', `${API}/queries`)).body).toEqual({ queries: [] });
    expect((await rest(server, other.token, 'GET', `${API}/queries?project_id=${secondProjectId}`)).status).toBe(404);

    const updated = await rest(server, tenant.token, 'PATCH', `${API}/queries/${id}`, { query_text: 'select 3 as three', project_id: secondProjectId });
    expect(updated.body).toMatchObject({ query_text: 'select 3 as three', project_id: secondProjectId });
    expect((await rest(server, tenant.token, 'PUT', `${API}/queries/${id}`, { query_text: 'select (' })).status).toBe(400);
    expect((await rest(server, tenant.token, 'PUT', `${API}/queries/${id}`, { project_id: projectId })).body).toMatchObject({ query_text: 'select 3 as three', project_id: projectId });

    expect((await rest(server, other.token, 'DELETE', `${API}/queries/${id}`)).status).toBe(404);
    expect((await rest(server, tenant.token, 'DELETE', `${API}/queries/${id}`)).status).toBe(204);
    expect((await rest(server, tenant.token, 'GET', `${API}/queries/${id}`)).status).toBe(404);
    expect((await rest(server, tenant.token, 'GET', `${API}/queries`)).body.queries.map((q: any) => q.id)).toEqual([second.id]);
  });

  it("project-dataset approvals: asking for another tenant's dataset goes to its owner", async () => {
    const theirs = (await rest(server, other.token, 'POST', `${API}/projects`, { name: 'owner-project' })).body.id;
    const dataset = (await rest(server, other.token, 'POST', `${API}/datasets`, { name: 'shared_data', project_id: theirs })).body;
    const asked = await rest(server, tenant.token, 'POST', `${API}/approvals/project-dataset`, { project_id: projectId, dataset_id: dataset.id });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ status: 'pending', project_id: projectId, dataset_id: dataset.id, dataset_name: 'shared_data', project_name: 'analytics' });
    expect((await rest(server, tenant.token, 'POST', `${API}/approvals/project-dataset`, { project_id: projectId, dataset_id: dataset.id })).status).toBe(409);
    const pending = await rest(server, other.token, 'GET', `${API}/approvals/pending`);
    expect(pending.body.project_dataset_approvals.map((a: any) => a.id)).toEqual([asked.body.id]);
    const own = (await rest(server, tenant.token, 'POST', `${API}/datasets`, { name: 'mine', project_id: projectId })).body;
    expect((await rest(server, tenant.token, 'POST', `${API}/approvals/project-dataset`, { project_id: projectId, dataset_id: own.id })).status).toBe(409);
    expect((await rest(server, tenant.token, 'POST', `${API}/approvals/project-dataset`, { project_id: projectId, dataset_id: 'nope' })).status).toBe(404);
  });
});
