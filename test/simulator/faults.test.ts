import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AZURE, call, demoToken, sim, TEST, until } from './helpers';

beforeAll(() => sim.start());
afterAll(() => sim.stop());
beforeEach(() => sim.reset());

describe('faults', () => {
  it('answers a status fault for `times` requests, then normally, and records them all', async () => {
    const token = demoToken();
    sim.addFault({ path: '/api/accounts', kind: 'status', status: 503, times: 1 });
    const faulted = await call('/api/accounts', { token });
    expect(faulted.status).toBe(503);
    expect(await faulted.json()).toEqual({ code: 503, message: 'Service Unavailable' });
    expect((await call('/api/accounts', { token })).status).toBe(200);
    expect(sim.requests.map((request) => request.path)).toEqual(['/api/accounts', '/api/accounts']);
    expect(sim.requests[0]?.authorization).toBe(`Bearer ${token}`);
  });

  it('sends the headers and body given, and honours method and RegExp path', async () => {
    const token = demoToken();
    sim.addFault({
      method: 'GET',
      path: /^\/api\/data-brokers\/[0-9a-f]{24}\/list-/,
      kind: 'status',
      status: 429,
      headers: { 'retry-after': '2' },
      body: { code: 429, message: 'Too Many Requests' },
    });
    const limited = await call(`/api/data-brokers/${AZURE}/list-s3-buckets`, {
      token,
      account: TEST,
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(await limited.json()).toEqual({ code: 429, message: 'Too Many Requests' });
    const deleted = await call(`/api/data-brokers/${AZURE}/list-s3-buckets`, {
      token,
      account: TEST,
      method: 'DELETE',
    });
    expect(deleted.status).toBe(404);
    sim.clearFaults();
    expect(
      (await call(`/api/data-brokers/${AZURE}/list-s3-buckets`, { token, account: TEST })).status,
    ).toBe(202);
  });

  it('answers 200 with a body that is not JSON', async () => {
    sim.addFault({ path: '/api/accounts', kind: 'badJson' });
    const res = await call('/api/accounts', { token: demoToken() });
    expect(res.status).toBe(200);
    await expect(res.json()).rejects.toThrow(SyntaxError);
  });

  it('cuts a JSON body short and closes the socket', async () => {
    sim.addFault({ path: '/api/messages/client', kind: 'truncatedJson' });
    const res = await call('/api/messages/client?last=5801', { token: demoToken() });
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
  });

  it('resets the connection without an answer', async () => {
    sim.addFault({ path: '/api/groups', kind: 'reset' });
    await expect(call('/api/groups', { token: demoToken(), account: TEST })).rejects.toThrow();
    expect(sim.requests).toHaveLength(1);
  });

  it('never answers, until reset()', async () => {
    sim.addFault({ path: '/api/groups', kind: 'noAnswer', times: 2 });
    const token = demoToken();
    const timedOut = call('/api/groups', {
      token,
      account: TEST,
      signal: AbortSignal.timeout(100),
    });
    await expect(timedOut).rejects.toThrow();
    const held = call('/api/groups', { token, account: TEST });
    await until(() => sim.requests.length === 2);
    sim.reset();
    await expect(held).rejects.toThrow();
  });

  it('sends headers late with slowHeaders', async () => {
    sim.addFault({ path: '/api/accounts', kind: 'slowHeaders', ms: 150 });
    const started = Date.now();
    const res = await call('/api/accounts', { token: demoToken() });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(res.status).toBe(200);
  });

  it('sends headers at once and the body late with slowBody', async () => {
    sim.addFault({ path: '/api/accounts', kind: 'slowBody', ms: 200 });
    const started = Date.now();
    const res = await call('/api/accounts', { token: demoToken() });
    const headersAt = Date.now() - started;
    const body = (await res.json()) as unknown[];
    const bodyAt = Date.now() - started;
    expect(headersAt).toBeLessThan(150);
    expect(bodyAt).toBeGreaterThanOrEqual(190);
    expect(body).toHaveLength(2);
  });

  it('redirects with a Location header', async () => {
    sim.addFault({
      path: '/api/accounts',
      kind: 'redirect',
      location: 'https://elsewhere.invalid/x',
    });
    const res = await call('/api/accounts', { token: demoToken(), redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('https://elsewhere.invalid/x');
  });
});
