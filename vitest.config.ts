import { defineConfig } from 'vitest/config';

export default defineConfig({
  // One copy of graphql: without this, our sources get the ESM build while CommonJS
  // dependencies (Apollo, type-graphql) get the CJS build, and graphql refuses to mix them.
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql/index.js') }] },
  test: {
    include: ['test/**/*.test.ts'],
    // Every file starts its own server and database; keep two at a time on this 2-core machine.
    maxWorkers: 2,
    // Files share a worker's module cache: importing the whole API (type-graphql, every subgraph)
    // once per worker instead of once per file saves minutes. Each file still starts its own
    // server and database, so no state is shared that a file would notice.
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    setupFiles: ['reflect-metadata'],
  },
});
