import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSimulator, OTHER_USER } from '../../src/simulator/index';
import { AZURE, call, demoToken, LONG_POLL_MS, OTHER, poll, sim, until } from './helpers';

beforeAll(() => sim.start());
afterAll(() => sim.stop());
beforeEach(() => sim.reset());

describe('message feed', () => {
  it('answers without last with the init message carrying the head id', async () => {
    const token = demoToken();
    const res = await call('/api/messages/client', { token });
    expect(await res.json()).toEqual([
      {
        id: '5801',
        header: { requestId: 'init', clientId: 'init', agentId: 'init' },
        payload: { init: {} },
      },
    ]);
    expect((await call('/api/messages/client?last=abc', { token })).status).toBe(400);
    expect((await call('/api/messages/client', { token, account: OTHER })).status).toBe(403);
  });

  it('holds a long poll, then answers [] when nothing arrives', async () => {
    const token = demoToken();
    const started = Date.now();
    const pending = poll(token, sim.queueHead(token));
    await until(() => sim.pollsInFlight(token) === 1);
    expect(await pending).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(LONG_POLL_MS - 20);
    expect(sim.pollsInFlight(token)).toBe(0);
  });

  it('wakes a held poll as soon as a message arrives', async () => {
    const token = demoToken();
    sim.setLongPoll(5000);
    const pending = poll(token, sim.queueHead(token));
    await until(() => sim.pollsInFlight(token) === 1);
    const started = Date.now();
    const id = sim.injectMessage(token, {
      operation: 'custom-op',
      agentId: AZURE,
      payload: { x: 1 },
    });
    const messages = await pending;
    expect(Date.now() - started).toBeLessThan(1000);
    expect(messages).toEqual([
      {
        id,
        header: {
          requestId: expect.any(String),
          clientId: expect.stringMatching(/^[0-9a-f]{24}$/),
          agentId: AZURE,
        },
        payload: { 'custom-op': { x: 1 } },
      },
    ]);
  });

  it('forgets a held poll at once when its client goes away', async () => {
    const token = demoToken();
    sim.setLongPoll(5000);
    const controller = new AbortController();
    const pending = call(`/api/messages/client?last=${sim.queueHead(token)}`, {
      token,
      signal: controller.signal,
    });
    await until(() => sim.pollsInFlight(token) === 1);
    controller.abort();
    await expect(pending).rejects.toThrow();
    await until(() => sim.pollsInFlight() === 0, 500);
    expect(sim.maxPollsInFlight(token)).toBe(1);
  });

  it('tracks the high-water mark of concurrent polls until clearRequests', async () => {
    const token = demoToken();
    sim.setLongPoll(50);
    const head = sim.queueHead(token);
    await Promise.all([poll(token, head), poll(token, head), poll(demoToken(), head)]);
    expect(sim.maxPollsInFlight()).toBe(3);
    expect(sim.maxPollsInFlight(token)).toBe(2);
    sim.clearRequests();
    expect(sim.maxPollsInFlight()).toBe(0);
    expect(sim.requests).toEqual([]);
  });

  it('compares ids as numbers across 999 -> 1000', async () => {
    const local = createSimulator({ initialMessageId: 998, longPollMs: 50 });
    await local.start();
    try {
      const token = demoToken(local);
      const ids = [1, 2, 3].map((n) =>
        local.injectMessage(token, { operation: 'tick', payload: n }),
      );
      expect(ids).toEqual(['999', '1000', '1001']);
      expect((await poll(token, 998, local)).map((message) => message.id)).toEqual(ids);
      expect((await poll(token, 999, local)).map((message) => message.id)).toEqual([
        '1000',
        '1001',
      ]);
      expect((await poll(token, 1000, local)).map((message) => message.id)).toEqual(['1001']);
      expect(local.queueHead(token)).toBe('1001');
    } finally {
      await local.stop();
    }
  });

  it('keeps only the retention window', async () => {
    const local = createSimulator({ retention: 3, longPollMs: 50 });
    await local.start();
    try {
      const token = demoToken(local);
      for (let n = 0; n < 5; n++) local.injectMessage(token, { operation: 'tick', payload: n });
      const messages = await poll(token, 5801, local);
      expect(messages.map((message) => message.payload.tick)).toEqual([2, 3, 4]);
    } finally {
      await local.stop();
    }
  });

  it('broadcasts to every queue', async () => {
    const first = demoToken();
    const second = sim.issueToken(OTHER_USER.username);
    sim.broadcast({ operation: 'announcement', payload: { text: 'hello' } });
    for (const token of [first, second]) {
      const [message] = await poll(token, 5801);
      expect(message?.payload).toEqual({ announcement: { text: 'hello' } });
    }
  });
});
