import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../package-root';

/** `dist/main.js`, the one entry point every child runs. */
function mainScript(): string {
  return join(packageRoot(), 'dist', 'main.js');
}

/** One child process running a `node dist/main.js` command. */
export interface MainProcess {
  name: string;
  child: ChildProcess;
  /** Its GraphQL URL, as it printed it. */
  url: string;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Sends `signal` (default SIGTERM) and resolves when it has exited (SIGKILL after `graceMs`). */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

export interface SpawnMainOptions {
  /** Environment on top of this process's own. */
  env?: Record<string, string>;
  /** Called with each line it prints (the launcher prefixes and relays them). */
  onLine?: (line: string) => void;
  /** Give up waiting for its URL after this long (only a guard against a hung start: on a loaded 2-core machine eight processes take minutes). @default 600000 */
  timeoutMs?: number;
}

/**
 * Starts `node dist/main.js <args>` and resolves once it prints `GraphQL API: <url>`, i.e. it is
 * migrated and listening. Rejects with its output if it exits or stays silent first.
 */
export function spawnMain(name: string, args: string[], options: SpawnMainOptions = {}): Promise<MainProcess> {
  const child = spawn(process.execPath, [mainScript(), ...args], { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let printed = '';
  let pending = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const onData = (chunk: Buffer) => {
    printed += chunk;
    if (!options.onLine) return;
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) options.onLine(line);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const stop = async (signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  return new Promise<MainProcess>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop('SIGKILL');
      reject(new Error(`${name} did not start within ${options.timeoutMs ?? 600_000} ms:\n${printed}`));
    }, options.timeoutMs ?? 600_000);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}) before it was ready:\n${printed}`));
    };
    child.once('exit', onExit);
    child.stdout!.on('data', function watch() {
      const url = /GraphQL API:\s+(\S+)/.exec(printed)?.[1];
      if (!url) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      child.stdout!.off('data', watch);
      resolve({ name, child, url, output: () => printed, stop });
    });
  });
}

export interface FederatedOptions {
  /** Environment of every child (DATABASE_URL, REDIS_URL, DATA_DIR, …) on top of this process's own. */
  env?: Record<string, string>;
  /** Gateway port. @default PORT, else 4000 */
  gatewayPort?: number;
  /** Subgraph `i` of `subgraphs/index.ts` listens on `basePort + i`. @default SUBGRAPH_BASE_PORT, else 4001 */
  basePort?: number;
  /** Called with each line a child prints, and its name. */
  onLine?: (name: string, line: string) => void;
}

/** The gateway and every subgraph, each a child process. */
export interface FederatedDeployment {
  gateway: MainProcess;
  subgraphs: MainProcess[];
  /** What the first start printed: the bootstrap admin's bearer token (empty on an existing database). */
  bootstrapToken?: string;
  /** Stops the gateway, then every subgraph; resolves when all have exited. */
  close(): Promise<void>;
}

/**
 * Starts every subgraph named (one process and port each) and Hive Gateway in front of
 * them, as `npm run start:federated` does. The first subgraph starts first (with the gateway,
 * which needs no database), so that one process migrates a fresh database and creates the
 * bootstrap tenant; the other subgraphs then start together. If any fails to start, those already running are stopped.
 */
export async function startFederated(names: readonly string[], options: FederatedOptions = {}): Promise<FederatedDeployment> {
  // Only names: each child loads its own domain, this launcher none.
  const modules = names.map((name) => ({ name }));
  const basePort = options.basePort ?? Number(process.env.SUBGRAPH_BASE_PORT ?? 4001);
  const gatewayPort = options.gatewayPort ?? Number(process.env.PORT ?? 4000);
  const started: MainProcess[] = [];
  const launch = async (name: string, args: string[], env: Record<string, string>) => {
    const proc = await spawnMain(name, args, { env: { ...options.env, ...env }, onLine: options.onLine && ((line) => options.onLine!(name, line)) });
    started.push(proc);
    return proc;
  };
  const subgraphEnv = (index: number): Record<string, string> => ({ PORT: String(basePort + index) });
  const urls = modules.map((m, index) => `${m.name}=http://127.0.0.1:${basePort + index}/graphql`).join(',');
  try {
    const [first, ...rest] = modules;
    // The gateway needs no database: it starts alongside the first subgraph.
    const gatewayStarting = launch('gateway', ['gateway'], { PORT: String(gatewayPort), SUBGRAPH_URLS: urls });
    gatewayStarting.catch(() => undefined); // handled below; a rejection meanwhile must not crash the launcher
    const firstProcess = await launch(first.name, ['subgraph', first.name], subgraphEnv(0)).catch(async (error: unknown) => {
      await gatewayStarting.catch(() => undefined);
      throw error;
    });
    // allSettled: a failure is reported only once every launch has ended, so none is left running.
    const settled = await Promise.allSettled([
      ...rest.map((m, i) => launch(m.name, ['subgraph', m.name], { ...subgraphEnv(i + 1), BOOTSTRAP: 'false' })),
      gatewayStarting,
    ]);
    const failed = settled.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    const others = settled.map((r) => (r as PromiseFulfilledResult<MainProcess>).value);
    const gateway = others.pop()!;
    const bootstrapToken = /^\s+(eyJ\S+)$/m.exec(firstProcess.output())?.[1];
    let closing: Promise<void> | undefined;
    return {
      gateway,
      subgraphs: [firstProcess, ...others],
      bootstrapToken,
      close: () => (closing ??= stopAll(started)),
    };
  } catch (error) {
    await stopAll(started);
    throw error;
  }
}

/** The gateway first (no new requests), then the subgraphs together. */
async function stopAll(processes: MainProcess[]): Promise<void> {
  const gateway = processes.find((p) => p.name === 'gateway');
  await gateway?.stop();
  await Promise.all(processes.filter((p) => p !== gateway).map((p) => p.stop()));
}
