import type { SubgraphModule } from '../../src/federation/module';
import { CloudConnection, CloudNetwork, Cluster, HostMetricSample } from './entities';
import { ClusterResolver } from './clusters.resolver';

/** Clusters: registered and provisioned clusters, their lifecycle on a driver, health and metrics; the cloud connections and networks they are provisioned through. */
export const clustersModule: SubgraphModule = {
  name: 'clusters',
  resolvers: [ClusterResolver],
  entities: [Cluster, CloudConnection, CloudNetwork, HostMetricSample],
};
