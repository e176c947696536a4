import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runUntilExit } from '../support/process';

/**
 * A start with a database or Redis it cannot use stops at once: exit code 1 and one line that names
 * the variable to fix, never a stack trace and never a silent fallback to SQLite.
 */
describe('starting with a bad DATABASE_URL or REDIS_URL', { timeout: 120_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dataplane-bad-env-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const refused = async (env: Record<string, string>, variable: string, reason: RegExp) => {
    const { code, output } = await runUntilExit(['serve'], { DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '', ...env });
    expect(code, output).toBe(1);
    const lines = output.trim().split('\n');
    expect(lines, output).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^${variable}\\b`));
    expect(lines[0]).toMatch(reason);
    expect(output).not.toMatch(/^\s+at /m);
    return lines[0];
  };

  it('refuses a DATABASE_URL that is neither PostgreSQL nor SQLite', async () => {
    await refused({ DATABASE_URL: 'mysql://root:secret@127.0.0.1:3306/dataplane' }, 'DATABASE_URL', /PostgreSQL.*"mysql:" is not supported/);
    await refused({ DATABASE_URL: 'not a url' }, 'DATABASE_URL', /must be a PostgreSQL URL/);
    await refused({ DATABASE_URL: 'postgres://[broken' }, 'DATABASE_URL', /not a valid URL/);
  });

  it('names DATABASE_URL when PostgreSQL is unreachable, without printing the password', async () => {
    const line = await refused({ DATABASE_URL: 'postgres://dataplane:hunter2@127.0.0.1:1/dataplane' }, 'DATABASE_URL', /cannot connect to PostgreSQL at 127\.0\.0\.1:1\/dataplane/);
    expect(line).not.toContain('hunter2');
  });

  it('names REDIS_URL when Redis is unreachable or the URL is not Redis', async () => {
    await refused({ REDIS_URL: 'redis://127.0.0.1:1' }, 'REDIS_URL', /cannot connect to Redis at 127\.0\.0\.1:1/);
    await refused({ REDIS_URL: 'http://127.0.0.1:6379' }, 'REDIS_URL', /must be a Redis URL/);
  });
});
