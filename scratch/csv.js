const { DuckDBInstance } = require('@duckdb/node-api');
const fs = require('fs');
(async () => {
  
  const i = await DuckDBInstance.create(':memory:'); const c = await i.connect();
  for (const q of ["select * from read_csv('/tmp/r.csv', header=true, auto_detect=true, strict_mode=true, ignore_errors=false)", "select * from read_csv('/tmp/r.csv', header=true, auto_detect=true, strict_mode=true, ignore_errors=false, null_padding=false, delim=',')", "select * from read_csv('/tmp/r.csv', header=true, skip=0, strict_mode=true)", "select * from read_csv('/tmp/r.csv', header=true, skip=0, strict_mode=true, null_padding=false)"]) {
    try { const r = await c.runAndReadAll(q); console.log(JSON.stringify(r.getRowObjectsJson()).slice(0,600)); } catch (e) { console.log('ERR', e.message.slice(0,200)); }
  }
})();
