import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadConfig } from '../src/config';
import { createGateway } from '../src/server';
import { codes, type Stack, startStack } from './harness';

/** A loopback port nobody listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.stop());
beforeEach(() => stack.sim.reset());

const LOGIN = 'login(username: "demo@example.com", password: "demo") { accessToken }';

describe('auth errors say what to do next', () => {
  it('no token: how to log in and which header to send', async () => {
    const res = await stack.gql('{ accounts { id } }', {}, null);
    expect(res.status).toBe(401);
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    expect(res.errors![0]!.message).toMatch(/login mutation.*Authorization: Bearer <accessToken>/);
  });

  it('a header that is not a bearer token: says the form it must have', async () => {
    const res = await fetch(`${stack.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Token abc' },
      body: JSON.stringify({ query: '{ accounts { id } }' }),
    });
    const body = (await res.json()) as { errors: { message: string; extensions: object }[] };
    expect(res.status).toBe(401);
    expect(body.errors[0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(body.errors[0]!.message).toMatch(/is not "Bearer <accessToken>".*login mutation/);
  });

  it('a refused token: expired or invalid, log in again (with Cloud Sync’s own reason)', async () => {
    const token = stack.demoToken();
    stack.sim.expireToken(token);
    const res = await stack.gql('{ accounts { id } }', {}, token);
    expect(res.status).toBe(401);
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    expect(res.errors![0]!.message).toMatch(
      /expired or invalid \(TokenExpiredError: jwt expired\)/,
    );
    expect(res.errors![0]!.message).toMatch(/log in again/);
  });

  it('a WebSocket without a token is closed with 4403 and a reason that says what to send', async () => {
    const socket = new WebSocket(
      `${stack.gateway.url.replace('http', 'ws')}/graphql`,
      'graphql-transport-ws',
    );
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'connection_init', payload: {} }));
    const { code, reason } = await closed;
    expect(code).toBe(4403);
    expect(reason).toMatch(
      /login mutation.*connectionParams\.authorization: "Bearer <accessToken>"/,
    );
    expect(stack.sim.requests).toEqual([]);
  });
});

describe('requests a newcomer gets wrong', () => {
  it('two anonymous operations in one document: BAD_USER_INPUT that says to name one', async () => {
    const res = await stack.gql(`mutation { ${LOGIN} } mutation { ${LOGIN} }`, {}, null);
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0]!.message).toMatch(/operationName/);
    const unknown = await fetch(`${stack.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query A { __typename }', operationName: 'B' }),
    });
    const body = (await unknown.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors.map((e) => e.extensions.code)).toEqual(['BAD_USER_INPUT']);
    expect(stack.sim.requests).toEqual([]);
  });

  it('an unreachable token service is named as the token service, never as Cloud Sync', async () => {
    const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent' });
    const authUrl = `http://127.0.0.1:${await closedPort()}`;
    const gateway = createGateway(config, { apiUrl: stack.sim.url, authUrl });
    await gateway.start();
    try {
      const res = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `mutation Login { ${LOGIN} }` }),
      });
      const body = (await res.json()) as { errors: { message: string; extensions: object }[] };
      expect(body.errors[0]!.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
      expect(body.errors[0]!.message).toMatch(/^The token service could not be reached/);
      expect(body.errors[0]!.message).toContain('CLOUDSYNC_AUTH_URL');
      expect(body.errors[0]!.message).not.toContain(authUrl);
    } finally {
      await gateway.stop();
    }
  });
});
