import { describe, expect, it, vi } from 'vitest';
import { createGateway } from '../../src/app';
import { loadConfig } from '../../src/config';
import { SEED_IDS } from '../../src/simulator';
import { startStack, subscribeAll, until } from '../utils/stack';

/**
 * REDIS_URL unset is single-process mode: the Redis client is never loaded (src/cluster/ is
 * imported only by start() in cluster mode). The mock records any load of `@redis/client`.
 */
const loaded = vi.hoisted(() => ({ redis: 0 }));
vi.mock('@redis/client', () => {
  loaded.redis++;
  return {};
});

const BUCKETS = `query($a: ID!, $b: ID!) { account(id: $a) { dataBroker(id: $b) { s3Buckets { name } } } }`;

describe('REDIS_URL unset', () => {
  it('a listing and a feed subscription run, and @redis/client is never loaded', async () => {
    const stack = await startStack();
    try {
      const token = stack.demoToken();
      const sub = subscribeAll(stack.ws(token), 'subscription { feedMessages { id } }');
      const result = await stack.gql(
        BUCKETS,
        { a: SEED_IDS.accounts.test, b: SEED_IDS.brokers.aws },
        token,
      );
      expect(result.errors).toBeUndefined();
      await until(() => sub.events.length > 0, 10_000, 'the listing answer on the feed');
      sub.unsubscribe();
    } finally {
      await stack.stop();
    }
    expect(loaded.redis).toBe(0);
  });

  it('(the check can fail) REDIS_URL set: start() loads it', async () => {
    const config = loadConfig({
      PORT: '0',
      LOG_LEVEL: 'silent',
      CLOUDSYNC_API_URL: 'http://127.0.0.1:9',
      REDIS_URL: 'unix:///nonexistent/redis.sock',
    });
    const gateway = createGateway(config, {
      apiUrl: 'http://127.0.0.1:9',
      authUrl: 'http://127.0.0.1:9',
    });
    await expect(gateway.start()).rejects.toThrow();
    await gateway.stop();
    expect(loaded.redis).toBe(1);
  });
});
