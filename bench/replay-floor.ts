/**
 * The floor for replay (bench/cost-growth.ts): a bare graphql-ws server over the same database
 * file, streaming the event log a page at a time with hand-written SQL to a one-field
 * subscription. No ORM, auth, limits or federation: what a replay costs at the least here.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'libsql';
import { buildSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';

const PAGE = 500;

export async function startReplayFloor(databaseFile: string): Promise<{ wsUrl: string; close: () => Promise<void> }> {
  const db = new Database(databaseFile, { readonly: true });
  const read = db.prepare('select id, type, subject_id from event_log where tenant_id = ? and topic = ? and id > ? order by id limit ?');
  const schema = buildSchema(`
    type ProjectChangeEvent { cursor: String! type: String! projectId: ID! }
    type Query { ok: Boolean }
    type Subscription { projectChanged(tenantId: ID!, after: String): ProjectChangeEvent! }
  `);
  const subscription = schema.getSubscriptionType()!.getFields().projectChanged;
  subscription.subscribe = async function* (_root, args: { tenantId: string; after?: string }) {
    let after = args.after ?? '0';
    for (;;) {
      const rows = read.all(args.tenantId, 'project', after, PAGE) as { id: number; type: string; subject_id: string }[];
      for (const row of rows) yield { cursor: String(row.id), type: row.type, projectId: row.subject_id };
      if (rows.length < PAGE) return;
      after = String(rows[rows.length - 1].id);
      // As the project's replay does: let the event loop turn between pages.
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  subscription.resolve = (event) => event;
  const http: Server = createServer();
  const wss = new WebSocketServer({ server: http, path: '/graphql' });
  const cleanup = useServer({ schema }, wss);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    wsUrl: `ws://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`,
    async close() {
      await cleanup.dispose();
      http.close();
      db.close();
    },
  };
}
