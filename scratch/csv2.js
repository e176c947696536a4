const { DuckDBInstance } = require('@duckdb/node-api');
const fs = require('fs');
(async () => {
  const i = await DuckDBInstance.create(':memory:'); const c = await i.connect();
  for (const content of ['a,b\n1,2\n3,4,5,6\n', 'id,name\n1,"x, y"\n2,z\n', 'a,b\n1,2\n3\n', 'a;b\n1;2\n', 'a,b\n1,2\n"unterminated,3\n']) {
    fs.writeFileSync('/tmp/r.csv', content);
    try { const r = await c.runAndReadAll("select * from read_csv('/tmp/r.csv', header=true, skip=0, delim=',', quote='\"', strict_mode=true, null_padding=false)"); console.log(JSON.stringify(r.getRowObjectsJson()).slice(0,600)); } catch (e) { console.log('ERR', e.message.slice(0,150)); }
  }
})();
