/**
 * CPU profiles of the single-process server around one measurement (BENCH_PROFILE=<dir>): the
 * inspector's sampling profiler in this process, written as `<name>.cpuprofile` (open it in Chrome
 * DevTools) and summarised as the frames with the most self time.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

/** Runs `work` under the profiler when BENCH_PROFILE names a folder; prints the top frames. */
export async function profiled<T>(name: string, work: () => Promise<T>, top = 15): Promise<T> {
  const dir = process.env.BENCH_PROFILE;
  if (!dir) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = (await session.post('Profiler.stop')) as { profile: { nodes: ProfileNode[] } };
    session.disconnect();
    const file = join(dir, `${name.replace(/[^a-z0-9]+/gi, '-')}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    const byFrame = new Map<string, number>();
    const byPackage = new Map<string, number>();
    let total = 0;
    for (const node of profile.nodes) {
      const hits = node.hitCount ?? 0;
      total += hits;
      const { functionName, url, lineNumber } = node.callFrame;
      const where = url.replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, '');
      const key = `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
      byFrame.set(key, (byFrame.get(key) ?? 0) + hits);
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? (url.includes('/dist/') ? `ours: ${url.replace(/^.*\/dist\//, '').split('/').slice(0, 2).join('/')}` : url ? 'node' : functionName);
      byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + hits);
    }
    const share = (hits: number) => `${((100 * hits) / Math.max(1, total)).toFixed(1)}%`;
    console.log(`    profile ${file}: self time by package: ${[...byPackage].sort((a, b) => b[1] - a[1]).slice(0, top).map(([pkg, hits]) => `${pkg} ${share(hits)}`).join(', ')}`);
    console.log('    top frames:');
    for (const [frame, hits] of [...byFrame].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`      ${((100 * hits) / Math.max(1, total)).toFixed(1).padStart(5)}%  ${frame}`);
    }
  }
}
