const { DuckDBInstance } = require('@duckdb/node-api');
const fs = require('fs');
(async () => {
  fs.mkdirSync('/tmp/dd/t1', { recursive: true }); fs.mkdirSync('/tmp/dd/t2', { recursive: true });
  fs.writeFileSync('/tmp/dd/a.csv', 'id,name\n1,x\n2,y\n');
  const loader = await DuckDBInstance.create(':memory:');
  const lc = await loader.connect();
  await lc.run("COPY (SELECT * FROM read_csv('/tmp/dd/a.csv')) TO '/tmp/dd/t1/a.parquet' (FORMAT parquet)");
  await lc.run("COPY (SELECT * FROM read_csv('/tmp/dd/a.csv')) TO '/tmp/dd/t2/b.parquet' (FORMAT parquet)");
  console.time('create');
  const inst = await DuckDBInstance.create(':memory:', { autoload_known_extensions: 'false', autoinstall_known_extensions: 'false', threads: '2', memory_limit: '512MB' });
  const c = await inst.connect();
  console.timeEnd('create');
  await c.run("CREATE SCHEMA datasets; CREATE VIEW datasets.a AS SELECT * FROM read_parquet('/tmp/dd/t1/a.parquet')"); await c.run("SET allowed_paths=['/tmp/dd/t1/a.parquet']"); await c.run("SET enable_external_access=false");
  await c.run("SET lock_configuration = true");
  const r = await c.runAndReadAll('SELECT * FROM datasets.a');
  console.log(r.getRowObjectsJson());
  for (const q of ["SELECT * FROM read_parquet('/tmp/dd/t2/b.parquet')", "SELECT * FROM read_csv('/etc/passwd')", "SET enable_external_access=true", "INSTALL httpfs", "LOAD httpfs", "SELECT * FROM '/tmp/dd/t2/b.parquet'", "ATTACH '/tmp/x.db'", "COPY datasets.a TO '/tmp/dd/t1/out.csv'", "SELECT * FROM glob('/tmp/dd/*')", "SET allowed_paths=['/tmp/dd/t2/b.parquet']", "CREATE VIEW datasets.z AS SELECT 1", "SELECT current_setting('allowed_paths')", "SELECT * FROM duckdb_settings() where name like 'allowed%'"]) {
    try { const x = await c.runAndReadAll(q); console.log('OK', q, JSON.stringify(x.getRowObjectsJson()).slice(0,200)); } catch (e) { console.log('ERR', q, e.message.slice(0, 120)); }
  }
})();
