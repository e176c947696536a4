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

/** What the headers editor starts with on a first visit (GraphiQL keeps the user's own in localStorage after that). */
export const PLAYGROUND_DEFAULT_HEADERS = '{\n  "Authorization": "Bearer <paste the token printed at first start>"\n}';

/** A small icon, so that the browser's tab shows one and asks for no /favicon.ico that would 404. */
const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="#1b2240"/>
<g fill="none" stroke="#e535ab" stroke-width="3"><path d="M32 9 52 20.5v23L32 55 12 43.5v-23Z"/><path d="M32 9 52 43.5H12Z"/></g>
<g fill="#e535ab"><circle cx="32" cy="9" r="4.5"/><circle cx="52" cy="20.5" r="4.5"/><circle cx="52" cy="43.5" r="4.5"/><circle cx="32" cy="55" r="4.5"/><circle cx="12" cy="43.5" r="4.5"/><circle cx="12" cy="20.5" r="4.5"/></g></svg>`;

/**
 * GraphiQL with subscriptions over graphql-ws. The WebSocket authenticates with the headers of the
 * Headers tab as they are when an operation runs (GraphiQL hands them to the fetcher; they survive
 * a reload in its localStorage), `authorization` in any case; a change of credentials opens a new
 * socket. Errors reach the result pane as messages, never as stack traces.
 */
export function playgroundHtml(graphqlPath: string): string {
  const asset = (name: string) => `${PLAYGROUND_ASSET_PATH}/${name}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8" />
<title>Data platform GraphQL playground</title>
<link rel="icon" type="image/svg+xml" href="${asset('favicon.svg')}" />
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
  const graphqlPath = ${JSON.stringify(graphqlPath)};
  const wsUrl = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + graphqlPath;
  // The headers as sent: Authorization in any case; the pre-filled placeholder counts as no token.
  const requestHeaders = (headers) => {
    const sent = {};
    for (const [name, value] of Object.entries(headers || {})) {
      if (name.toLowerCase() === 'authorization') {
        if (typeof value === 'string' && value.trim() && !value.includes('<')) sent.Authorization = value;
      } else sent[name] = value;
    }
    return sent;
  };
  // One socket per set of credentials: opened when a subscription first needs it, replaced when they change.
  let socket;
  const socketFor = (headers) => {
    const key = JSON.stringify(headers);
    if (socket && socket.key === key) return socket.client;
    if (socket) socket.client.dispose();
    socket = { key, client: graphqlWs.createClient({ url: wsUrl, lazy: true, retryAttempts: 0, connectionParams: () => headers }) };
    return socket.client;
  };
  const isSubscription = (params, options) => {
    const operations = ((options && options.documentAST) || { definitions: [] }).definitions.filter((d) => d.kind === 'OperationDefinition');
    const operation = operations.length === 1 ? operations[0] : operations.find((d) => d.name && d.name.value === params.operationName);
    return !!operation && operation.operation === 'subscription';
  };
  const messageOf = (error) => {
    if (error && typeof error.code === 'number' && 'reason' in error) return 'The WebSocket closed (' + error.code + (error.reason ? ': ' + error.reason : '') + ')';
    return error && error.message ? String(error.message) : String(error);
  };
  // GraphQL errors as the server sent them; anything else (a closed socket, a failed fetch) as its message only.
  const asResult = (error) => ({ errors: (Array.isArray(error) ? error : [error]).map((e) => (e && e.message && !(e instanceof Error) ? e : { message: messageOf(e) })) });
  async function* safely(results) {
    try {
      for await (const result of results) yield result;
    } catch (error) {
      yield asResult(error);
    }
  }
  const httpFetcher = GraphiQL.createFetcher({ url: graphqlPath });
  const fetcher = async (params, options) => {
    const headers = requestHeaders(options && options.headers);
    if (isSubscription(params, options)) return safely(socketFor(headers).iterate(params));
    try {
      return await httpFetcher(params, { ...options, headers });
    } catch (error) {
      return asResult(error);
    }
  };
  const defaultQuery = [
    '# Sign in: paste your token into Headers below ({"Authorization": "Bearer <token>"}).',
    '# The token is printed when the server first starts; more with npm run token.',
    '# Subscriptions run over WebSocket with the same header.',
    '',
    'query Me {',
    '  me { email role tenant { name } }',
    '  projects(first: 10) { totalCount nodes { id name createdBy { email } } }',
    '}',
    '',
  ].join('\\n');
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, { fetcher, defaultQuery, defaultHeaders: ${JSON.stringify(PLAYGROUND_DEFAULT_HEADERS)}, defaultEditorToolsVisibility: 'headers', shouldPersistHeaders: true }),
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
  const icon = (_req: express.Request, res: express.Response) => res.type('image/svg+xml').set('cache-control', 'public, max-age=86400').send(FAVICON_SVG);
  router.get(`${PLAYGROUND_ASSET_PATH}/favicon.svg`, icon);
  router.get('/favicon.ico', icon);
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
