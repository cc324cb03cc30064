import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { LIST_OPERATIONS } from '../../src/cloudsync/list-operations';
import { createLogger } from '../../src/observability/logger';
import { SECRET_OVER_GET_MESSAGE } from '../../src/plugins/use-secret-guard';
import { INLINE_SECRET_MESSAGE } from '../../src/schema/secret';
import { CASES, fieldQuery, GROUP, GROUP_LISTING, TEST } from '../utils/group-listings';
import { type Stack, startStack, subscribeAll, until } from '../utils/stack';

/**
 * Secrets (design §2.4): never in a log line at any level, a metric, an error, a response, a URL
 * or the simulator's output; keyed by their HMAC; refused inline and over GET; scrubbed from
 * variable-coercion errors.
 */

const logLines: string[] = [];
let stack: Stack;
let token: string;

beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  stack = await startStack({
    settings: { LOG_LEVEL: 'trace' },
    logger: createLogger('trace', sink),
  });
});
afterAll(async () => {
  await stack.stop();
});
beforeEach(() => {
  stack.sim.reset();
  token = stack.demoToken();
});

const spec = (field: string) => {
  const found = LIST_OPERATIONS.find((item) => item.field === field);
  if (!found) throw new Error(field);
  return found;
};
const vars = (args: Record<string, unknown>) => ({ accountId: TEST, groupId: GROUP, ...args });

const cifs = CASES.cifsShares;
if (!cifs) throw new Error('no cifsShares case');
const cifsCredentials = cifs.args.credentials as Record<string, string>;
const withPassword = (password: string) => ({
  ...cifs.args,
  credentials: { ...cifsCredentials, password },
});
type SharesData = { account: { dataBrokerGroup: { cifsShares: { name: string }[] } } };

describe('single flight with secrets', () => {
  it('identical listings with the same password share one flight; with different passwords, never', async () => {
    const { sim } = stack;
    const listings = stack.gateway.services.listings;
    const query = fieldQuery('cifsShares', cifs.args);
    const good = cifsCredentials.password ?? '';

    sim.holdListings();
    const same = [
      stack.gql<SharesData>(query, vars(withPassword(good)), token),
      stack.gql<SharesData>(query, vars(withPassword(good)), token),
    ];
    await until(
      () => sim.heldListingCount() === 1 && listings.waiters === 2,
      5_000,
      'both waiting',
    );
    sim.releaseListings();
    for (const response of await Promise.all(same)) {
      expect(response.data?.account.dataBrokerGroup.cifsShares.map((s) => s.name)).toContain(
        'finance',
      );
    }
    expect(sim.listCallCount('list-cifs-shares')).toBe(1);

    sim.clearRequests();
    sim.holdListings();
    const right = stack.gql<SharesData>(query, vars(withPassword(good)), token);
    const wrong = stack.gql<SharesData>(query, vars(withPassword(`${good}-not`)), token);
    await until(
      () => sim.heldListingCount() === 1 && listings.waiters === 2,
      5_000,
      'both waiting',
    );
    // Not one flight: the other password's call waits for the lane (one group, one operation).
    expect(sim.listCallCount('list-cifs-shares')).toBe(1);
    sim.releaseListings();
    const [rightAnswer, wrongAnswer] = await Promise.all([right, wrong]);
    expect(rightAnswer.data?.account.dataBrokerGroup.cifsShares.map((s) => s.name)).toContain(
      'finance',
    );
    expect(wrongAnswer.errors?.[0]?.extensions).toMatchObject({
      code: 'LISTING_FAILED',
      listingError: { code: 'invalid_credentials' },
    });
    expect(sim.listCallCount('list-cifs-shares')).toBe(2);
    const sent = sim.requests
      .filter((request) => request.path.endsWith('/list-cifs-shares'))
      .map((request) => request.headers.password);
    expect(sent).toEqual([good, `${good}-not`]);
  });
});

