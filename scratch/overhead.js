require('reflect-metadata');
const { loadConfig } = require('../dist/src/config');
const { startServer } = require('../dist/src/server');
const { subgraphs, bootstrapTenants } = require('../dist/subgraphs');
const fs = require('fs');
(async () => {
  const dataDir = fs.mkdtempSync('/tmp/ovh-');
  const config = loadConfig({}, { port: 0, host: '127.0.0.1', dataDir, logLevel: 'warn' });
  const server = await startServer(config, subgraphs, { bootstrapper: bootstrapTenants });
  const h = { authorization: `Bearer ${server.bootstrap.token}`, 'content-type': 'application/json' };
  const gq = (query) => fetch(server.url, { method: 'POST', headers: h, body: JSON.stringify({ query }) }).then(r => r.json());
  for (const [name, q] of [['me', '{ me { id } }'], ['createProject', null], ['executeSql', 'mutation { executeSql(sql: "select 1") { id } }']]) {
    const t = performance.now();
    for (let i = 0; i < 30; i++) { const r = await gq(q ?? `mutation { createProject(input: {name: "p${i}"}) { id } }`); if (r.errors) console.log(r.errors); }
    console.log(name, ((performance.now() - t) / 30).toFixed(1), 'ms');
  }
  await server.close();
})();
