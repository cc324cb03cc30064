import { defineConfig } from 'vitest/config';
import { noRedis } from './test/cluster/redis.js';

/**
 * Two projects. `default` runs every test file, as always, and never starts Redis. `cluster-parity`
 * (design/cluster.md §7.2 scenario 9) runs the listing and subscription suites again against one
 * gateway in cluster mode: its global setup starts one Redis and provides its URL, which
 * test/utils/stack.ts then gives every gateway it starts. Without a Redis binary there is no such
 * project (test/cluster/redis.ts prints why, in one line).
 */
const PARITY = [
  'test/e2e/listings.test.ts',
  'test/e2e/subscriptions.test.ts',
  'test/e2e/listing-outcomes.test.ts',
];

export default defineConfig({
  resolve: {
    // Node loads graphql's CommonJS build (as Yoga does); Vite would pick its .mjs build, and two
    // copies of graphql break `instanceof GraphQLError`.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Each file starts its own simulator and gateway on port 0: files may run side by side.
    pool: 'forks',
    // The leak test compares heaps after a full collection; without this, garbage decides it.
    execArgv: ['--expose-gc'],
    projects: [
      { extends: true, test: { name: 'default', include: ['test/**/*.test.ts'] } },
      ...(noRedis
        ? []
        : [
            {
              extends: true as const,
              test: {
                name: 'cluster-parity',
                include: PARITY,
                globalSetup: ['test/cluster/parity-setup.ts'],
              },
            },
          ]),
    ],
  },
});
