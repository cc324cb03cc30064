import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED_IDS } from '../../src/simulator/index';
import { AZURE, call, demoToken, sim, TEST } from './helpers';

beforeAll(() => sim.start());
afterAll(() => sim.stop());
beforeEach(() => sim.reset());

describe('data brokers and groups', () => {
  it('lists brokers of every type, pending and failed ones included', async () => {
    const res = await call('/api/data-brokers', { token: demoToken(), account: TEST });
    const brokers = (await res.json()) as Record<string, unknown>[];
    expect(new Set(brokers.map((broker) => broker.type))).toEqual(
      new Set(['AWS', 'AZURE', 'GCP', 'ONPREM']),
    );
    for (const broker of brokers) expect(broker.id).toMatch(/^[0-9a-f]{24}$/);

    const azure = brokers.find((broker) => broker.id === AZURE);
    expect(azure).toMatchObject({
      name: 'vmazjb1',
      type: 'AZURE',
      status: 'COMPLETE',
      transferRate: 1753.016,
      groupId: SEED_IDS.groups.azure,
    });
    expect(azure?.fileLink).toMatch(/^https:\/\/cf\.cloudsync\.netapp\.com\/[0-9a-f]{24}$/);
    expect((azure?.placement as Record<string, unknown> | undefined)?.cpus).toBe('4');
    expect(typeof azure?.lastPing).toBe('number');

    const pending = brokers.find((broker) => broker.id === SEED_IDS.brokers.onpremPending);
    expect(pending).toBeDefined();
    expect(pending).not.toHaveProperty('status');

    const failed = brokers.find((broker) => broker.id === SEED_IDS.brokers.awsFailed);
    expect(failed?.status).toBe('FAILED');
    expect(typeof failed?.message).toBe('string');
  });

  it('lists groups with their brokers', async () => {
    const res = await call('/api/groups', { token: demoToken(), account: TEST });
    const groups = (await res.json()) as {
      id: string;
      name: string;
      createdAt: string;
      dataBrokers: { id: string }[];
      relationships: unknown[];
    }[];
    const azure = groups.find((group) => group.id === SEED_IDS.groups.azure);
    expect(azure?.name).toBe('Azure East');
    expect(azure?.dataBrokers.map((broker) => broker.id)).toEqual([AZURE]);
    // Its sync relationships, by id (test/simulator/relationships.test.ts checks them).
    expect(azure?.relationships.length).toBeGreaterThan(0);
    for (const id of azure?.relationships ?? []) expect(id).toMatch(/^[0-9a-f]{24}$/);
    expect(new Date(azure?.createdAt ?? '').toISOString()).toBe(azure?.createdAt);
  });

  it('creates a pending broker in a new group, or in the group named', async () => {
    const token = demoToken();
    const res = await call('/api/data-brokers', {
      token,
      account: TEST,
      method: 'POST',
      body: { name: 'new-broker', type: 'AWS' },
    });
    expect(res.status).toBe(200);
    const created = (await res.json()) as Record<string, string>;
    expect(created).toMatchObject({ name: 'new-broker', type: 'AWS' });
    expect(created.id).toMatch(/^[0-9a-f]{24}$/);
    expect(created.groupId).toMatch(/^[0-9a-f]{24}$/);
    expect(created.fileLink).toMatch(/^https:\/\/cf\.cloudsync\.netapp\.com\//);
    expect(typeof created.latestVersion).toBe('string');

    const listed = (await (await call('/api/data-brokers', { token, account: TEST })).json()) as {
      id: string;
    }[];
    const mine = listed.find((broker) => broker.id === created.id);
    expect(mine).toBeDefined();
    expect(mine).not.toHaveProperty('status');
    const groups = (await (await call('/api/groups', { token, account: TEST })).json()) as {
      id: string;
    }[];
    expect(groups.map((group) => group.id)).toContain(created.groupId);

    const inGroup = await call('/api/data-brokers', {
      token,
      account: TEST,
      method: 'POST',
      body: { name: 'gcp-2', type: 'GCP', groupId: SEED_IDS.groups.gcp },
    });
    const second = (await inGroup.json()) as Record<string, unknown>;
    expect(second.groupId).toBe(SEED_IDS.groups.gcp);
    expect(second.template).toBeTypeOf('object');
  });

  it('rejects a bad create body (400) and an unknown group (404)', async () => {
    const token = demoToken();
    const post = (body: unknown) =>
      call('/api/data-brokers', { token, account: TEST, method: 'POST', body });
    expect((await post({ type: 'AWS' })).status).toBe(400);
    expect((await post({ name: 'x', type: 'IBM' })).status).toBe(400);
    expect((await post([])).status).toBe(400);
    const unknownGroup = await post({ name: 'x', type: 'AWS', groupId: SEED_IDS.groups.other });
    expect(unknownGroup.status).toBe(404);
  });

  it('deletes a broker, then answers 404 for it', async () => {
    const token = demoToken();
    const path = `/api/data-brokers/${SEED_IDS.brokers.gcp}`;
    expect((await call(path, { token, account: TEST, method: 'DELETE' })).status).toBe(200);
    const listed = (await (await call('/api/data-brokers', { token, account: TEST })).json()) as {
      id: string;
    }[];
    expect(listed.map((broker) => broker.id)).not.toContain(SEED_IDS.brokers.gcp);
    const again = await call(path, { token, account: TEST, method: 'DELETE' });
    expect(again.status).toBe(404);
    expect(await again.json()).toEqual({ code: 404, message: 'Data broker not found' });
  });
});
