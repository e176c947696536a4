import { auditServer } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server';

/**
 * The GraphQL-over-HTTP spec audit (graphql-http's own) against the running server. Every MUST
 * passes; SHOULDs that do not are listed here with the reason, so a new one fails the test.
 */
const KNOWN_SHOULD_GAPS: Record<string, string> = {
  // The legacy `application/json` response type asks for 200 on requests that never execute.
  // Apollo Server (and this API's error table: BAD_USER_INPUT is 400, for REST callers too) answers
  // 400, which the spec requires for `application/graphql-response+json`; clients that accept it get
  // the spec's own status, and the MUSTs for both media types pass.
  '572B': 'document parsing failure answers 400, not 200, with application/json',
  FDE2: 'document validation failure answers 400, not 200, with application/json',
  '7B9B': 'variable coercion failure answers 400, not 200, with application/json',
};

describe('GraphQL over HTTP spec audit', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it('passes every MUST; the SHOULDs it misses are the known ones', async () => {
    const results = await auditServer({ url: server.url });
    const count = (level: string, status?: string) =>
      results.filter((r) => r.name.startsWith(level) && (status ? r.status === status : true)).length;
    const failing = await Promise.all(
      results
        .filter((r) => r.status !== 'ok')
        .map(async (r) => `${r.name} [${r.id}] ${r.status}: ${'reason' in r ? r.reason : ''}`),
    );
    console.log(
      `graphql-http audit: MUST ${count('MUST', 'ok')}/${count('MUST')} passed, SHOULD ${count('SHOULD', 'ok')}/${count('SHOULD')} passed, MAY ${count('MAY', 'ok')}/${count('MAY')} passed`,
    );
    for (const line of failing) console.log(`  not passing: ${line}`);
    expect(results.filter((r) => r.name.startsWith('MUST') && r.status !== 'ok').map((r) => r.name)).toEqual([]);
    const shouldGaps = results.filter((r) => r.name.startsWith('SHOULD') && r.status !== 'ok').map((r) => r.id);
    expect(shouldGaps.sort()).toEqual(Object.keys(KNOWN_SHOULD_GAPS).sort());
  }, 120_000);
});
