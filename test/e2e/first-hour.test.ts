import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createGateway } from '../../src/app';
import { loadConfig } from '../../src/config';
import { DEMO_SIMULATOR_OPTIONS, SEED_IDS } from '../../src/simulator';
import { codes, type Stack, startStack, subscribeAll } from '../utils/stack';

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

/** Starts a TypeScript entry point; resolves with the process once a stdout line matches. */
function startProcess(
  entry: string,
  env: Record<string, string>,
  ready: RegExp,
): Promise<{ child: ChildProcess; match: RegExpExecArray; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const fail = setTimeout(
      () => reject(new Error(`${entry} printed no ${ready}: ${output}`)),
      25_000,
    );
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = ready.exec(output);
      if (match) {
        clearTimeout(fail);
        resolve({ child, match, output: () => output });
      }
    });
    child.once('exit', () => reject(new Error(`${entry} exited: ${output}`)));
  });
}

const stopProcess = (child: ChildProcess | undefined) =>
  new Promise<void>((resolve) => {
    if (!child || child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

describe('the simulator on its own', () => {
  it('prints the command that points a gateway at it, and that command logs in', async () => {
    let simulator: ChildProcess | undefined;
    let gateway: ChildProcess | undefined;
    try {
      const sim = await startProcess(
        'src/simulator/main.ts',
        { SIMULATOR_PORT: '0' },
        /^ {2}(CLOUDSYNC_API_URL=(\S+) CLOUDSYNC_AUTH_URL=(\S+)) npm start$/m,
      );
      simulator = sim.child;
      const [, , apiUrl, authUrl] = sim.match;
      expect(authUrl).toBe(apiUrl);
      const gw = await startProcess(
        'src/main.ts',
        {
          CLOUDSYNC_API_URL: apiUrl!,
          CLOUDSYNC_AUTH_URL: authUrl!,
          PORT: '0',
          LOG_LEVEL: 'silent',
        },
        /ready: (http:\S+)\/graphql/,
      );
      gateway = gw.child;
      const res = await fetch(`${gw.match[1]}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `mutation Login { ${LOGIN} }` }),
      });
      const body = (await res.json()) as { data: { login: { accessToken: string } } };
      expect(body.data.login.accessToken).toMatch(/^ey/);
    } finally {
      await stopProcess(gateway);
      await stopProcess(simulator);
    }
  });

  it('without CLOUDSYNC_AUTH_URL, a gateway on a local API says where logins go', async () => {
    let gateway: ChildProcess | undefined;
    try {
      const gw = await startProcess(
        'src/main.ts',
        { CLOUDSYNC_API_URL: stack.sim.url, PORT: '0', LOG_LEVEL: 'silent' },
        /^note: CLOUDSYNC_AUTH_URL is not set.*$/m,
      );
      gateway = gw.child;
      expect(gw.match[0]).toContain(`CLOUDSYNC_AUTH_URL=${stack.sim.url}`);
    } finally {
      await stopProcess(gateway);
    }
  });
});

describe('the demo simulator', () => {
  let demo: Stack;
  beforeAll(async () => {
    demo = await startStack({ simulator: DEMO_SIMULATOR_OPTIONS });
  });
  afterAll(() => demo.stop());

  it('takes a believable moment for a listing (PENDING first, then READY)', async () => {
    expect(DEMO_SIMULATOR_OPTIONS.listingDelayMs).toBeGreaterThanOrEqual(1_000);
    const { events, errors, done } = subscribeAll<{ s3BucketListing: { status: string } }>(
      demo.ws(demo.demoToken()),
      'subscription($a: ID!, $b: ID!) { s3BucketListing(accountId: $a, dataBrokerId: $b) { status } }',
      { a: SEED_IDS.accounts.test, b: SEED_IDS.brokers.aws },
    );
    await done;
    expect(errors).toEqual([]);
    expect(events.map((e) => e.s3BucketListing.status)).toEqual(['PENDING', 'READY']);
  });

  it.each([
    ['offline (FAILED)', SEED_IDS.brokers.awsFailed],
    ['not yet connected', SEED_IDS.brokers.onpremPending],
  ])('a broker that is %s never answers: its listing times out', async (_what, broker) => {
    const token = demo.demoToken();
    const head = demo.sim.queueHead(token);
    demo.sim.clearRequests();
    const res = await demo.gql(
      'query($a: ID!, $b: ID!) { account(id: $a) { dataBroker(id: $b) { s3Buckets(timeoutSeconds: 1) { name } } } }',
      { a: SEED_IDS.accounts.test, b: broker },
      token,
    );
    expect(codes(res)).toEqual(['LISTING_TIMEOUT']);
    expect(demo.sim.listCallCount('list-s3-buckets')).toBe(1);
    expect(demo.sim.queueHead(token)).toBe(head);
  });
});
