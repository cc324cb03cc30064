import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { UpstreamHttp } from '../../../src/cloudsync/http';
import { isGatewayError } from '../../../src/errors';

/** UpstreamHttp alone against a node:http server on port 0 per case (undici's own test style). */

const TIMEOUTS = { connectMs: 1_000, headersMs: 2_000, bodyMs: 2_000, deadlineMs: 5_000 };

const open: { server: Server; http: UpstreamHttp }[] = [];
afterEach(async () => {
  for (const { server, http } of open.splice(0)) {
    await http.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

/** A server answering each request with the next of `statuses` (the last one repeats). */
async function upstream(statuses: number[]) {
  const seen: string[] = [];
  const waits: number[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    seen.push(`${req.method} ${req.url}`);
    const status = statuses[Math.min(seen.length - 1, statuses.length - 1)] ?? 200;
    res.writeHead(status, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const http = new UpstreamHttp(TIMEOUTS, undefined, undefined, {
    backoff: (attempt) => {
      waits.push(attempt);
      return 0;
    },
  });
  open.push({ server, http });
  return { http, origin, seen, waits };
}

const get = (origin: string, extra: { retry?: boolean; method?: 'GET' | 'POST' } = {}) => ({
  method: extra.method ?? ('GET' as const),
  origin,
  path: '/api/accounts',
  endpoint: 'accounts',
  retry: extra.retry,
});

describe('UpstreamHttp retries', () => {
  it('an idempotent GET is retried on 503 with the injected backoff, then succeeds', async () => {
    const { http, origin, seen, waits } = await upstream([503, 502, 200]);
    const response = await http.send(get(origin));
    expect(response).toEqual({ status: 200, body: { ok: true } });
    expect(seen).toHaveLength(3);
    expect(waits).toEqual([1, 2]);
  });

  it('gives up after three attempts with UPSTREAM_UNAVAILABLE', async () => {
    const { http, origin, seen } = await upstream([503]);
    const error = await http.send(get(origin)).catch((e: unknown) => e);
    expect(isGatewayError(error) && error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(seen).toHaveLength(3);
  });

  it('a POST, and a GET marked retry: false, are sent once', async () => {
    const post = await upstream([503]);
    await post.http.send(get(post.origin, { method: 'POST' })).catch(() => {});
    expect(post.seen).toEqual(['POST /api/accounts']);
    const listing = await upstream([503]);
    await listing.http.send(get(listing.origin, { retry: false })).catch(() => {});
    expect(listing.seen).toHaveLength(1);
    expect([...post.waits, ...listing.waits]).toEqual([]);
  });
});
