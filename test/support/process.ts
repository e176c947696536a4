import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

/** The one entry point, as `npm start` runs it (built by `npm test`'s pretest). */
export const MAIN = join(__dirname, '..', '..', 'dist', 'main.js');

export interface ServerProcess {
  child: ChildProcessWithoutNullStreams;
  /** Everything it printed so far (stdout and stderr). */
  output: () => string;
  url: string;
  /** The bootstrap admin's token it printed on first start. */
  token: string;
}

/**
 * Starts `node dist/main.js serve` on a free port with `env` and waits until it prints its URL and
 * token (a first start on an empty database). With `firstStart: false` it waits for the URL only
 * (a restart prints no token; `token` is then empty).
 */
export async function startServerProcess(env: Record<string, string>, timeoutMs = 20_000, firstStart = true): Promise<ServerProcess> {
  const child = spawn(process.execPath, [MAIN, 'serve'], { env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env } });
  let printed = '';
  child.stdout.on('data', (chunk) => (printed += chunk));
  child.stderr.on('data', (chunk) => (printed += chunk));
  return new Promise<ServerProcess>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no token printed:\n${printed}`)), timeoutMs);
    child.stdout.on('data', () => {
      const url = /GraphQL API:\s+(\S+)/.exec(printed)?.[1];
      const token = /^\s+(eyJ\S+)$/m.exec(printed)?.[1];
      if (url && (token || !firstStart)) {
        clearTimeout(timer);
        resolve({ child, output: () => printed, url, token: token ?? '' });
      }
    });
  });
}

/** How `node dist/main.js <args>` ended when it was expected to refuse to start. */
export interface RefusedStart {
  code: number | null;
  /** Everything it printed (stdout and stderr). */
  output: string;
}

/** Runs `node dist/main.js <args>` with `env` and waits for it to exit (killed after `timeoutMs`: a start that does not fail). */
export function runUntilExit(args: string[], env: Record<string, string>, timeoutMs = 30_000): Promise<RefusedStart> {
  const child = spawn(process.execPath, [MAIN, ...args], { env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env } });
  let printed = '';
  child.stdout.on('data', (chunk) => (printed += chunk));
  child.stderr.on('data', (chunk) => (printed += chunk));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output: printed });
    });
  });
}
