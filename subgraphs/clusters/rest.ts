import { NotFoundError } from '../../src/errors';
import { lakesailDirection, lakesailList, lakesailTokenList, PAGE_LIMIT_QUERY, pageFromPageLimit, pageFromToken, TOKEN_LIMIT_QUERY } from '../../src/rest/lakesail';
import { defineRoute, type JsonSchema, type RestRequest, type RestRoute } from '../../src/rest/route';
import {
  LakesailClusterDocument, LakesailClusterHealthDocument, LakesailClusterKubeconfigDocument, LakesailClusterMetricsDocument, LakesailClustersDocument,
  LakesailConnectionDocument, LakesailConnectionsDocument, LakesailCreateClusterDocument, LakesailCreateConnectionDocument, LakesailCreateNetworkDocument,
  LakesailDeleteClusterDocument, LakesailDeleteConnectionDocument, LakesailDeleteNetworkDocument, LakesailDestroyClusterDocument, LakesailDestroyNetworkDocument,
  LakesailNetworkDocument, LakesailNetworksDocument, LakesailProvisionClusterDocument, LakesailProvisionNetworkDocument, LakesailUpdateClusterDocument,
  LakesailVerifyConnectionDocument, type LakesailClusterFragment, type NodeGroupInput,
} from '../../src/generated/operations';

/** A route of the lakesail profile under `tag`. */
function route<TData, TVariables>(tag: string, r: Omit<RestRoute<TData, TVariables>, 'profile' | 'tag'>): RestRoute {
  return defineRoute<TData, TVariables>({ profile: 'lakesail', tag, ...r });
}

const NODE_GROUP: JsonSchema = {
  type: 'object', required: ['name', 'instanceType', 'desiredSize'],
  properties: { name: { type: 'string' }, instanceType: { type: 'string' }, desiredSize: { type: 'integer' }, minSize: { type: ['integer', 'null'] }, maxSize: { type: ['integer', 'null'] } },
};
const nodeGroupsOf = (body: Record<string, unknown>) => (body.nodeGroups as NodeGroupInput[] | null | undefined) ?? null;
const idOf = (req: RestRequest) => ({ id: req.params.clusterId });

/** A provisioned cluster ("External cluster" in lakesail), optionally of the connection in the path; another is NOT_FOUND. */
function provisioned(cluster: LakesailClusterFragment, req: RestRequest): LakesailClusterFragment {
  if (cluster.kind !== 'provisioned' || (req.params.connectionId && cluster.connectionId !== req.params.connectionId)) throw new NotFoundError('Provisioned cluster', cluster.id);
  return cluster;
}

/** The answer of a long action: its async operation (poll `GET /operations/{operationId}`) and the record as it is now. */
const started = <T>(result: { operationId: string } & T) => result;

/** Describe/health/kubeconfig/metrics of a provisioned cluster check the kind first, so the path says which clusters it serves. */
const provisionedOnly = (path: string, summary: string) =>
  route('clusters', {
    method: 'get', path, summary,
    operation: LakesailClusterDocument,
    variables: idOf,
    response: (data, req) => provisioned(data.cluster, req),
  });

