import { MAX_PAGE_SIZE } from '../../src/pagination';
import { defineRoute, type RestRoute } from '../../src/rest/route';
import {
  ApproveApprovalDocument, ExpireApprovalsDocument, GetApprovalDocument, PendingApprovalsDocument, RejectApprovalDocument,
  RequestProjectDatasetApprovalDocument, RequestProjectTenantApprovalDocument, type DatacoveyApprovalFragment,
} from '../../src/generated/operations';

/** datacovey's ProjectTenantApproval / ProjectDatasetApproval JSON (the kind decides which ids it names). */
export function datacoveyApproval(a: DatacoveyApprovalFragment) {
  const common = {
    status: a.status.toLowerCase(),
    requested_by: a.requestedById,
    reviewed_by: a.reviewedById ?? null,
    created_at: a.createdAt,
    expires_at: a.expiresAt,
    reviewed_at: a.reviewedAt ?? null,
    rejection_reason: a.rejectionReason ?? null,
    id: a.id,
    project_id: a.projectId,
  };
  const target = a.kind === 'PROJECT_TENANT'
    ? { tenant_id: a.targetTenantId, project_name: a.projectName, tenant_name: a.targetTenantName ?? null }
    : { dataset_id: a.datasetId, project_name: a.projectName, dataset_name: a.datasetName ?? null };
  return { ...common, ...target, requester_name: a.requesterName, requester_email: a.requesterEmail };
}

const ID_BODY = (...names: string[]) => ({
  type: 'object',
  required: names,
  properties: Object.fromEntries(names.map((n) => [n, { type: 'string' }])),
});

export const approvalRestRoutes: RestRoute[] = [
  defineRoute({
    profile: 'datacovey', tag: 'approvals', method: 'post', path: '/approvals/project-tenant', summary: 'Create Project Tenant Approval', status: 201,
    body: ID_BODY('project_id', 'tenant_id'),
    operation: RequestProjectTenantApprovalDocument,
    variables: (req) => ({ projectId: String(req.body.project_id), tenantId: String(req.body.tenant_id) }),
    response: (data) => datacoveyApproval(data.requestProjectTenantApproval),
  }),
  defineRoute({
    profile: 'datacovey', tag: 'approvals', method: 'post', path: '/approvals/project-dataset', summary: 'Create Project Dataset Approval', status: 201,
    body: ID_BODY('project_id', 'dataset_id'),
    operation: RequestProjectDatasetApprovalDocument,
    variables: (req) => ({ projectId: String(req.body.project_id), datasetId: String(req.body.dataset_id) }),
    response: (data) => datacoveyApproval(data.requestProjectDatasetApproval),
  }),
  defineRoute({
    profile: 'datacovey', tag: 'approvals', method: 'get', path: '/approvals/pending', summary: 'List Pending Approvals',
    operation: PendingApprovalsDocument,
    variables: () => ({ first: MAX_PAGE_SIZE }),
    response: (data) => {
      const pending = data.approvals.nodes.map((a) => ({ kind: a.kind, json: datacoveyApproval(a) }));
      return {
        project_tenant_approvals: pending.filter((p) => p.kind === 'PROJECT_TENANT').map((p) => p.json),
        project_dataset_approvals: pending.filter((p) => p.kind === 'PROJECT_DATASET').map((p) => p.json),
      };
    },
  }),
  defineRoute({
    profile: 'datacovey', tag: 'approvals', method: 'get', path: '/approvals/{approval_id}', summary: 'Get Approval Details',
    operation: GetApprovalDocument,
    variables: (req) => ({ id: req.params.approval_id }),
    response: (data) => {
      const json = datacoveyApproval(data.approval);
      const tenantKind = data.approval.kind === 'PROJECT_TENANT';
      return {
        approval: json,
        project_tenant_details: tenantKind ? { project_id: json.project_id, project_name: json.project_name, tenant_id: data.approval.targetTenantId, tenant_name: data.approval.targetTenantName } : null,
        project_dataset_details: tenantKind ? null : { project_id: json.project_id, project_name: json.project_name, dataset_id: data.approval.datasetId, dataset_name: data.approval.datasetName },
      };
    },
  }),
  defineRoute({
    profile: 'datacovey', tag: 'approvals', method: 'post', path: '/approvals/{approval_id}/approve', summary: 'Approve Request',
    operation: ApproveApprovalDocument,
    variables: (req) => ({ id: req.params.approval_id }),
    response: () => ({}),
  }),
  defineRoute({
    profile: 'datacovey', tag: 'approvals', method: 'post', path: '/approvals/{approval_id}/reject', summary: 'Reject Request',
    body: { type: 'object', properties: { rejection_reason: { type: ['string', 'null'], maxLength: 2000 } } },
    operation: RejectApprovalDocument,
    variables: (req) => ({ id: req.params.approval_id, reason: (req.body.rejection_reason as string | null) ?? null }),
    response: () => ({}),
  }),
  defineRoute({
    profile: 'datacovey', tag: 'approvals', method: 'post', path: '/approvals/expire', summary: 'Expire Approvals', public: true,
    query: { internal_token: { type: 'string' } },
    operation: ExpireApprovalsDocument,
    variables: (req) => ({ internalToken: req.query.internal_token ?? null }),
    response: () => ({}),
  }),
];
