import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { freshDatabase } from '../support/server';
import { startServerProcess, type ServerProcess } from '../support/process';

const WORKERS = 16;

interface Outcome {
  name: string;
  sentAt: number;
  answeredAt?: number;
  status?: number;
  committed?: boolean;
  error?: string;
}

/**
 * SIGTERM while clients write: the process stops accepting, answers every request it had taken,
 * closes WebSockets with 1001 and exits 0; every write that was answered with success is in the
 * database when it starts again.
 */
describe('graceful shutdown under load', () => {
  const dataDirs: string[] = [];
  let children: ChildProcessWithoutNullStreams[] = [];
  let drop: (() => Promise<void>) | undefined;
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await drop?.();
    for (const dataDir of dataDirs) rmSync(dataDir, { recursive: true, force: true });
  });

  // No retry: on a loaded machine this used to catch connections reset in the accept queue (see
  // HttpDrain). The timeout sits in the options: Vitest ignores a trailing number when options are given.
  it('loses no committed write, answers every in-flight request and closes sockets with 1001', { timeout: 240_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dataplane-shutdown-'));
    dataDirs.push(dataDir);
    const database = await freshDatabase();
    drop = database?.drop;
    const env = { DATA_DIR: dataDir, ...(database ? { DATABASE_URL: database.url } : {}) };
    const first: ServerProcess = await startServerProcess(env, 60_000);
    children.push(first.child);
    const base = first.url.replace(/\/graphql$/, '');
    const auth = { authorization: `Bearer ${first.token}` } as Record<string, string>;

    const wsCodes: number[] = [];
    const wsClosed = Array.from({ length: 3 }, () =>
      new Promise<void>((resolve) => {
        const client = createClient({
          url: first.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0,
          connectionParams: { Authorization: `Bearer ${first.token}` },
          on: { closed: (event) => { wsCodes.push((event as { code: number }).code); resolve(); } },
        });
        client.subscribe({ query: 'subscription { projectChanged { projectId } }' }, { next: () => {}, error: () => {}, complete: () => {} });
      }),
    );

    let signalAt = 0;
    let sequence = 0;
    const outcomes: Outcome[] = [];
    // Half the writes over GraphQL, half over REST: both go through the same drain.
    const write = async (): Promise<Outcome> => {
      const name = `load-${sequence++}`;
      const viaRest = sequence % 2 === 0;
      const sentAt = Date.now();
      const outcome: Outcome = { name, sentAt };
      try {
        const response = viaRest
          ? await fetch(`${base}/api/v1/projects`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify({ name }) })
          : await fetch(first.url, {
              method: 'POST', headers: { 'content-type': 'application/json', ...auth },
              body: JSON.stringify({ query: 'mutation($name: String!) { createProject(input: { name: $name }) { id } }', variables: { name } }),
            });
        outcome.status = response.status;
        const body = (await response.json()) as { data?: { createProject?: { id: string } }; errors?: unknown[] };
        outcome.committed = viaRest ? response.status === 201 : !!body.data?.createProject?.id && !body.errors;
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        outcome.error = `${cause?.code ?? ''} ${cause?.message ?? String(error)}`;
      }
      outcome.answeredAt = Date.now();
      return outcome;
    };
    const exited = new Promise<number | null>((resolve) => first.child.once('exit', (code) => resolve(code)));
    let running = true;
    const workers = Array.from({ length: WORKERS }, async () => {
      while (running) {
        const outcome = await write();
        outcomes.push(outcome);
        if (outcome.error) break; // the server is gone for this client
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    signalAt = Date.now();
    first.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    running = false;
    await Promise.all(workers);
    await Promise.all(wsClosed);

    const committed = outcomes.filter((o) => o.committed);
    // Once draining, new connections are refused (ECONNREFUSED: nothing was sent, the client knows
    // to retry elsewhere); a request on an accepted connection must be answered, never reset.
    const lostInFlight = outcomes.filter((o) => o.error && !o.error.startsWith('ECONNREFUSED'));
    const refusedAfterSignal = outcomes.filter((o) => o.error?.startsWith('ECONNREFUSED'));
    const inFlightAtSignal = outcomes.filter((o) => o.sentAt < signalAt && o.answeredAt! >= signalAt && !o.error);
    const failed = outcomes.filter((o) => !o.error && !o.committed);
    console.log(
      `shutdown under load: ${outcomes.length} writes, ${committed.length} committed, ${inFlightAtSignal.length} in flight at SIGTERM answered, ` +
        `${failed.length} answered with an error, ${lostInFlight.length} in-flight lost, ${refusedAfterSignal.length} refused at/after SIGTERM ` +
        `(${[...new Set(refusedAfterSignal.map((o) => o.error))].join(', ')}), WS close codes ${[...new Set(wsCodes)].join(',')}`,
    );
    expect(lostInFlight.map((o) => `${o.name}: ${o.error} (sent ${signalAt - o.sentAt} ms before SIGTERM, failed ${o.answeredAt! - signalAt} ms after)`)).toEqual([]);
    expect(failed.map((o) => `${o.name}: ${o.status}`)).toEqual([]);
    expect(wsCodes).toEqual([1001, 1001, 1001]);
    expect(first.output()).not.toMatch(/internal error|unhandled/i);

    // Start again on the same data: every write that was answered with success is there.
    const second = await startServerProcess(env, 60_000, false);
    children.push(second.child);
    const names = new Set<string>();
    let after: string | null = null;
    for (;;) {
      const response = await fetch(second.url, {
        method: 'POST', headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify({ query: 'query($after: String) { projects(first: 500, after: $after) { nodes { name } pageInfo { hasNextPage endCursor } } }', variables: { after } }),
      });
      const page = ((await response.json()) as { data: { projects: { nodes: { name: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } }).data.projects;
      for (const node of page.nodes) names.add(node.name);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(committed.filter((o) => !names.has(o.name)).map((o) => o.name)).toEqual([]);
    second.child.kill('SIGTERM');
    await new Promise((resolve) => second.child.once('exit', resolve));
    children = [];
  });
});
