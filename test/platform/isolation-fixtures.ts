import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'libsql';
import { eventually, gql, gqlOk } from '../support/clients';
import { createUser } from '../support/tenants';
import type { TestServer } from '../support/server';
import type { TestTenant } from '../support/tenants';

/**
 * What the tenant-isolation matrix needs to know that the schema cannot tell it: how tenant A
 * creates one row of each type, which type an ambiguous ID argument or REST path parameter names,
 * and the few places where the design lets a non-owner in on purpose.
 */

/**
 * Creates one row of a type for `owner` (tenant A; B too, for the rows B's own calls need) and
 * returns its id. Fixtures are memoised per owner: `need` creates each type once.
 */
export interface FixtureContext {
  server: TestServer;
  owner: TestTenant;
  /** A third tenant, for rows that involve another tenant (approvals): never A or B. */
  c: TestTenant;
  need: (type: string) => Promise<string>;
  /** Runs an operation as the owner and returns `data` (fails on errors). */
  asOwner: (query: string, variables?: Record<string, unknown>) => Promise<any>;
  /** Other values of the owner's rows that address them (e.g. a secret's name), by `Type.field`. */
  values: Record<string, string>;
}

export type Fixture = ((f: FixtureContext) => Promise<string>) | { notAddressable: string };

/** The owner's rows, created on first `need` (one at a time: fixtures depend on each other and SQLite takes one writer). */
export function fixtureSet(server: TestServer, owner: TestTenant, c: TestTenant): { context: FixtureContext; ids: Record<string, string> } {
  const ids: Record<string, string> = {};
  const pending: Record<string, Promise<string>> = {};
  const context: FixtureContext = {
    server, owner, c, values: {},
    asOwner: (query, variables) => gqlOk(server, owner.token, query, variables),
    need: (type) => {
      const entry = FIXTURES[type];
      if (!entry || 'notAddressable' in entry) throw new Error(`no fixture creates ${type}`);
      return (pending[type] ??= entry(context).then((id) => (ids[type] = id)));
    },
  };
  return { context, ids };
}

const SALES_CSV = 'region,amount\nnorth,10\nsouth,20\n';

