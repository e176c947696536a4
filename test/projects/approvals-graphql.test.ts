import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, gqlOk } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, createUser, type TestTenant } from '../support/tenants';

const APPROVAL = `id kind status projectId projectName targetTenantId targetTenantName requestedById requesterName requesterEmail reviewedById rejectionReason`;
const REQUEST = `mutation($p: ID!, $t: ID!) { requestProjectTenantApproval(projectId: $p, tenantId: $t) { ${APPROVAL} } }`;
const GET = `query($id: ID!) { approval(id: $id) { status } }`;
const LIST = `query($f: ApprovalFilter) { approvals(filter: $f) { totalCount nodes { id } } }`;

/** The two-tenant approval flow over GraphQL: who may ask, see, review and expire, and what each change logs. */
describe('approvals over GraphQL', () => {
  let server: TestServer;
  let a: TestTenant;
  let b: TestTenant;
  let outsider: TestTenant;
  beforeAll(async () => {
    server = await startTestServer();
    a = await createTenant(server, 'alpha-co');
    b = await createTenant(server, 'beta-co');
    outsider = await createTenant(server, 'gamma-co');
  });
  afterAll(() => server?.close());

  const events = async (subjectId: string) =>
    (await server.orm.em.fork().getConnection().execute('select tenant_id, topic, type from event_log where subject_id = ? order by id', [subjectId])) as {
      tenant_id: string; topic: string; type: string;
    }[];

  it('any member asks; the requester and both tenants\' Org admins see it; only the target\'s Org admins review', async () => {
    const { createProject: project } = await gqlOk(server, a.token, `mutation { createProject(input: { name: "shared-lake" }) { id } }`);
    const asker = await createUser(server, a, 'DATASET_EDITOR');
    const { requestProjectTenantApproval: approval } = await gqlOk(server, asker.token, REQUEST, { p: project.id, t: b.tenantId });
    expect(approval).toMatchObject({
      kind: 'PROJECT_TENANT', status: 'PENDING', projectId: project.id, projectName: 'shared-lake', targetTenantId: b.tenantId,
      targetTenantName: 'beta-co', requestedById: asker.id, requesterName: 'DATASET_EDITOR', requesterEmail: asker.email, reviewedById: null,
    });

    // Visibility: the requester and both Org admins; another member gets FORBIDDEN, another tenant NOT_FOUND.
    expect((await gqlOk(server, asker.token, GET, { id: approval.id })).approval.status).toBe('PENDING');
    expect((await gqlOk(server, a.token, GET, { id: approval.id })).approval.status).toBe('PENDING');
    expect((await gqlOk(server, b.token, GET, { id: approval.id })).approval.status).toBe('PENDING');
    const bystander = await createUser(server, a);
    expect((await gql(server, bystander.token, GET, { id: approval.id })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await gql(server, outsider.token, GET, { id: approval.id })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await gql(server, asker.token, LIST, {})).errors?.[0].extensions?.code).toBe('FORBIDDEN');

    // Directions: incoming for B, outgoing for A, nothing for the outsider.
    expect((await gqlOk(server, b.token, LIST, { f: { direction: 'INCOMING', status: 'PENDING' } })).approvals.nodes).toEqual([{ id: approval.id }]);
    expect((await gqlOk(server, a.token, LIST, { f: { direction: 'INCOMING' } })).approvals.totalCount).toBe(0);
    expect((await gqlOk(server, a.token, LIST, { f: { direction: 'OUTGOING' } })).approvals.nodes).toEqual([{ id: approval.id }]);
    expect((await gqlOk(server, outsider.token, LIST, {})).approvals.totalCount).toBe(0);

    // Review: the requesting side, a non-admin of B and the outsider cannot; B's Org admin can, once.
    const APPROVE = `mutation($id: ID!) { approveApproval(id: $id) { status reviewedById } }`;
    expect((await gql(server, a.token, APPROVE, { id: approval.id })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const bMember = await createUser(server, b, 'DATASET_EDITOR');
    expect((await gql(server, bMember.token, APPROVE, { id: approval.id })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await gql(server, outsider.token, APPROVE, { id: approval.id })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await gqlOk(server, b.token, APPROVE, { id: approval.id })).approveApproval).toEqual({ status: 'APPROVED', reviewedById: b.adminId });
    const again = await gql(server, b.token, `mutation($id: ID!) { rejectApproval(id: $id, reason: "late") { id } }`, { id: approval.id });
    expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect((await gqlOk(server, asker.token, GET, { id: approval.id })).approval.status).toBe('APPROVED');

    // B's members see the shared project; A's do not (it is theirs already).
    const shared = await gqlOk(server, bMember.token, `{ sharedProjects { totalCount nodes { projectId projectName approvalId sharedWithTenantId } } }`);
    expect(shared.sharedProjects.nodes).toEqual([{ projectId: project.id, projectName: 'shared-lake', approvalId: approval.id, sharedWithTenantId: b.tenantId }]);
    expect((await gqlOk(server, a.token, `{ sharedProjects { totalCount } }`)).sharedProjects.totalCount).toBe(0);

    // Every change is logged for both tenants, in order.
    expect(await events(approval.id)).toEqual([
      { tenant_id: a.tenantId, topic: 'approval', type: 'requested' },
      { tenant_id: b.tenantId, topic: 'approval', type: 'requested' },
      { tenant_id: a.tenantId, topic: 'approval', type: 'approved' },
      { tenant_id: b.tenantId, topic: 'approval', type: 'approved' },
    ]);
  });

  it('bad requests: own tenant, unknown tenant, foreign project, datasets (until catalogs wires them)', async () => {
    const { createProject: project } = await gqlOk(server, a.token, `mutation { createProject(input: { name: "solo" }) { id } }`);
    const own = await gql(server, a.token, REQUEST, { p: project.id, t: a.tenantId });
    expect(own.errors?.[0].extensions?.code).toBe('CONFLICT');
    const unknown = await gql(server, a.token, REQUEST, { p: project.id, t: '00000000-0000-0000-0000-000000000001' });
    expect(unknown.errors?.[0]).toMatchObject({ message: expect.stringContaining('Tenant'), extensions: { code: 'NOT_FOUND' } });
    const foreign = await gql(server, outsider.token, REQUEST, { p: project.id, t: b.tenantId });
    expect(foreign.errors?.[0]).toMatchObject({ message: expect.stringContaining('Project'), extensions: { code: 'NOT_FOUND' } });
    const DATASET = `mutation($p: ID!, $d: ID!) { requestProjectDatasetApproval(projectId: $p, datasetId: $d) { id } }`;
    const dataset = await gql(server, a.token, DATASET, { p: project.id, d: 'ds-1' });
    expect(dataset.errors?.[0]).toMatchObject({ message: 'Dataset ds-1 not found', extensions: { code: 'NOT_FOUND' } });
    expect((await gql(server, outsider.token, DATASET, { p: project.id, d: 'ds-1' })).errors?.[0].message).toMatch(/Project/);
    // Nothing was written by any of them.
    expect((await gqlOk(server, a.token, LIST, { f: { direction: 'OUTGOING', status: 'PENDING' } })).approvals.totalCount).toBe(0);
  });

  it('expiry: an aged request leaves the pending list at once; expireApprovals needs a platform admin or the token', async () => {
    const { createProject: project } = await gqlOk(server, a.token, `mutation { createProject(input: { name: "old" }) { id } }`);
    const { requestProjectTenantApproval: approval } = await gqlOk(server, a.token, REQUEST, { p: project.id, t: outsider.tenantId });
    await server.orm.em.fork().getConnection().execute('update approvals set expires_at = ? where id = ?', [new Date(Date.now() - 1000), approval.id]);

    expect((await gqlOk(server, outsider.token, LIST, { f: { direction: 'INCOMING', status: 'PENDING' } })).approvals.totalCount).toBe(0);
    // Reviewing a request past its expiry is a conflict even before the scheduler marks it.
    const late = await gql(server, outsider.token, `mutation($id: ID!) { approveApproval(id: $id) { id } }`, { id: approval.id });
    expect(late.errors?.[0].extensions?.code).toBe('CONFLICT');

    const EXPIRE = `mutation($t: String) { expireApprovals(internalToken: $t) }`;
    expect((await gql(server, a.token, EXPIRE, {})).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // No INTERNAL_TOKEN configured: no token value unlocks it.
    expect((await gql(server, undefined, EXPIRE, { t: '' })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await gqlOk(server, server.adminToken, EXPIRE, {})).expireApprovals).toBe(1);
    expect((await gqlOk(server, server.adminToken, EXPIRE, {})).expireApprovals).toBe(0);
    expect((await gqlOk(server, a.token, GET, { id: approval.id })).approval.status).toBe('EXPIRED');
    expect((await events(approval.id)).filter((e) => e.type === 'expired').map((e) => e.tenant_id)).toEqual([a.tenantId, outsider.tenantId]);
    // Once expired, a new request for the same pair may be made.
    expect((await gqlOk(server, a.token, REQUEST, { p: project.id, t: outsider.tenantId })).requestProjectTenantApproval.status).toBe('PENDING');
  });
});
