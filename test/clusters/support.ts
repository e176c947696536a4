import { expect } from 'vitest';
import { eventually, gqlOk, type QueuedSubscription } from '../support/clients';
import type { TestServer } from '../support/server';

export const CLUSTER_EVENTS = `subscription($clusterId: ID, $after: String) {
  clusterChanged(clusterId: $clusterId, after: $after) { cursor type clusterId status phase stepsDone steps message operationId }
}`;

/** Reads cluster events until one of `type`, returning all read (in order). */
export async function untilClusterEvent(sub: QueuedSubscription, type: string, timeoutMs = 30_000): Promise<any[]> {
  const seen: any[] = [];
  for (;;) {
    const message = await sub.next(timeoutMs);
    if (message.errors) throw new Error(JSON.stringify(message.errors));
    seen.push(message.data!.clusterChanged);
    if (seen[seen.length - 1].type === type) return seen;
  }
}

/** An active connection and an active network (provisioned on the driver), ready for provisioned clusters. */
export async function activeConnectionAndNetwork(server: TestServer, token: string): Promise<{ connectionId: string; networkId: string }> {
  const connection = await gqlOk(server, token, `mutation { createCloudConnection(input: { name: "prod account", region: "eu-west-1", accountId: "123456789012" }) { id status } }`);
  const connectionId = connection.createCloudConnection.id as string;
  expect(connection.createCloudConnection.status).toBe('pending');
  expect((await gqlOk(server, token, `mutation($id: ID!) { verifyCloudConnection(id: $id) { status verifiedAt } }`, { id: connectionId })).verifyCloudConnection.status).toBe('active');
  const network = await gqlOk(server, token, `mutation($input: CreateCloudNetworkInput!) { createCloudNetwork(input: $input) { id status region } }`, { input: { name: 'vpc', connectionId } });
  const networkId = network.createCloudNetwork.id as string;
  const started = await gqlOk(server, token, `mutation($id: ID!) { provisionCloudNetwork(id: $id) { operationId network { status } } }`, { id: networkId });
  expect(started.provisionCloudNetwork.network.status).toBe('provisioning');
  await eventually(async () => {
    const op = await gqlOk(server, token, `query($id: ID!) { operation(id: $id) { status } cloudNetwork(id: "${networkId}") { status } }`, { id: started.provisionCloudNetwork.operationId });
    return op.operation.status === 'succeeded' && op.cloudNetwork.status === 'active' ? true : undefined;
  }, 30_000);
  return { connectionId, networkId };
}
