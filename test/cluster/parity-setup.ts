import type { TestProject } from 'vitest/node';
import { startRedis } from './redis';

/**
 * Global setup of the `cluster-parity` project (vitest.config.ts): one Redis for the whole run,
 * its URL provided to the test files as `redisUrl` (test/utils/stack.ts reads it).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const redis = await startRedis();
  project.provide('redisUrl', redis.url);
  return () => redis.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The cluster-parity project's Redis (unix:///…); absent in the default project. */
    redisUrl?: string;
  }
}