/** One entry per object type with `id: ID!` (and per ID-addressed type without one, e.g. task bindings). */
export const FIXTURES: Record<string, Fixture> = {
  Tenant: async (f) => f.owner.tenantId,
  User: async (f) => f.owner.adminId,
  WorkspaceUser: async (f) => f.need('User'),
  RoleDefinition: { notAddressable: 'the built-in role catalogue, the same for every tenant (subgraphs/tenants/roles.ts)' },
  Team: async (f) => (await f.asOwner(`mutation { createTeam(input: { name: "team-of-owner" }) { id } }`)).createTeam.id,
  TeamMember: async (f) =>
    (await f.asOwner(`mutation($t: ID!, $u: ID!) { addTeamMember(teamId: $t, userId: $u) { id } }`, { t: await f.need('Team'), u: await f.need('User') })).addTeamMember.id,
  ApiKey: async (f) => (await f.asOwner(`mutation { createApiKey(input: { name: "key-of-owner" }) { apiKey { id } } }`)).createApiKey.apiKey.id,
  Invitation: async (f) => (await f.asOwner(`mutation { createInvitation(input: { email: "invitee@a.test" }) { id } }`)).createInvitation.id,

  Project: async (f) => (await f.asOwner(`mutation { createProject(input: { name: "secret-of-owner" }) { id } }`)).createProject.id,
  Approval: async (f) =>
    (await f.asOwner(`mutation($t: ID!, $p: ID!) { requestProjectTenantApproval(tenantId: $t, projectId: $p) { id } }`, { t: f.c.tenantId, p: await f.need('Project') })).requestProjectTenantApproval.id,
  ProjectShare: async (f) => {
    const project = (await f.asOwner(`mutation { createProject(input: { name: "shared-with-c" }) { id } }`)).createProject.id;
    const approval = (await f.asOwner(`mutation($t: ID!, $p: ID!) { requestProjectTenantApproval(tenantId: $t, projectId: $p) { id } }`, { t: f.c.tenantId, p: project })).requestProjectTenantApproval.id;
    await gqlOk(f.server, f.c.token, `mutation($id: ID!) { approveApproval(id: $id) { status } }`, { id: approval });
    const shares = await gqlOk(f.server, f.c.token, `{ sharedProjects { nodes { id projectId } } }`);
    return shares.sharedProjects.nodes.find((s: { projectId: string }) => s.projectId === project).id;
  },
  Agent: async (f) =>
    (await f.asOwner(`mutation($p: ID!) { createAgent(input: { name: "agent-of-owner", protocol: "A2A", endpointUrl: "http://127.0.0.1:9/a2a", projectId: $p }) { id } }`, { p: await f.need('Project') })).createAgent.id,
  AgentRateLimit: async (f) => (await f.asOwner(`query($id: ID!) { agent(id: $id) { rateLimit { id } } }`, { id: await f.need('Agent') })).agent.rateLimit.id,
  ProjectAgent: async (f) => {
    const agent = await f.need('Agent');
    const list = await f.asOwner(`query($p: ID!) { projectAgents(projectId: $p) { nodes { id agentId } } }`, { p: await f.need('Project') });
    return list.projectAgents.nodes.find((n: { agentId: string }) => n.agentId === agent).id;
  },
  AgentRouteResponse: { notAddressable: 'the answer of one routing call, returned once and never stored' },

  Catalog: async (f) => (await f.asOwner(`mutation { createCatalog(input: { name: "catalog-of-owner", provider: "local" }) { id } }`)).createCatalog.id,
  TeamGrant: async (f) =>
    (await f.asOwner(`mutation($id: ID!, $t: [ID!]!) { addCatalogTeams(id: $id, input: { teamIds: $t }) { id } }`, { id: await f.need('Catalog'), t: [await f.need('Team')] })).addCatalogTeams[0].id,
  DataConnection: async (f) => {
    // A real SQLite source under DATA_DIR/sources, so discovery stores ConnectionTable rows too.
    const sources = join(f.server.config.dataDir, 'sources');
    mkdirSync(sources, { recursive: true });
    const db = new Database(join(sources, 'a.db'));
    db.exec('create table if not exists orders (id integer primary key, amount integer)');
    db.close();
    return (await f.asOwner(`mutation { createConnection(input: { name: "conn-of-owner", sourceType: "sqlite", config: { path: "a.db" } }) { id } }`)).createConnection.id;
  },
  ConnectionTable: async (f) =>
    (await f.asOwner(`query($c: ID!) { informationSchema(filter: { connectionId: $c }) { nodes { id } } }`, { c: await f.need('DataConnection') })).informationSchema.nodes[0].id,
  Secret: async (f) => {
    // Names are per tenant: B's own secret must not share A's name, or B's read of "A's name" finds B's.
    const name = `secret_of_${f.owner.tenantId.slice(0, 8)}`;
    f.values['Secret.name'] = name;
    return (await f.asOwner(`mutation($n: String!) { createSecret(input: { name: $n, value: "hunter2" }) { id } }`, { n: name })).createSecret.id;
  },
  Upload: async (f) => (await f.asOwner(`mutation($c: String!) { createUpload(input: { content: $c, contentType: "text/csv" }) { id } }`, { c: SALES_CSV })).createUpload.id,
  Dataset: async (f) =>
    (await f.asOwner(`mutation($c: String!) { createDataset(input: { label: "sales", tableName: "sales_of_owner", source: { content: $c, format: "csv" } }) { id } }`, { c: SALES_CSV })).createDataset.id,
  DatasetVersion: async (f) => (await f.asOwner(`query($id: ID!) { datasetVersions(id: $id) { nodes { id } } }`, { id: await f.need('Dataset') })).datasetVersions.nodes[0].id,
  ProjectDataset: async (f) =>
    (await f.asOwner(`mutation($p: ID!) { createProjectDataset(input: { name: "pd_of_owner", projectId: $p }) { id } }`, { p: await f.need('Project') })).createProjectDataset.id,
  Table: async (f) =>
    (await f.asOwner(`mutation($pd: ID!) { createTable(input: { name: "table_of_owner", projectDatasetId: $pd, schema: [{ name: "x", type: "INTEGER" }] }) { id } }`, { pd: await f.need('ProjectDataset') })).createTable.id,
  TableJob: async (f) => (await f.asOwner(`mutation($t: ID!) { createTableExportJob(input: { tableId: $t }) { id } }`, { t: await f.need('Table') })).createTableExportJob.id,
  TableImportJob: async (f) =>
    (await f.asOwner(`mutation($t: ID!, $u: ID!) { createTableImportJob(input: { tableId: $t, uploadId: $u }) { id } }`, { t: await f.need('Table'), u: await f.need('Upload') })).createTableImportJob.id,
  SavedQuery: async (f) => (await f.asOwner(`mutation { createSavedQuery(input: { name: "query-of-owner", sql: "select 1 as one" }) { id } }`)).createSavedQuery.id,
  SavedQueryVersion: async (f) => (await f.asOwner(`query($id: ID!) { savedQuery(id: $id) { current { id } } }`, { id: await f.need('SavedQuery') })).savedQuery.current.id,

  QueryRun: async (f) => (await f.asOwner(`mutation($q: ID!) { executeSavedQuery(id: $q) { id } }`, { q: await f.need('SavedQuery') })).executeSavedQuery.id,
  QueryResult: async (f) => (await f.asOwner(`query($id: ID!) { queryRun(id: $id) { result { id } } }`, { id: await f.need('QueryRun') })).queryRun.result.id,
  QueryResultExport: async (f) =>
    (await f.asOwner(`mutation($r: ID!) { createQueryResultExport(queryRunId: $r, format: "CSV", compression: "NONE") { id } }`, { r: await f.need('QueryRun') })).createQueryResultExport.id,
  Job: async (f) =>
    (await f.asOwner(`mutation($q: [ID!], $t: [ID!]!) { createJob(input: { name: "job-of-owner", queryIds: $q, teamIds: $t }) { id } }`, { q: [await f.need('SavedQuery')], t: [await f.need('Team')] })).createJob.id,
  JobVersion: async (f) => (await f.asOwner(`query($j: ID!) { job(jobId: $j) { active { id } } }`, { j: await f.need('Job') })).job.active.id,
  JobDraft: async (f) => (await f.asOwner(`mutation($j: ID!) { createJobDraft(jobId: $j, input: { timeoutMs: 60000 }) { id } }`, { j: await f.need('Job') })).createJobDraft.id,
  JobRun: async (f) => (await f.asOwner(`mutation($j: ID!) { createJobRun(jobId: $j, input: { hold: true }) { id } }`, { j: await f.need('Job') })).createJobRun.id,
  Operation: async (f) => {
    const network = await f.need('CloudNetwork');
    return (await f.asOwner(`mutation($id: ID!) { provisionCloudNetwork(id: $id) { operationId } }`, { id: network })).provisionCloudNetwork.operationId;
  },

  Cluster: async (f) => (await f.asOwner(`mutation { createCluster(input: { name: "cluster-of-owner" }) { id } }`)).createCluster.id,
  ProvisionedCluster: async (f) => {
    const [connectionId, networkId] = [await f.need('CloudConnection'), await f.need('CloudNetwork')];
    await f.need('Operation');
    await eventually(async () => ((await f.asOwner(`query($id: ID!) { cloudNetwork(id: $id) { status } }`, { id: networkId })).cloudNetwork.status === 'active' ? true : undefined));
    return (await f.asOwner(`mutation($c: ID!, $n: ID!) { createCluster(input: { name: "provisioned-of-owner", connectionId: $c, networkId: $n }) { id } }`, { c: connectionId, n: networkId })).createCluster.id;
  },
  CloudConnection: async (f) => {
    const id = (await f.asOwner(`mutation { createCloudConnection(input: { name: "cloud-of-owner", region: "eu-west-1", accountId: "123456789012" }) { id } }`)).createCloudConnection.id;
    await f.asOwner(`mutation($id: ID!) { verifyCloudConnection(id: $id) { status } }`, { id });
    return id;
  },
  CloudNetwork: async (f) =>
    (await f.asOwner(`mutation($c: ID!) { createCloudNetwork(input: { name: "vpc-of-owner", connectionId: $c }) { id } }`, { c: await f.need('CloudConnection') })).createCloudNetwork.id,

  WorkloadConfig: async (f) =>
    (await f.asOwner(`mutation($c: ID!) { createWorkloadConfig(input: { name: "config-of-owner", workloadType: "marimo", clusterId: $c }) { id } }`, { c: await f.need('Cluster') })).createWorkloadConfig.id,
  Notebook: async (f) =>
    (await f.asOwner(`mutation($w: ID!) { createNotebook(input: { displayName: "notebook-of-owner", workloadConfigId: $w }) { id } }`, { w: await f.need('WorkloadConfig') })).createNotebook.id,
  NotebookCell: async (f) =>
    (await f.asOwner(`mutation($n: ID!) { createNotebookCell(notebookId: $n, input: { source: "select 1" }) { id } }`, { n: await f.need('Notebook') })).createNotebookCell.id,
  ComputeSession: async (f) =>
    (await f.asOwner(`mutation($w: ID!) { createComputeSession(input: { workloadConfigId: $w }) { id } }`, { w: await f.need('WorkloadConfig') })).createComputeSession.id,

  NotificationChannel: async (f) =>
    (await f.asOwner(`mutation { createNotificationChannel(input: { name: "inbox-of-owner", type: "in_app" }) { channel { id } } }`)).createNotificationChannel.channel.id,
  Webhook: async (f) =>
    (await f.asOwner(`mutation { createWebhook(input: { name: "hook-of-owner", url: "http://127.0.0.1:9/hook", eventTypes: ["job_run.succeeded"] }) { channel { id } } }`)).createWebhook.channel.id,
  NotificationRule: async (f) =>
    (await f.asOwner(`mutation($c: [ID!]!) { createNotificationRule(input: { name: "rule-of-owner", eventTypes: ["job_run.succeeded"], scopeType: "organization", channelIds: $c }) { id } }`, { c: [await f.need('NotificationChannel')] })).createNotificationRule.id,
  NotificationDelivery: async (f) => (await f.asOwner(`mutation($c: ID!) { testNotificationChannel(id: $c) { id } }`, { c: await f.need('NotificationChannel') })).testNotificationChannel.id,
  InAppNotification: async (f) => {
    await f.need('NotificationDelivery');
    return (await f.asOwner(`{ myNotifications { nodes { id } } }`)).myNotifications.nodes[0].id;
  },

  ChatRoom: async (f) => (await f.asOwner(`mutation { createChatRoom(input: { kind: GROUP, title: "room-of-owner" }) { id } }`)).createChatRoom.id,
  ChatMember: async (f) => (await f.asOwner(`query($r: ID!) { chatMembers(roomId: $r) { id } }`, { r: await f.need('ChatRoom') })).chatMembers[0].id,
  // A second member of A's room: typing is not echoed to the typist, so A's other member watches it.
  ChatPeer: async (f) => {
    const peer = await createUser(f.server, f.owner);
    f.values['ChatPeer.token'] = peer.token;
    await f.asOwner(`mutation($r: ID!, $u: [ID!]!) { addChatMembers(roomId: $r, input: { userIds: $u }) { id } }`, { r: await f.need('ChatRoom'), u: [peer.id] });
    return peer.id;
  },
  ChatMessage: async (f) => (await f.asOwner(`mutation($r: ID!) { sendChatMessage(roomId: $r, input: { bodyText: "hello from a" }) { id } }`, { r: await f.need('ChatRoom') })).sendChatMessage.id,

  Workspace: async (f) =>
    (await f.asOwner(`mutation($d: ID!) { createWorkspace(input: { title: "workspace-of-owner", backingDatasetId: $d }) { workspace { id } } }`, { d: await f.need('Dataset') })).createWorkspace.workspace.id,
  WorkspaceTag: async (f) => (await f.asOwner(`mutation($id: ID!) { setWorkspaceTags(id: $id, tags: [{ name: "tag-of-owner" }]) { id } }`, { id: await f.need('Workspace') })).setWorkspaceTags[0].id,
  WorkspaceChart: async (f) =>
    (await f.asOwner(`mutation($w: ID!) { createWorkspaceChart(workspaceId: $w, input: { spec: { kind: "bar", x: { column: "region" }, y: [{ agg: "sum", column: "amount" }] } }) { id } }`, { w: await f.need('Workspace') })).createWorkspaceChart.id,
  WorkspaceSession: async (f) => (await f.asOwner(`mutation($w: ID!) { createWorkspaceSession(workspaceId: $w) { id } }`, { w: await f.need('Workspace') })).createWorkspaceSession.id,
  WorkspaceBoundTask: async (f) => {
    const workspace = await f.need('Workspace');
    const bound = await f.asOwner(`mutation($w: ID!, $t: ID!) { attachWorkspaceTask(workspaceId: $w, input: { taskId: $t }) { boundTasks { bindingId } } }`, { w: workspace, t: await f.need('Job') });
    return bound.attachWorkspaceTask.boundTasks[0].bindingId;
  },
  WorkspaceRun: async (f) => {
    await f.need('WorkspaceBoundTask');
    return f.need('JobRun');
  },
  WorkspaceRunStep: { notAddressable: 'a step inside a WorkspaceRun, reached only through its run' },
};

