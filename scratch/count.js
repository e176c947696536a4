require('reflect-metadata');
const { loadConfig } = require('../dist/src/config');
const { startServer } = require('../dist/src/server');
const { subgraphs, bootstrapTenants } = require('../dist/subgraphs');
const fs = require('fs');
(async () => {
  const dataDir = fs.mkdtempSync('/tmp/cnt-');
  const config = loadConfig({}, { port: 0, host: '127.0.0.1', dataDir, logLevel: 'warn', runnerConcurrency: 0 });
  let log = []; let on = false;
  const server = await startServer(config, subgraphs, { bootstrapper: bootstrapTenants, onQuery: (sql) => { if (on) log.push(sql); } });
  const h = { authorization: `Bearer ${server.bootstrap.token}`, 'content-type': 'application/json' };
  const gq = (query, variables) => fetch(server.url, { method: 'POST', headers: h, body: JSON.stringify({ query, variables }) }).then(r => r.json());
  const room = (await gq('mutation { createChatRoom(input: {kind: GROUP, title: "x"}) { id } }')).data.createChatRoom.id;
  on = true;
  const r = await gq('mutation($r: ID!) { sendChatMessage(roomId: $r, input: {bodyText: "hi", clientMessageId: "a1"}) { id } }', { r: room });
  on = false;
  console.log(JSON.stringify(r).slice(0,100)); console.log(log.length); for (const l of log) console.log(l.slice(0, 160));
  await server.close();
})();
