import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, gqlOk, rest } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, createUser, type TestTenant } from '../support/tenants';

/** datacovey's cross-tenant approvals: A asks B into a project, B's Org admins review. */
describe('project-tenant approvals', () => {
  let server: TestServer;
  let a: TestTenant;
  let b: TestTenant;
  let outsider: TestTenant;
  let projectId: string;
  beforeAll(async () => {
    server = await startTestServer({ env: { INTERNAL_TOKEN: 'scheduler-secret' } });
    a = await createTenant(server, 'requester');
    b = await createTenant(server, 'reviewer');
    outsider = await createTenant(server, 'outsider');
    projectId = (await rest(server, a.token, 'POST', '/api/v1/projects', { name: 'joint' })).body.id;
  });
  afterAll(() => server?.close());

  it('request (201, 409 duplicate) → pending for B only → approve → shared; reviewed twice is 409', async () => {
    const requested = await rest(server, a.token, 'POST', '/api/v1/approvals/project-tenant', { project_id: projectId, tenant_id: b.tenantId });
    expect(requested.status).toBe(201);
    expect(requested.body).toMatchObject({
      status: 'pending', requested_by: a.adminId, reviewed_by: null, project_id: projectId, tenant_id: b.tenantId,
      project_name: 'joint', tenant_name: 'reviewer', requester_name: 'Admin', requester_email: 'admin@requester.test', rejection_reason: null,
    });
    const days = (Date.parse(requested.body.expires_at) - Date.parse(requested.body.created_at)) / 86_400_000;
    expect(Math.round(days)).toBe(15);
    const id = requested.body.id;
    expect((await rest(server, a.token, 'POST', '/api/v1/approvals/project-tenant', { project_id: projectId, tenant_id: b.tenantId })).status).toBe(409);

    const pendingB = await rest(server, b.token, 'GET', '/api/v1/approvals/pending');
    expect(pendingB.body.project_tenant_approvals.map((x: any) => x.id)).toEqual([id]);
    expect(pendingB.body.project_dataset_approvals).toEqual([]);
    expect((await rest(server, a.token, 'GET', '/api/v1/approvals/pending')).body.project_tenant_approvals).toEqual([]);
    expect((await rest(server, outsider.token, 'GET', `/api/v1/approvals/${id}`)).status).toBe(404);
    const details = await rest(server, b.token, 'GET', `/api/v1/approvals/${id}`);
    expect(details.body).toMatchObject({ approval: { id }, project_tenant_details: { project_name: 'joint' }, project_dataset_details: null });

    // The requester cannot approve its own request; a non-admin of B cannot either.
    expect((await rest(server, a.token, 'POST', `/api/v1/approvals/${id}/approve`)).status).toBe(403);
    const bUser = await createUser(server, b);
    expect((await rest(server, bUser.token, 'POST', `/api/v1/approvals/${id}/approve`)).status).toBe(403);

    const approved = await rest(server, b.token, 'POST', `/api/v1/approvals/${id}/approve`);
    expect(approved).toMatchObject({ status: 200, body: {} });
    expect((await rest(server, b.token, 'POST', `/api/v1/approvals/${id}/reject`, {})).status).toBe(409);
    const status = await gqlOk(server, a.token, `query($id: ID!) { approval(id: $id) { status reviewedById reviewedAt } }`, { id });
    expect(status.approval).toMatchObject({ status: 'APPROVED', reviewedById: b.adminId });

    const shared = await gqlOk(server, b.token, `{ sharedProjects { totalCount nodes { projectId projectName } } }`);
    expect(shared.sharedProjects.nodes).toEqual([{ projectId, projectName: 'joint' }]);
    expect((await gqlOk(server, outsider.token, `{ sharedProjects { totalCount } }`)).sharedProjects.totalCount).toBe(0);
    // Already shared: asking again is a conflict.
    expect((await rest(server, a.token, 'POST', '/api/v1/approvals/project-tenant', { project_id: projectId, tenant_id: b.tenantId })).status).toBe(409);
  });

  it('reject with a reason; bad targets are 404, a missing field 422', async () => {
    const second = await gqlOk(server, a.token, `mutation { createProject(input: { name: "second" }) { id } }`);

    const requested = await gqlOk(server, a.token, `mutation($p: ID!, $t: ID!) { requestProjectTenantApproval(projectId: $p, tenantId: $t) { id status } }`, { p: second.createProject.id, t: outsider.tenantId });
    const rejected = await rest(server, outsider.token, 'POST', `/api/v1/approvals/${requested.requestProjectTenantApproval.id}/reject`, { rejection_reason: 'not now' });
    expect(rejected.status).toBe(200);
    const seen = await rest(server, outsider.token, 'GET', `/api/v1/approvals/${requested.requestProjectTenantApproval.id}`);
    expect(seen.body.approval).toMatchObject({ status: 'rejected', rejection_reason: 'not now', reviewed_by: outsider.adminId });

    expect((await rest(server, a.token, 'POST', '/api/v1/approvals/project-tenant', { project_id: second.createProject.id, tenant_id: 'no-such-tenant' })).status).toBe(404);
    expect((await rest(server, b.token, 'POST', '/api/v1/approvals/project-tenant', { project_id: second.createProject.id, tenant_id: a.tenantId })).status).toBe(404);
    expect((await rest(server, a.token, 'POST', '/api/v1/approvals/project-dataset', { project_id: second.createProject.id, dataset_id: 'd1' })).status).toBe(404);
    expect((await rest(server, a.token, 'POST', '/api/v1/approvals/project-tenant', { project_id: second.createProject.id })).status).toBe(422);
  });

  it('expiry: the scheduler endpoint needs the internal token and expires requests past 15 days', async () => {
    const project = await gqlOk(server, a.token, `mutation { createProject(input: { name: "stale" }) { id } }`);
    const { requestProjectTenantApproval: req } = await gqlOk(server, a.token, `mutation($p: ID!, $t: ID!) { requestProjectTenantApproval(projectId: $p, tenantId: $t) { id } }`, { p: project.createProject.id, t: b.tenantId });
    // Age the request past its expiry, as 16 days would.
    await server.orm.em.fork().getConnection().execute('update approvals set expires_at = ? where id = ?', [new Date(Date.now() - 86_400_000), req.id]);

    expect((await rest(server, undefined, 'POST', '/api/v1/approvals/expire')).status).toBe(403);
    expect((await rest(server, undefined, 'POST', '/api/v1/approvals/expire?internal_token=wrong')).status).toBe(403);
    expect((await rest(server, undefined, 'POST', '/api/v1/approvals/expire?internal_token=scheduler-secret')).status).toBe(200);
    const after = await gqlOk(server, b.token, `query($id: ID!) { approval(id: $id) { status } }`, { id: req.id });
    expect(after.approval.status).toBe('EXPIRED');
    const approve = await gql(server, b.token, `mutation($id: ID!) { approveApproval(id: $id) { id } }`, { id: req.id });
    expect(approve.errors?.[0].extensions?.code).toBe('CONFLICT');
  });
});