/** `Root.field.arg` → type, where the argument's name and the field's name do not say it. */
export const ARG_TYPES: Record<string, string> = {
  'Query.savedQueryVersions.id': 'SavedQuery',
  'Query.datasetVersions.id': 'Dataset',
  'Query.workspaceRun.runId': 'WorkspaceRun',
  'Query.cloudNetworks.connectionId': 'CloudConnection',
  'Mutation.loadDatasetVersion.id': 'Dataset',
  'Mutation.setWorkspaceTags.id': 'Workspace',
  'Mutation.updateAgentRateLimit.id': 'Agent',
  'Mutation.updateWorkspaceTaskBinding.id': 'WorkspaceBoundTask',
  'Mutation.detachWorkspaceTask.id': 'WorkspaceBoundTask',
  'Mutation.updateTable.id': 'Table',
  'Query.tableJob.id': 'TableJob',
  'Query.teamRole.id': 'RoleDefinition',
  'Query.organizationRole.id': 'RoleDefinition',
  'Subscription.notificationDelivered.channelId': 'NotificationChannel',
  // Input fields (any input type), by name.
  'Input.replyToMessageId': 'ChatMessage',
  'Input.memberUserIds': 'User',
  'Input.recipientUserIds': 'User',
  'Input.networkId': 'CloudNetwork',
  'Input.connectionId': 'CloudConnection',
  'Input.backingDatasetId': 'Dataset',
  'Input.resourceId': 'Job',
  'Input.defaultRoleId': 'RoleDefinition',
  'Input.roleIds': 'RoleDefinition',
};

