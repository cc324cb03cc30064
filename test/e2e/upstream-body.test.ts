import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UpstreamHttp } from '../../src/cloudsync/http';
import { loadConfig } from '../../src/config';
import { GatewayError } from '../../src/errors';
import { codes, type Stack, startStack } from '../utils/stack';

/** Every upstream body is bounded by the limit of its kind of call; over it the connection is cut. */

describe('upstream answers larger than the limit (gateway and simulator)', () => {
  let stack: Stack;
  let token: string;
  const BYTES = 32 * 1024 * 1024;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.stop());
  beforeEach(() => {
    stack.sim.reset();
    token = stack.demoToken();
  });

  it.each([
    ['streamed without a Content-Length', true],
    ['announced by its Content-Length', false],
  ])(
    'a 32 MiB answer to GET /api/accounts, %s: UPSTREAM_UNAVAILABLE, one call, the connection dropped',
    async (_name, chunked) => {
      stack.sim.addFault({ path: '/api/accounts', kind: 'hugeBody', bytes: BYTES, chunked });
      const response = await stack.gql('{ accounts { id } }', {}, token);
      expect(codes(response)).toEqual(['UPSTREAM_UNAVAILABLE']);
      expect(response.errors?.[0]?.message).toBe(
        'Cloud Sync sent an answer larger than 4194304 bytes',
      );
      const calls = stack.apiRequests().filter((r) => r.path === '/api/accounts');
      expect(calls).toHaveLength(1);
      // The simulator stops writing once the gateway drops the connection: far less than the whole.
      await expect.poll(() => calls[0]?.bodyBytesSent, { timeout: 5_000 }).toBeLessThan(BYTES / 2);
    },
  );

  it('an answer under the limit is served as before', async () => {
    stack.sim.addFault({ path: '/api/accounts', kind: 'hugeBody', bytes: 1024 * 1024 });
    const response = await stack.gql<{ accounts: { id: string }[] }>(
      '{ accounts { id } }',
      {},
      token,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.accounts.length).toBeGreaterThan(10_000);
  });
});

describe('UpstreamHttp body limits, by kind of call', () => {
  let server: Server;
  let origin: string;
  let size = 0;
  let status = 200;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(['x'.repeat(size)]));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const http = () =>
    new UpstreamHttp(loadConfig({}).timeouts, undefined, {
      defaultBytes: 64 * 1024,
      largeBytes: 1024 * 1024,
    });

  async function failure(promise: Promise<unknown>): Promise<GatewayError | null> {
    try {
      await promise;
      return null;
    } catch (error) {
      return error instanceof GatewayError ? error : null;
    }
  }

  it('an ordinary call is refused over its limit; a listing call (largeBody) takes the same answer', async () => {
    size = 200 * 1024;
    status = 200;
    const client = http();
    try {
      const request = { method: 'GET', origin, path: '/', endpoint: 'test' } as const;
      const refused = await failure(client.send(request));
      expect(refused?.code).toBe('UPSTREAM_UNAVAILABLE');
      const served = await client.send({ ...request, largeBody: true });
      expect((served.body as string[])[0]).toHaveLength(size);
    } finally {
      await client.close();
    }
  });

  it('an error page over the limit is bounded too', async () => {
    size = 200 * 1024;
    status = 500;
    const client = http();
    try {
      const refused = await failure(
        client.send({ method: 'POST', origin, path: '/', endpoint: 'test' }),
      );
      expect(refused?.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(refused?.message).toBe('Cloud Sync sent an answer larger than 65536 bytes');
    } finally {
      await client.close();
    }
  });
});
