const { SqlEngine } = require('../dist/src/engine/engine.js');
(async () => {
  const e = new SqlEngine({ timeoutMs: 30000, maxRows: 10000, memoryLimit: '1GB', threads: 2, dataDir: '/tmp' });
  for (let k = 0; k < 3; k++) {
    const t = performance.now();
    for (let i = 0; i < 20; i++) await e.query([], 'select 1');
    console.log('per query ms', ((performance.now() - t) / 20).toFixed(1));
  }
  const { DuckDBInstance } = require('@duckdb/node-api');
  let t = performance.now();
  for (let i = 0; i < 20; i++) { const inst = await DuckDBInstance.create(':memory:'); const c = await inst.connect(); c.closeSync(); inst.closeSync(); }
  console.log('bare create ms', ((performance.now() - t) / 20).toFixed(1));
  t = performance.now();
  for (let i = 0; i < 20; i++) { const inst = await DuckDBInstance.create(':memory:', {threads: '2'}); const c = await inst.connect(); await c.run("SET enable_external_access=false"); c.closeSync(); inst.closeSync(); }
  console.log('create+set ms', ((performance.now() - t) / 20).toFixed(1));
})();
