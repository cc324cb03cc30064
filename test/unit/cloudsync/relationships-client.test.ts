import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CloudSyncClient } from '../../../src/cloudsync/client';
import { UpstreamHttp } from '../../../src/cloudsync/http';
import {
  isSyncAlreadyRunning,
  SYNC_ALREADY_RUNNING_MESSAGE,
  UpstreamRejectedError,
} from '../../../src/cloudsync/relationships-client';
import type { Caller } from '../../../src/cloudsync/types';
import { loadConfig } from '../../../src/config';
import { GatewayError } from '../../../src/errors';
import { RelationshipPollers } from '../../../src/relationships/index';
import { createSimulator, DEMO_USER, SEED_IDS } from '../../../src/simulator/index';

const TEST = SEED_IDS.accounts.test;
const sim = createSimulator();
const config = loadConfig({ LOG_LEVEL: 'silent' });
const http = new UpstreamHttp(config.timeouts);
let client: CloudSyncClient;

beforeAll(async () => {
  await sim.start();
  client = new CloudSyncClient(http, { apiUrl: sim.url, authUrl: sim.url });
});
afterAll(async () => {
  await http.close();
  await sim.stop();
});
beforeEach(() => sim.reset());

function caller(): Caller {
  const token = sim.issueToken(DEMO_USER.username);
  return { authorization: `Bearer ${token}`, key: 'k', upstreamCalls: 0 };
}

const calls = (method: string, path: RegExp) =>
  sim.requests.filter((r) => r.method === method && path.test(r.path)).length;

function named(name: string): string {
  const id = sim.relationships.seededId(TEST, name);
  if (!id) throw new Error(name);
  return id;
}

describe('RelationshipsClient against the simulator', () => {
  it('lists and reads relationships, never with a credential', async () => {
    sim.relationships.setKnobs({ echoCifsCredentials: true });
    const who = caller();
    const all = await client.relationships.listRelationships(who, TEST);
    expect(all.length).toBeGreaterThanOrEqual(6);
    const one = await client.relationships.getRelationship(
      who,
      TEST,
      named('finance-share-to-azure'),
    );
    expect(one.source.kind).toBe('cifs');
    expect(JSON.stringify([all, one])).not.toContain('svc-cloudsync');
    expect(JSON.stringify([all, one])).not.toContain('"credentials"');
  });

  it('a sync while running is an UpstreamRejectedError SYNC_ALREADY_RUNNING with the message verbatim, sent once', async () => {
    const id = named('grid-to-s3');
    sim.clearRequests();
    const error = await client.relationships
      .syncRelationship(caller(), TEST, id)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamRejectedError);
    expect(isSyncAlreadyRunning(error)).toBe(true);
    expect((error as UpstreamRejectedError).upstreamMessage).toBe(SYNC_ALREADY_RUNNING_MESSAGE);
    expect(calls('PUT', /\/sync$/)).toBe(1);
  });

  it('no mutation is retried on a 503; a GET is', async () => {
    const id = named('projects-to-s3');
    sim.addFault({ method: 'PUT', path: /\/sync$/, kind: 'status', status: 503, times: 1 });
    sim.addFault({
      method: 'GET',
      path: `/api/relationships-v2/${id}`,
      kind: 'status',
      status: 503,
      times: 1,
    });
    sim.clearRequests();
    const error = await client.relationships
      .syncRelationship(caller(), TEST, id)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).code).toBe('UPSTREAM_UNAVAILABLE');
    expect(calls('PUT', /\/sync$/)).toBe(1);
    await client.relationships.getRelationship(caller(), TEST, id);
    expect(calls('GET', /^\/api\/relationships-v2\//)).toBe(2);
  });

  it('an unknown id is NOT_FOUND', async () => {
    const error = await client.relationships
      .getRelationship(caller(), TEST, '0123456789abcdef01234567')
      .catch((e: unknown) => e);
    expect((error as GatewayError).code).toBe('NOT_FOUND');
  });

  it('bulk delete sends one DELETE with repeated keys', async () => {
    const [a, b] = (await client.relationships.listRelationships(caller(), TEST)).map((r) => r.id);
    sim.clearRequests();
    await client.relationships.deleteRelationships(caller(), TEST, [a ?? '', b ?? '']);
    const sent = sim.requests.filter((r) => r.method === 'DELETE');
    expect(sent.map((r) => r.url)).toEqual([
      `/api/v2/accounts/${TEST}/relationships?relationships=${a}&relationships=${b}`,
    ]);
    const left = (await client.relationships.listRelationships(caller(), TEST)).map((r) => r.id);
    expect(left).not.toContain(a);
    expect(left).not.toContain(b);
  });

  it('settings, tags, abort, stats and account info (noCreate=true)', async () => {
    const who = caller();
    const id = named('projects-to-s3');
    const current = await client.relationships.getRelationship(who, TEST, id);
    const written = await client.relationships.updateRelationshipSettings(who, TEST, id, {
      ...current.settings?.raw,
      retries: 7,
    });
    expect(written).toMatchObject({ retries: 7, gracePeriodSeconds: 30 });
    await client.relationships.updateRelationshipTags(who, TEST, id, {
      add: [{ key: 'name', value: 'renamed' }],
    });
    expect((await client.relationships.getRelationship(who, TEST, id)).name).toBe('renamed');
    await client.relationships.abortRelationship(who, TEST, named('grid-to-s3'));
    expect(
      (await client.relationships.getRelationship(who, TEST, named('grid-to-s3'))).activity.status,
    ).toBe('ABORTED');
    const stats = await client.relationships.transferStats(who, TEST);
    expect(stats.bytesCopiedLast30Days).toHaveLength(30);
    sim.clearRequests();
    const info = await client.relationships.accountInfo(who, TEST);
    expect(info).toMatchObject({ accountId: TEST, name: 'Test' });
    expect(sim.requests.map((r) => r.url)).toEqual(['/api/accounts/info?noCreate=true']);
  });

  it('serves the pollers: sync, then watch(startedAfter) sees RUNNING then DONE, with GETs counted', async () => {
    sim.relationships.setKnobs({ tickMs: 30, steps: 4, startDelayMs: 30, runStartLagMs: 60 });
    const pollers = new RelationshipPollers(client.relationships, {
      settings: { waitingMs: 20, pendingMs: 20, runningMs: 20, minIntervalMs: 20, idleMs: 0 },
    });
    const who = caller();
    const id = named('projects-to-s3');
    const startedAfter = Date.now();
    await client.relationships.syncRelationship(who, TEST, id);
    sim.clearRequests();
    const statuses: string[] = [];
    for await (const event of pollers.watch({ caller: who, accountId: TEST, id, startedAfter })) {
      statuses.push(event.relationship.activity.status);
    }
    expect(statuses.at(-1)).toBe('DONE');
    expect(statuses).toContain('RUNNING');
    expect(statuses.indexOf('DONE')).toBe(statuses.length - 1);
    const gets = calls('GET', /^\/api\/relationships-v2\//);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(calls('GET', /^\/api\/relationships-v2\//)).toBe(gets);
    expect(pollers.size).toBe(0);
  });
});