/** Words in argument and field names that name a type by another name. */
export const TYPE_ALIASES: Record<string, string> = {
  Connection: 'DataConnection',
  Room: 'ChatRoom',
  Message: 'ChatMessage',
  Cell: 'NotebookCell',
  Session: 'ComputeSession',
  Chart: 'WorkspaceChart',
  Query: 'SavedQuery',
  Run: 'JobRun',
  Channel: 'NotificationChannel',
  Rule: 'NotificationRule',
  Task: 'Job',
};

/**
 * Root fields a caller without the row may use by design, each with where the design says so.
 * They are listed, not checked, and not counted as cells.
 */
export const BY_DESIGN: Record<string, string> = {
  'Query.node': 'takes a global id, not a row id: the node cells check the global id of every Node type',
  'Query.invitation': 'the id is the invitee\'s secret: describing an invitation needs no sign-in (README: Invitations)',
  'Mutation.acceptInvitation': 'the id is the invitee\'s secret: accepting needs no sign-in (README: Invitations)',
};

/**
 * Values for arguments where the generated minimum is not valid input; a function gets the caller's
 * own row ids (`own('Team')`), so that only the id under test is someone else's.
 */
export const ARG_VALUES: Record<string, Record<string, unknown | ((own: (type: string) => string) => unknown)>> = {
  createQueryResultExport: { format: 'CSV', compression: 'NONE' },
  addChatReaction: { emoji: '👍' },
  removeChatReaction: { emoji: '👍' },
  routeToAgent: { message: { text: 'x' } },
  routeToProjectAgents: { message: { text: 'x' } },
  updateWorkspaceCells: { edits: [{ rowKey: { region: 'north' }, column: 'amount', newValue: '1' }] },
  activateJobVersion: { version: 1 },
  moveWorkspaceChart: { position: 0 },
  createConnection: { input: { name: 'x', sourceType: 'mysql', config: {} } },
  createCatalog: { input: { name: 'x', provider: 'local' } },
  createSavedQuery: { input: { name: 'x', sql: 'select 1' } },
  sendChatMessage: { input: { bodyText: 'x' } },
  createCluster: { input: (own: (type: string) => string) => ({ name: 'x', connectionId: own('CloudConnection'), networkId: own('CloudNetwork') }) },
  createJob: { input: (own: (type: string) => string) => ({ name: 'x', teamIds: [own('Team')], queryIds: [own('SavedQuery')] }) },
  createWorkloadConfig: { input: { name: 'x', workloadType: 'marimo' } },
  createNotificationChannel: { input: { name: 'x', type: 'in_app' } },
  createNotificationRule: {
    input: (own: (type: string) => string) => ({ name: 'x', eventTypes: ['job_run.succeeded'], scopeType: 'resource', resourceType: 'job', resourceId: own('Job'), channelIds: [own('NotificationChannel')] }),
  },
  createAgent: { input: (own: (type: string) => string) => ({ name: 'x', protocol: 'A2A', endpointUrl: 'http://127.0.0.1:9/x', projectId: own('Project') }) },
};

