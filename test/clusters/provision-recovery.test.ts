import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import { bootstrapTenants, subgraphs } from '../../subgraphs';
import { loadConfig } from '../../src/config';
import { startServer } from '../../src/server';
import { QueuedSubscription } from '../support/clients';
import { startServerProcess } from '../support/process';
import { freshDatabase } from '../support/server';
import { CLUSTER_EVENTS, untilClusterEvent } from './support';

function watch(url: string, token: string, variables: Record<string, unknown>) {
  const client = createClient({ url: url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: false, connectionParams: { Authorization: `Bearer ${token}` }, onNonLazyError: () => {} });
  const events = new QueuedSubscription();
  events.dispose = client.subscribe({ query: CLUSTER_EVENTS, variables }, { next: (value) => events.push(value), error: () => {}, complete: () => {} });
  return { client, events };
}

/** The process provisioning a cluster is killed mid-phase: another process resumes from the persisted progress and finishes. */
describe('provisioning survives a killed process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dataplane-cluster-recovery-'));
  let child: ChildProcessWithoutNullStreams | undefined;
  let drop: (() => Promise<void>) | undefined;
  afterAll(async () => {
    child?.kill('SIGKILL');
    await drop?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('resumes at the phase step it stopped in and ends active', async () => {
    const database = await freshDatabase();
    drop = database?.drop;
    const env = { DATA_DIR: dataDir, JWT_SECRET: 'cluster-recovery-secret-'.padEnd(48, 'x'), TASK_LEASE_MS: '1000', CLUSTER_STEP_MS: '600', ...(database ? { DATABASE_URL: database.url } : {}) };
    const first = await startServerProcess(env, 90_000);
    child = first.child;
    const headers = { authorization: `Bearer ${first.token}`, 'content-type': 'application/json' };
    const gqlAt = async (url: string, query: string, variables?: Record<string, unknown>) => {
      const body = (await (await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) })).json()) as any;
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data;
    };
    const connectionId = (await gqlAt(first.url, `mutation { createCloudConnection(input: { name: "acct", region: "us-east-1" }) { id } }`)).createCloudConnection.id;
    await gqlAt(first.url, `mutation($id: ID!) { verifyCloudConnection(id: $id) { status } }`, { id: connectionId });
    const networkId = (await gqlAt(first.url, `mutation($c: ID!) { createCloudNetwork(input: { name: "vpc", connectionId: $c }) { id } }`, { c: connectionId })).createCloudNetwork.id;
    await gqlAt(first.url, `mutation($id: ID!) { provisionCloudNetwork(id: $id) { operationId } }`, { id: networkId });
    for (let i = 0; i < 100; i++) {
      if ((await gqlAt(first.url, `query($id: ID!) { cloudNetwork(id: $id) { status } }`, { id: networkId })).cloudNetwork.status === 'active') break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const clusterId = (await gqlAt(first.url, `mutation($input: CreateClusterInput!) { createCluster(input: $input) { id } }`, { input: { name: 'survivor', connectionId, networkId } })).createCluster.id;

    const before = watch(first.url, first.token, { clusterId });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { operationId } = (await gqlAt(first.url, `mutation($id: ID!) { provisionCluster(id: $id) { operationId } }`, { id: clusterId })).provisionCluster;
    // Killed after the first step of control_plane (two steps) was saved.
    const seenBefore = await untilClusterEvent(before.events, 'phase_progress');
    expect(seenBefore.map((e) => `${e.type}:${e.phase ?? ''}`)).toEqual(['provisioning:', 'phase_started:validating', 'phase_completed:validating', 'phase_started:control_plane', 'phase_progress:control_plane']);
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    child = undefined;

    const config = loadConfig({ ...process.env, ...env }, { port: 0, host: '127.0.0.1', logLevel: 'silent', databaseUrl: database?.url });
    const next = await startServer(config, subgraphs, { bootstrapper: bootstrapTenants });
    try {
      const after = watch(next.url, first.token, { clusterId, after: seenBefore.at(-1).cursor });
      const seenAfter = await untilClusterEvent(after.events, 'active', 60_000);
      // The task's lease ran out, another runner took it, and the phase went on from its saved step: nothing done is done again.
      expect(seenAfter.map((e) => `${e.type}:${e.phase ?? ''}`)).toEqual([
        'phase_completed:control_plane', 'phase_started:node_groups', 'phase_progress:node_groups', 'phase_completed:node_groups',
        'phase_started:addons', 'phase_completed:addons', 'active:',
      ]);
      const done = await fetch(next.url, { method: 'POST', headers, body: JSON.stringify({ query: `query($id: ID!, $op: ID!) { cluster(id: $id) { status phases { status stepsDone steps } } operation(id: $op) { status attempts } }`, variables: { id: clusterId, op: operationId } }) });
      const data = ((await done.json()) as any).data;
      expect(data.cluster.status).toBe('active');
      expect(data.cluster.phases.every((p: any) => p.status === 'done' && p.stepsDone === p.steps)).toBe(true);
      expect(data.operation).toEqual({ status: 'succeeded', attempts: 2 });
      after.events.dispose();
      await after.client.dispose();
    } finally {
      await next.close();
    }
  }, 120_000);
});