/** lakesail clusters (accessible and provisioned), cloud connections and networks, under `/lakesail/api/v1`. */
export const restLakesailClusterRoutes: RestRoute[] = [
  route('clusters', {
    method: 'get', path: '/clusters/mine', summary: 'List my clusters',
    query: { ...PAGE_LIMIT_QUERY, sort: { type: 'string', enum: ['name'], default: 'name' } },
    operation: LakesailClustersDocument,
    variables: (req) => ({ ...pageFromPageLimit(req), filter: { sortBy: 'NAME' as const, direction: lakesailDirection(req) } }),
    response: (data, req) => lakesailList(req, data.clusters, (c) => c),
  }),
  route('clusters', {
    method: 'post', path: '/clusters', summary: 'Register a cluster', status: 201,
    body: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, description: { type: ['string', 'null'] }, endpoint: { type: ['string', 'null'] }, kubernetesVersion: { type: ['string', 'null'] }, teamIds: { type: 'array', items: { type: 'string' } } } },
    operation: LakesailCreateClusterDocument,
    variables: (req) => ({
      input: {
        name: String(req.body.name), kind: 'registered', description: (req.body.description as string | null) ?? null, endpoint: (req.body.endpoint as string | null) ?? null,
        kubernetesVersion: (req.body.kubernetesVersion as string | null) ?? null, teamIds: (req.body.teamIds as string[] | undefined) ?? null,
      },
    }),
  }),
  route('clusters', {
    method: 'get', path: '/clusters/provisioned', summary: 'List provisioned clusters', query: TOKEN_LIMIT_QUERY,
    operation: LakesailClustersDocument,
    variables: (req) => ({ ...pageFromToken(req), filter: { kind: 'provisioned' } }),
    response: (data) => lakesailTokenList(data.clusters, (c) => c),
  }),
  provisionedOnly('/clusters/provisioned/{clusterId}', 'Describe a provisioned cluster'),
  route('clusters', {
    method: 'delete', path: '/clusters/provisioned/{clusterId}', summary: 'Delete a provisioned cluster record', status: 204,
    operation: LakesailDeleteClusterDocument,
    variables: idOf,
  }),
  route('clusters', {
    method: 'post', path: '/clusters/provisioned/{clusterId}/destroy', summary: 'Destroy a provisioned cluster', status: 202,
    operation: LakesailDestroyClusterDocument,
    variables: idOf,
    response: (data) => started(data.destroyCluster),
  }),
  route('clusters', {
    method: 'get', path: '/clusters/provisioned/{clusterId}/health', summary: 'Get provisioned cluster health status',
    operation: LakesailClusterHealthDocument,
    variables: idOf,
  }),
  route('clusters', {
    method: 'get', path: '/clusters/provisioned/{clusterId}/kubeconfig', summary: 'Get provisioned cluster kubeconfig',
    operation: LakesailClusterKubeconfigDocument,
    variables: idOf,
    response: (data, req) => ({ clusterId: req.params.clusterId, kubeconfig: data.clusterKubeconfig }),
  }),
  route('clusters', {
    method: 'get', path: '/clusters/provisioned/{clusterId}/metrics', summary: 'Get provisioned cluster metrics',
    query: { period: { type: 'string', enum: ['1h', '24h', '7d'], default: '1h' } },
    operation: LakesailClusterMetricsDocument,
    variables: (req) => ({ id: req.params.clusterId, period: req.query.period ?? '1h' }),
  }),
  route('clusters', {
    method: 'get', path: '/clusters/{clusterId}', summary: 'Describe an accessible cluster',
    operation: LakesailClusterDocument,
    variables: idOf,
  }),
  route('clusters', {
    method: 'post', path: '/clusters/{clusterId}/provision', summary: 'Provision a cluster', status: 202,
    operation: LakesailProvisionClusterDocument,
    variables: idOf,
    response: (data) => started(data.provisionCluster),
  }),
  route('clusters', {
    method: 'get', path: '/connections/{connectionId}/clusters', summary: 'List provisioned clusters by connection', query: TOKEN_LIMIT_QUERY,
    operation: LakesailClustersDocument,
    variables: (req) => ({ ...pageFromToken(req), filter: { kind: 'provisioned', connectionId: req.params.connectionId } }),
    response: (data) => lakesailTokenList(data.clusters, (c) => c),
  }),
  route('clusters', {
    method: 'post', path: '/connections/{connectionId}/clusters', summary: 'Create a provisioned cluster', status: 201,
    body: {
      type: 'object', required: ['name', 'networkId'],
      properties: { name: { type: 'string' }, description: { type: ['string', 'null'] }, networkId: { type: 'string' }, kubernetesVersion: { type: ['string', 'null'] }, nodeGroups: { type: 'array', items: NODE_GROUP }, teamIds: { type: 'array', items: { type: 'string' } } },
    },
    operation: LakesailCreateClusterDocument,
    variables: (req) => ({
      input: {
        name: String(req.body.name), kind: 'provisioned', connectionId: req.params.connectionId, networkId: String(req.body.networkId), description: (req.body.description as string | null) ?? null,
        kubernetesVersion: (req.body.kubernetesVersion as string | null) ?? null, nodeGroups: nodeGroupsOf(req.body), teamIds: (req.body.teamIds as string[] | undefined) ?? null,
      },
    }),
  }),
  provisionedOnly('/connections/{connectionId}/clusters/{clusterId}', 'Describe a provisioned cluster by connection'),
  route('clusters', {
    method: 'patch', path: '/connections/{connectionId}/clusters/{clusterId}', summary: 'Update a provisioned cluster', status: 202,
    body: { type: 'object', properties: { kubernetesVersion: { type: ['string', 'null'] }, nodeGroups: { type: 'array', items: NODE_GROUP } } },
    operation: LakesailUpdateClusterDocument,
    variables: (req) => ({ id: req.params.clusterId, input: { kubernetesVersion: (req.body.kubernetesVersion as string | null) ?? null, nodeGroups: nodeGroupsOf(req.body) } }),
    response: (data, req) => started({ ...data.updateCluster, cluster: provisioned(data.updateCluster.cluster, req) }),
  }),

  route('connections', {
    method: 'get', path: '/connections', summary: 'List cloud accounts', query: TOKEN_LIMIT_QUERY,
    operation: LakesailConnectionsDocument,
    variables: pageFromToken,
    response: (data) => lakesailTokenList(data.cloudConnections, (c) => c),
  }),
  route('connections', {
    method: 'post', path: '/connections', summary: 'Create a cloud account', status: 201,
    body: { type: 'object', required: ['name', 'region'], properties: { name: { type: 'string' }, provider: { type: ['string', 'null'] }, region: { type: 'string' }, accountId: { type: ['string', 'null'] } } },
    operation: LakesailCreateConnectionDocument,
    variables: (req) => ({ input: { name: String(req.body.name), provider: (req.body.provider as string | null) ?? null, region: String(req.body.region), accountId: (req.body.accountId as string | null) ?? null } }),
  }),
  route('connections', {
    method: 'get', path: '/connections/{connectionId}', summary: 'Describe a cloud account',
    operation: LakesailConnectionDocument,
    variables: (req) => ({ id: req.params.connectionId }),
  }),
  route('connections', {
    method: 'delete', path: '/connections/{connectionId}', summary: 'Delete a cloud account', status: 204,
    operation: LakesailDeleteConnectionDocument,
    variables: (req) => ({ id: req.params.connectionId }),
  }),
  route('connections', {
    method: 'post', path: '/connections/{connectionId}/verify', summary: 'Verify a cloud account',
    operation: LakesailVerifyConnectionDocument,
    variables: (req) => ({ id: req.params.connectionId }),
  }),

  route('networks', {
    method: 'get', path: '/networks', summary: 'List cloud networks', query: TOKEN_LIMIT_QUERY,
    operation: LakesailNetworksDocument,
    variables: (req) => ({ ...pageFromToken(req), connectionId: null }),
    response: (data) => lakesailTokenList(data.cloudNetworks, (n) => n),
  }),
  route('networks', {
    method: 'get', path: '/connections/{connectionId}/networks', summary: 'List cloud networks by connection', query: TOKEN_LIMIT_QUERY,
    operation: LakesailNetworksDocument,
    variables: (req) => ({ ...pageFromToken(req), connectionId: req.params.connectionId }),
    response: (data) => lakesailTokenList(data.cloudNetworks, (n) => n),
  }),
  route('networks', {
    method: 'post', path: '/connections/{connectionId}/networks', summary: 'Create a cloud network', status: 201,
    body: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, region: { type: ['string', 'null'] }, cidrBlock: { type: ['string', 'null'] }, subnets: { type: 'array', items: { type: 'string' } } } },
    operation: LakesailCreateNetworkDocument,
    variables: (req) => ({
      input: {
        name: String(req.body.name), connectionId: req.params.connectionId, region: (req.body.region as string | null) ?? null, cidrBlock: (req.body.cidrBlock as string | null) ?? null,
        subnets: (req.body.subnets as string[] | undefined) ?? null,
      },
    }),
  }),
  route('networks', {
    method: 'get', path: '/networks/{networkId}', summary: 'Describe a cloud network',
    operation: LakesailNetworkDocument,
    variables: (req) => ({ id: req.params.networkId }),
  }),
  route('networks', {
    method: 'delete', path: '/networks/{networkId}', summary: 'Delete a cloud network record', status: 204,
    operation: LakesailDeleteNetworkDocument,
    variables: (req) => ({ id: req.params.networkId }),
  }),
  route('networks', {
    method: 'post', path: '/networks/{networkId}/provision', summary: 'Provision a cloud network', status: 202,
    operation: LakesailProvisionNetworkDocument,
    variables: (req) => ({ id: req.params.networkId }),
    response: (data) => started(data.provisionCloudNetwork),
  }),
  route('networks', {
    method: 'post', path: '/networks/{networkId}/destroy', summary: 'Destroy a cloud network', status: 202,
    operation: LakesailDestroyNetworkDocument,
    variables: (req) => ({ id: req.params.networkId }),
    response: (data) => started(data.destroyCloudNetwork),
  }),
];
