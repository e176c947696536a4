/**
 * Start-to-first-answer and memory: the single process (`serve`) against `federated` (the gateway
 * and one process per subgraph), on the same database, measured as a user starts them (issue 17).
 *  1. `serve` on a fresh data folder: migrates, bootstraps, prints the admin's token (first start);
 *  2. `serve` again on that folder: the start every later run pays;
 *  3. `federated` on that folder.
 * Each time: from spawning to the first answer of `{ me { id } }` (polled every 100 ms), and the RSS
 * of every process then and 15 s later (for `federated`, the launcher's children; the launcher beside).
 * Run: `npm run bench:federated`. SQLite in a temporary folder (DATABASE_URL is ignored).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { mib } from './support';

const MAIN = join(__dirname, '..', 'main.js');
const PORT = 4600;
const BASE_PORT = 4610;
const SETTLE_MS = 15_000;

/** RSS of a process in bytes (0 once it is gone). */
function rssOf(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return Number(kb ?? 0) * 1024;
  } catch {
    return 0;
  }
}

function childrenOf(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).split('\n').map((l) => Number(l.trim())).filter(Boolean);
  } catch {
    return [];
  }
}

async function firstAnswer(url: string, token: string | undefined, started: number, child: ChildProcess, timeoutMs = 600_000): Promise<number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited (${child.exitCode}) before answering`);
    const ok = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query: token ? '{ me { id } }' : '{ __typename }' }),
    })
      .then(async (r) => r.ok && !((await r.json()) as { errors?: unknown }).errors)
      .catch(() => false);
    if (ok) return performance.now() - started;
    if (performance.now() - started > timeoutMs) throw new Error('no answer in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-federated-'));
  const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '', LOG_LEVEL: 'warn', RATE_LIMIT: 'off' };
  const url = `http://127.0.0.1:${PORT}/graphql`;
  console.log(`Federated start benchmark, ${new Date().toISOString()}; node ${process.version}, ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  try {
    let printed = '';
    const run = async (label: string, args: string[], token?: string) => {
      const started = performance.now();
      const child = spawn(process.execPath, [MAIN, ...args], { env: { ...env, PORT: String(PORT), SUBGRAPH_BASE_PORT: String(BASE_PORT) }, stdio: ['ignore', 'pipe', 'pipe'] });
      printed = '';
      child.stdout!.on('data', (chunk) => (printed += chunk));
      child.stderr!.on('data', (chunk) => (printed += chunk));
      try {
        const ms = await firstAnswer(url, token, started, child);
        const children = childrenOf(child.pid!);
        const childRss = children.map(rssOf);
        const own = rssOf(child.pid!);
        const total = childRss.reduce((a, b) => a + b, 0);
        const nameOf = (pid: number) => { try { return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).pop(); } catch { return '?'; } };
        const detail = children.length
          ? `${children.length} processes ${mib(total)}; launcher ${mib(own)}\n    ${children.map((pid, i) => `${nameOf(pid)} ${mib(childRss[i])}`).join(', ')}`
          : `RSS ${mib(own)}`;
        console.log(`  ${label.padEnd(44)} first answer after ${(ms / 1000).toFixed(1).padStart(5)} s   ${detail}`);
        // RSS right after starting holds garbage of the start itself; a few seconds later it is what the process keeps.
        await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
        const settled = (children.length ? children : [child.pid!]).map(rssOf).reduce((a, b) => a + b, 0);
        console.log(`  ${''.padEnd(44)} ${SETTLE_MS / 1000} s later: ${mib(settled)} in all`);
        return { ms, rss: settled, output: printed };
      } catch (error) {
        console.log(`  ${label}: ${(error as Error).message}\n${printed}`);
        throw error;
      } finally {
        await stop(child);
      }
    };
    const first = await run('serve, first start (migrate + bootstrap)', ['serve']);
    const token = /^\s+(eyJ\S+)$/m.exec(first.output)?.[1];
    if (!token) throw new Error(`no bootstrap token printed:\n${first.output}`);
    const single = await run('serve, later start', ['serve'], token);
    const federated = await run('federated (gateway + 9 subgraphs)', ['federated'], token);
    const ratio = federated.ms / single.ms;
    console.log(`  federated first answer: ${ratio.toFixed(2)}× the single process's start (target ≤ 2×): ${ratio <= 2 ? 'met' : 'MISSED'}`);
    console.log(`  federated processes together: ${mib(federated.rss)} (target < 1 GiB): ${federated.rss < 1024 ** 3 ? 'met' : 'MISSED'}; single process ${mib(single.rss)}`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
