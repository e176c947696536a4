import type { SubgraphModule } from '../../src/federation/module';
import { CloudConnection, CloudNetwork, Cluster, HostMetricSample } from './entities';
import { ClusterResolver } from './clusters.resolver';
import { CloudResolver } from './cloud.resolver';
import { hostMetricsSampler } from './drivers/local';
import { INFRA_TASKS, infraTask } from './lifecycle';
import { restLakesailClusterRoutes } from './rest';

/** Clusters: registered and provisioned clusters, their lifecycle on a driver, health and metrics; the cloud connections and networks they are provisioned through. */
export const clustersModule: SubgraphModule = {
  name: 'clusters',
  resolvers: [ClusterResolver, CloudResolver],
  entities: [Cluster, CloudConnection, CloudNetwork, HostMetricSample],
  restRoutes: restLakesailClusterRoutes,
  tasks: Object.fromEntries(INFRA_TASKS.map((kind) => [kind, infraTask])),
  periodic: [hostMetricsSampler],
};
