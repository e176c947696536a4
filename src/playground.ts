import { dirname, join } from 'node:path';
import express, { type Router } from 'express';

/** Files served from installed packages, so the playground works with no network at all. */
const ASSETS: Record<string, string> = {
  'react.js': join(dirname(require.resolve('react/package.json')), 'umd/react.production.min.js'),
  'react-dom.js': join(dirname(require.resolve('react-dom/package.json')), 'umd/react-dom.production.min.js'),
  'graphiql.js': join(dirname(require.resolve('graphiql/package.json')), 'graphiql.min.js'),
  'graphiql.css': join(dirname(require.resolve('graphiql/package.json')), 'graphiql.min.css'),
  'graphql-ws.js': join(dirname(require.resolve('graphql-ws/package.json')), 'umd/graphql-ws.min.js'),
};

export const PLAYGROUND_ASSET_PATH = '/playground/assets';

/** GraphiQL with subscriptions over graphql-ws; the WebSocket sends the Authorization header set in the headers tab. */
export function playgroundHtml(graphqlPath: string): string {
  const asset = (name: string) => `${PLAYGROUND_ASSET_PATH}/${name}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8" />
<title>Data platform GraphQL playground</title>
<link rel="stylesheet" href="${asset('graphiql.css')}" />
<style>body{margin:0;height:100vh}#graphiql{height:100vh}</style>
</head>
<body>
<div id="graphiql">Loading…</div>
<script src="${asset('react.js')}"></script>
<script src="${asset('react-dom.js')}"></script>
<script src="${asset('graphql-ws.js')}"></script>
<script src="${asset('graphiql.js')}"></script>
<script>
  const storedHeaders = () => { try { return JSON.parse(localStorage.getItem('graphiql:headers') || '{}'); } catch { return {}; } };
  const wsUrl = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + ${JSON.stringify(graphqlPath)};
  const wsClient = graphqlWs.createClient({ url: wsUrl, lazy: true, connectionParams: () => ({ Authorization: storedHeaders().Authorization }) });
  const defaultQuery = [
    '# Sign in: open Headers below and enter {"Authorization": "Bearer <token>"}',
    '# (the token is printed when the server first starts; more with npm run token).',
    '# Subscriptions run over WebSocket with the same header.',
    '',
    'query Me {',
    '  me { email role tenant { name } }',
    '  projects(first: 10) { totalCount nodes { id name createdBy { email } } }',
    '}',
    '',
  ].join('\\n');
  const fetcher = GraphiQL.createFetcher({ url: ${JSON.stringify(graphqlPath)}, wsClient });
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, { fetcher, defaultQuery, defaultHeaders: '{}', shouldPersistHeaders: true }),
  );
</script>
</body>
</html>`;
}

export function playgroundAssets(): Router {
  const router = express.Router();
  for (const [name, file] of Object.entries(ASSETS)) {
    router.get(`${PLAYGROUND_ASSET_PATH}/${name}`, (_req, res) => res.sendFile(file, { maxAge: '1h' }));
  }
  return router;
}

/** The playground: its assets, and its page on GET `graphqlPath` when a browser asks for HTML (other GETs go on to GraphQL). */
export function playground(graphqlPath: string): Router {
  const router = playgroundAssets();
  router.get(graphqlPath, (req, res, next) => {
    if (req.accepts(['application/json', 'text/html']) === 'text/html' && !req.query.query) {
      res.type('html').send(playgroundHtml(graphqlPath));
      return;
    }
    next();
  });
  return router;
}