/** B's rows an input-reference call needs beyond the ids it sends (a draft to update, an active network). */
export const INPUT_REFERENCE_NEEDS: Record<string, string[]> = {
  updateJobDraft: ['JobDraft'],
  createCluster: ['ProvisionedCluster'],
  createJob: ['Team', 'SavedQuery'],
  createNotificationRule: ['Job', 'NotificationChannel'],
  createAgent: ['Project'],
};

/** A change by A that each subscription pushes to A (so a silent B proves something). */
export const SUBSCRIPTION_TRIGGERS: Record<string, (f: FixtureContext) => Promise<unknown>> = {
  chatMessageAdded: async (f) => f.asOwner(`mutation($r: ID!) { sendChatMessage(roomId: $r, input: { bodyText: "again" }) { id } }`, { r: await f.need('ChatRoom') }),
  chatTyping: async (f) => gql(f.server, f.values['ChatPeer.token'], `mutation($r: ID!) { sendTyping(roomId: $r) }`, { r: await f.need('ChatRoom') }),
  clusterChanged: async (f) => f.asOwner(`mutation($n: String!) { createCluster(input: { name: $n }) { id } }`, { n: `more-of-a-${Date.now()}-${Math.random()}` }),
  jobRunUpdated: async (f) => f.asOwner(`mutation($j: ID!) { createJobRun(jobId: $j, input: { hold: true }) { id } }`, { j: await f.need('Job') }),
  notebookChanged: async (f) => f.asOwner(`mutation($n: ID!) { updateNotebook(notebookId: $n, input: { description: "changed" }) { id } }`, { n: await f.need('Notebook') }),
  notificationDelivered: async (f) => f.asOwner(`mutation($c: ID!) { testNotificationChannel(id: $c) { id } }`, { c: await f.need('NotificationChannel') }),
  projectChanged: async (f) => f.asOwner(`mutation($p: ID!) { updateProject(id: $p, input: { description: "changed" }) { id } }`, { p: await f.need('Project') }),
  workspaceChanged: async (f) => f.asOwner(`mutation($w: ID!) { updateWorkspace(id: $w, input: { description: "changed" }) { id } }`, { w: await f.need('Workspace') }),
};

