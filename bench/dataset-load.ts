/**
 * Loads a 1,000,000-row CSV through the API (POST /v1/files, then POST /v1/datasets) and runs a
 * group-by over it with POST /v1/query, printing rows/s loaded and query times.
 * Run: `npm run bench` (or `npm run build && node dist/bench/dataset-load.js [rows]`).
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBenchServer } from './support';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const COUNTRIES = ['UK', 'US', 'FI', 'DE', 'FR', 'JP', 'BR', 'IN', 'NG', 'AU'];

async function writeCsv(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  out.write('id,customer_id,country,amount,ordered_at\n');
  const start = Date.UTC(2026, 0, 1);
  for (let i = 0; i < rows; i += 10_000) {
    let chunk = '';
    for (let j = i; j < Math.min(i + 10_000, rows); j++) {
      const ts = new Date(start + (j % 31_536_000) * 1000).toISOString().slice(0, 19);
      chunk += `${j},${j % 50_000},${COUNTRIES[j % COUNTRIES.length]},${((j * 7919) % 100_000) / 100},${ts}\n`;
    }
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

const ms = (since: number) => Math.round(performance.now() - since);

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-datasets-'));
  const csv = join(dataDir, 'sales.csv');
  await writeCsv(csv, ROWS);
  const size = statSync(csv).size;
  const bench = await startBenchServer('datasets', {}, {}, { ...process.env, DATABASE_URL: '' });
  const { baseUrl: base, post } = bench;
  const auth = { authorization: `Bearer ${bench.token}` };
  try {
    let t = performance.now();
    const upload = await fetch(`${base}/v1/files`, {
      method: 'POST', headers: { ...auth, 'content-type': 'text/csv' }, body: createReadStream(csv) as any, duplex: 'half',
    } as RequestInit).then((r) => r.json() as Promise<any>);
    const uploadMs = ms(t);
    t = performance.now();
    const dataset = await post('/v1/datasets', { label: 'sales', source: { upload_id: upload.id } });
    const loadMs = ms(t);
    const sql = 'SELECT country, count(*) AS orders, sum(amount) AS revenue, avg(amount) AS average FROM sales GROUP BY country ORDER BY country';
    const times: number[] = [];
    let groups = 0;
    for (let i = 0; i < 5; i++) {
      t = performance.now();
      const answer = await post('/v1/query', { sql });
      times.push(ms(t));
      groups = answer.row_count;
    }
    const small: number[] = [];
    for (let i = 0; i < 20; i++) {
      t = performance.now();
      await post('/v1/query', { sql: 'SELECT 1' });
      small.push(ms(t));
    }
    const sorted = (xs: number[]) => [...xs].sort((x, y) => x - y);
    console.log(`rows:                    ${ROWS.toLocaleString('en')} (${(size / 1024 ** 2).toFixed(1)} MiB CSV)`);
    console.log(`upload (POST /v1/files): ${uploadMs} ms (${(size / 1024 ** 2 / (uploadMs / 1000)).toFixed(0)} MiB/s)`);
    console.log(`load (POST /v1/datasets, CSV -> Parquet): ${loadMs} ms = ${Math.round(ROWS / (loadMs / 1000)).toLocaleString('en')} rows/s (dataset ${dataset.id})`);
    console.log(`group-by over ${ROWS.toLocaleString('en')} rows (${groups} groups), 5 runs: median ${sorted(times)[2]} ms, min ${sorted(times)[0]} ms, max ${sorted(times)[4]} ms (HTTP round trip, run and result persisted)`);
    console.log(`SELECT 1, 20 runs (per-query overhead): median ${sorted(small)[10]} ms, p95 ${sorted(small)[18]} ms`);
    console.log(`process RSS after: ${Math.round(process.memoryUsage().rss / 1024 ** 2)} MiB`);
  } finally {
    await bench.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
