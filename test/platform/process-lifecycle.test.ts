import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { freshDatabase } from '../support/server';
import { startServerProcess } from '../support/process';


/** What `npm start` does on a fresh machine: first start bootstraps, prints a token, serves; SIGTERM drains. */
describe('the service process (node dist/main.js)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dataplane-process-'));
  let child: ChildProcessWithoutNullStreams | undefined;
  let drop: (() => Promise<void>) | undefined;
  afterAll(async () => {
    child?.kill('SIGKILL');
    await drop?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts on an empty database, prints a working token, and shuts down cleanly on SIGTERM', async () => {
    const database = await freshDatabase();
    drop = database?.drop;
    const started = Date.now();
    const ready = await startServerProcess({ DATA_DIR: dataDir, ...(database ? { DATABASE_URL: database.url } : {}) });
    child = ready.child;
    console.log(`process start to token printed: ${Date.now() - started} ms`);
    const response = await fetch(ready.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ready.token}` },
      body: JSON.stringify({ query: '{ me { email role tenant { name } } }' }),
    });
    expect(await response.json()).toEqual({ data: { me: { email: 'admin@localhost', role: 'ORG_ADMIN', tenant: { name: 'default' } } } });

    const wsClosed = new Promise<number>((resolve) => {
      const client = createClient({
        url: ready.url.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        connectionParams: { Authorization: `Bearer ${ready.token}` },
        on: { closed: (event) => resolve((event as { code: number }).code) },
      });
      client.subscribe({ query: 'subscription { projectChanged { projectId } }' }, { next: () => {}, error: () => {}, complete: () => {} });
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(await wsClosed).toBeGreaterThanOrEqual(1000);
    expect(ready.output()).toMatch(/SIGTERM: draining/);
    child = undefined;
  });
});