/**
 * Undoes what an accepted input-reference call of B's created when it would block the next call
 * (one draft per job), so the call with A's id and the one with an unknown id meet the same state.
 */
export const INPUT_REFERENCE_UNDO: Record<string, (b: FixtureContext) => Promise<unknown>> = {
  createJobDraft: async (b) => b.asOwner(`mutation($j: ID!) { discardJobDraft(jobId: $j) { id } }`, { j: await b.need('Job') }),
};

/** What a REST path parameter names: a type (its id), a value of A's row (`Type.field`), or a fixed value. */
export type RestParam = string | { value: string };

/** Per profile: path parameter → what it names; `id` and other generic names per path prefix. */
export const REST_PARAMS: Record<string, Record<string, RestParam>> = {
  athena: { room_id: 'ChatRoom', message_id: 'ChatMessage', user_id: 'User', emoji: { value: '👍' }, '/admin/webhooks/{id}': 'Webhook' },
  datacovey: {
    agent_id: 'Agent', approval_id: 'Approval', dataset_id: 'ProjectDataset', export_id: 'QueryResultExport', job_id: 'QueryRun', project_id: 'Project',
    query_id: 'SavedQuery', table_id: 'Table', tenant_id: 'Tenant', user_id: 'User', '/import-jobs/{job_id}': 'TableImportJob', '/export-jobs/{job_id}': 'TableJob',
  },
  hotdata: {
    connection_id: 'DataConnection', name: 'Secret.name',
    '/queries/{id}': 'SavedQuery', '/datasets/{id}': 'Dataset', '/query-runs/{id}': 'QueryRun', '/results/{id}': 'QueryResult', '/jobs/{id}': 'Operation',
  },
  lakesail: {
    catalogId: 'Catalog', cellId: 'NotebookCell', channelId: 'NotificationChannel', clusterId: 'Cluster', connectionId: 'CloudConnection', invitationId: 'Invitation',
    jobId: 'Job', memberId: 'User', networkId: 'CloudNetwork', notebookId: 'Notebook', operationId: 'Operation', queryId: 'SavedQuery', roleId: 'RoleDefinition',
    ruleId: 'NotificationRule', runId: 'JobRun', secretId: 'Secret', sessionId: 'ComputeSession', teamId: 'Team', userId: 'User', version: { value: '1' },
    workloadConfigId: 'WorkloadConfig', '/clusters/provisioned/{clusterId}': 'ProvisionedCluster', '/connections/{connectionId}/clusters/{clusterId}': 'ProvisionedCluster',
  },
  workspaces: { workspaceId: 'Workspace', chartId: 'WorkspaceChart', runId: 'WorkspaceRun', sessionId: 'WorkspaceSession', '/workspaces/{workspaceId}/tasks/{id}': 'WorkspaceBoundTask' },
};

