import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Node loads graphql's CommonJS build (as Yoga does); Vite would pick its .mjs build, and two
    // copies of graphql break `instanceof GraphQLError`.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Each file starts its own simulator and gateway on port 0: files may run side by side.
    pool: 'forks',
    // The leak test compares heaps after a full collection; without this, garbage decides it.
    execArgv: ['--expose-gc'],
  },
});
