const { DuckDBInstance } = require('@duckdb/node-api');
(async () => { const i = await DuckDBInstance.create(':memory:', {threads: '2'}); const c = await i.connect();
for (const n of [1e9, 3e9]) { const t = Date.now(); await c.runAndReadAll(`select count(*) from range(${n}) where range % 7 = 3`); console.log(n, Date.now() - t); } })();