/** Request bodies where the smallest one the route's JSON schema accepts is not valid input. */
export const REST_BODIES: Record<string, unknown> = {
  'workspaces PATCH /workspaces/{workspaceId}/data/cells': { edits: [{ column: 'amount', rowKey: { region: 'north' }, newValue: 1 }] },
};

/**
 * Answers other than NOT_FOUND that the design gives before any row is looked up (so they are the
 * same for any id and say nothing about A's rows; the test checks that too).
 */
export const FORBIDDEN_BY_DESIGN: Record<string, string> = {
  'Mutation.deleteTenant': 'only a Platform admin deletes tenants (README: Tokens, roles)',
  'datacovey DELETE /tenants/{tenant_id}': 'only a Platform admin deletes tenants (README: Tokens, roles)',
};

/** Lists whose rows A does not see itself, so the "A sees its row" half of the cell is skipped. */
export const LISTED_BY_OTHERS: Record<string, string> = {
  sharedProjects: 'lists projects shared with the caller: A\'s share is listed by the invited tenant',
};

/** REST routes a caller without the row may use by design (not counted as cells). */
export const REST_BY_DESIGN: Record<string, string> = {
  'hotdata GET /connection-types/{name}': 'the built-in catalogue of connection types, the same for every tenant',
  'lakesail GET /roles/organization/{roleId}': 'the built-in role catalogue, the same for every tenant',
  'lakesail GET /roles/team/{roleId}': 'the built-in role catalogue, the same for every tenant',
  'lakesail GET /invitations/{invitationId}': 'the id is the invitee\'s secret: describing an invitation needs no sign-in',
  'lakesail POST /invitations/{invitationId}/accept': 'the id is the invitee\'s secret: accepting needs no sign-in',
};