describe('the canary: a secret appears nowhere but in its upstream header', () => {
  const withSecrets = Object.entries(CASES).filter(([field]) =>
    spec(field).headers.some((header) => header.secret),
  );

  it('covers every credential-taking operation (20)', () => {
    expect(withSecrets).toHaveLength(20);
  });

  it('at LOG_LEVEL=trace: not in logs, /metrics, errors, responses, URLs or the process output', async () => {
    const { sim } = stack;
    const prefix = `Cnry${randomUUID().replaceAll('-', '').slice(0, 10)}`;
    const output: string[] = [];
    const capture =
      (stream: NodeJS.WriteStream) =>
      (chunk: unknown, ...rest: unknown[]): boolean => {
        output.push(String(chunk));
        return (stream.write as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
      };
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(capture(process.stdout));
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(capture(process.stderr));
    const responses: unknown[] = [];
    /** Secret header name → canary, per operation: where each canary may (only) be seen. */
    const allowed = new Map<string, Set<string>>();
    try {
      for (const [index, [field, valid]] of withSecrets.entries()) {
        const row = spec(field);
        const credentials = { ...(valid.args.credentials as Record<string, string>) };
        const secretHeaders = new Set<string>();
        for (const header of row.headers.filter((item) => item.secret)) {
          credentials[header.input] = `${prefix}-${index}-${header.input}`;
          secretHeaders.add(header.name);
        }
        allowed.set(row.name, secretHeaders);
        const args = { ...valid.args, credentials };
        const firstSecret = Object.values(credentials).find((value) => value.startsWith(prefix));
        // A broker that echoes the secret in its error message: redacted before it is shown.
        sim.failListings({ code: 'auth_failed', message: `login failed for ${firstSecret}` });
        const response = await stack.gql(fieldQuery(field, args), vars(args), token);
        expect(response.errors?.[0]?.extensions?.code).toBe('LISTING_FAILED');
        expect(response.errors?.[0]?.message).toContain('[secret]');
        responses.push(response);
        // The broker's own refusal, through the subscription.
        const request = { [field]: args };
        const sub = subscribeAll<{ groupListing: { status: string } }>(
          stack.ws(token),
          GROUP_LISTING,
          { accountId: TEST, groupId: GROUP, request },
        );
        await sub.done;
        expect(sub.events.map((event) => event.groupListing.status)).toEqual(['PENDING', 'FAILED']);
        responses.push(sub.events, sub.errors);
      }
      const metrics = await (await fetch(`${stack.gateway.url}/metrics`)).text();
      expect(metrics.length).toBeGreaterThan(0);
      expect(logLines.length).toBeGreaterThan(0);
      expect(logLines.join('\n')).not.toContain(prefix);
      expect(metrics).not.toContain(prefix);
      expect(JSON.stringify(responses)).not.toContain(prefix);
      expect(output.join('')).not.toContain(prefix);
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
    // The simulator's log: only in the named credential headers of the list calls, never a URL or body.
    let seen = 0;
    for (const request of sim.requests) {
      expect(request.url).not.toContain(prefix);
      expect(JSON.stringify(request.body ?? null)).not.toContain(prefix);
      const secretHeaders = allowed.get(request.path.split('/').pop() ?? '') ?? new Set();
      for (const [name, value] of Object.entries(request.headers)) {
        if (!value.includes(prefix)) continue;
        expect([request.path, name, secretHeaders.has(name)]).toEqual([request.path, name, true]);
        seen++;
      }
    }
    // Every secret did reach the upstream (twice: waiting field and subscription).
    const secrets = [...allowed.values()].reduce((sum, names) => sum + names.size, 0);
    expect(seen).toBe(secrets * 2);
  });
});

describe('refusals before any upstream call', () => {
  it('an inline secret literal is a validation error', async () => {
    const query = `query { account(id: "${TEST}") { dataBrokerGroup(id: "${GROUP}") {
      cifsShares(host: "h", credentials: { username: "u", password: "CanaryInline1" }) { name }
    } } }`;
    const response = await stack.gql(query, {}, token);
    expect(response.errors?.map((error) => error.message)).toEqual([INLINE_SECRET_MESSAGE]);
    expect(response.data ?? null).toBeNull();
    expect(JSON.stringify(response)).not.toContain('CanaryInline1');
    expect(stack.sim.listCallCount()).toBe(0);
  });

  it('a GET carrying a Secret variable is refused', async () => {
    const args = withPassword('CanaryGet1');
    const url = new URL(`${stack.gateway.url}/graphql`);
    url.searchParams.set('query', fieldQuery('cifsShares', args));
    url.searchParams.set('variables', JSON.stringify(vars(args)));
    const res = await fetch(url, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    });
    const body = (await res.json()) as { errors?: { message: string; extensions?: unknown }[] };
    expect(body.errors?.map((error) => error.message)).toEqual([SECRET_OVER_GET_MESSAGE]);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(JSON.stringify(body)).not.toContain('CanaryGet1');
    expect(stack.sim.listCallCount()).toBe(0);
  });

  it('a typo in a credentials variable names the field, never the password', async () => {
    const args = {
      ...cifs.args,
      credentials: { username: 'bob', password: 'CanaryTypo1', domian: 'X' },
    };
    const response = await stack.gql(fieldQuery('cifsShares', args), vars(args), token);
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.message).toContain('domian');
    expect(JSON.stringify(response)).not.toContain('CanaryTypo1');
    expect(stack.sim.listCallCount()).toBe(0);
  });
});

describe('GraphiQL', () => {
  it('keeps nothing in localStorage: no variables (secrets), no headers (the token)', async () => {
    const page = await (
      await fetch(`${stack.gateway.url}/graphql`, { headers: { accept: 'text/html' } })
    ).text();
    // GraphiQL's own `storage` prop, passed through by Yoga's page: null disables its storage.
    expect(page).toContain('"storage":null');
    expect(page).toContain('"shouldPersistHeaders":false');
  });
});
