import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createSimulator,
  DEMO_USER,
  OTHER_USER,
  SEED_IDS,
  SYNC_RUNNING_MESSAGE,
} from '../../src/simulator/index';

const TEST = SEED_IDS.accounts.test;
const PRODUCTION = SEED_IDS.accounts.production;
const OTHER = SEED_IDS.accounts.other;

const sim = createSimulator({ listingDelayMs: 5, longPollMs: 200 });

beforeAll(() => sim.start());
afterAll(() => sim.stop());
beforeEach(() => sim.reset());

type Json = Record<string, unknown>;
interface Activity extends Json {
  status: string;
  type: string;
  progress: number;
  bytesCopied: number;
  filesScanned: number;
  startTime: string | null;
  endTime: string | null;
  failureMessage: string;
  topFiveMostCommonRelationshipErrors: Json[];
  filesFailed: number;
}
interface Rel extends Json {
  id: string;
  relationshipId: string;
  group: string;
  createdAt: unknown;
  isCm: unknown;
  tags: { key: string; value: string }[];
  source: Json;
  target: Json;
  settings: Json;
  activity: Activity;
}

function call(
  path: string,
  options: { method?: string; account?: string; body?: unknown; token?: string } = {},
): Promise<Response> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${options.token ?? sim.issueToken(DEMO_USER.username)}`,
  };
  if (options.account !== undefined) headers['x-account-id'] = options.account;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${sim.url}${path}`, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
}

async function list(account = TEST): Promise<Rel[]> {
  const res = await call('/api/relationships-v2', { account });
  expect(res.status).toBe(200);
  return (await res.json()) as Rel[];
}

async function get(id: string, account = TEST): Promise<Rel> {
  const res = await call(`/api/relationships-v2/${id}`, { account });
  expect(res.status).toBe(200);
  return (await res.json()) as Rel;
}

function named(name: string, account: string = TEST): string {
  const id = sim.relationships.seededId(account, name);
  if (!id) throw new Error(`no seeded relationship ${name}`);
  return id;
}

const sync = (id: string, account = TEST) =>
  call(`/api/relationships/${id}/sync`, { method: 'PUT', account });
const abort = (id: string, account = TEST) =>
  call(`/api/relationships/${id}/abort`, { method: 'PUT', account });

/** Polls until the status is terminal (bounded), returning every snapshot seen. */
async function untilTerminal(id: string, account = TEST): Promise<Activity[]> {
  const seen: Activity[] = [];
  for (let i = 0; i < 400; i++) {
    const { activity } = await get(id, account);
    seen.push(activity);
    if (['DONE', 'FAILED', 'ABORTED'].includes(activity.status)) return seen;
    await sleep(5);
  }
  throw new Error('the run never ended');
}

const fast = () => sim.relationships.setKnobs({ tickMs: 10, steps: 4, startDelayMs: 10 });

describe('seeded relationships', () => {
  it('each demo account has 6 to 8, one RUNNING, one FAILED, one PENDING, the rest DONE', async () => {
    for (const account of [TEST, PRODUCTION, OTHER]) {
      const token = sim.issueToken(account === OTHER ? OTHER_USER.username : DEMO_USER.username);
      const res = await call('/api/relationships-v2', { account, token });
      const rels = (await res.json()) as Rel[];
      expect(rels.length).toBeGreaterThanOrEqual(6);
      expect(rels.length).toBeLessThanOrEqual(8);
      const statuses = rels.map((rel) => rel.activity.status);
      expect(statuses.filter((s) => s === 'RUNNING')).toHaveLength(1);
      expect(statuses.filter((s) => s === 'FAILED')).toHaveLength(1);
      expect(statuses.filter((s) => s === 'PENDING')).toHaveLength(1);
      expect(statuses.filter((s) => s === 'DONE')).toHaveLength(rels.length - 3);
      const failed = rels.find((rel) => rel.activity.status === 'FAILED');
      expect(failed?.activity.topFiveMostCommonRelationshipErrors[0]).toMatchObject({
        step: 'TRANSFER',
        errorCode: 'invalid_credentials',
      });
      const pending = rels.find((rel) => rel.activity.status === 'PENDING');
      expect(pending?.activity).toMatchObject({ progress: 0, executionTime: null });
    }
  });

  it('covers NFS→S3, CIFS→Azure, SGWS→S3, GCP→NFS and Box→S3 with the real-data quirks', async () => {
    const rels = await list();
    const pairs = rels.map((rel) => {
      const s3 = rel.source.s3 as Json | undefined;
      const from = s3?.provider === 'sgws' ? 'sgws' : rel.source.protocol;
      return `${String(from)}→${String(rel.target.protocol)}`;
    });
    expect(pairs).toEqual(
      expect.arrayContaining(['nfs→s3', 'cifs→azure', 'sgws→s3', 'gcp→nfs', 'box→s3']),
    );
    for (const rel of rels) {
      expect(rel.id).toMatch(/^[0-9a-f]{24}$/);
      expect(rel.relationshipId).toBe(rel.id);
      expect(rel.isCm).toBe(true);
      expect(typeof rel.createdAt).toBe('number');
      expect(rel.tags.some((tag) => tag.key === 'name')).toBe(true);
      expect(JSON.stringify(rel)).not.toContain('"credentials"');
    }
    const grid = rels.find((rel) => (rel.source.s3 as Json | undefined)?.provider === 'sgws');
    expect(grid?.source.s3).toMatchObject({ port: '443', host: 'https://s3.datafabric.lan' });
  });

  it("groups list their relationships' ids", async () => {
    const rels = await list();
    const res = await call('/api/groups', { account: TEST });
    const groups = (await res.json()) as { id: string; relationships: string[] }[];
    const listed = groups.flatMap((group) => group.relationships).sort();
    expect(listed).toEqual(rels.map((rel) => rel.id).sort());
    for (const rel of rels) {
      expect(groups.find((group) => group.id === rel.group)?.relationships).toContain(rel.id);
    }
  });

  it('echoCifsCredentials puts cifs.credentials into the GET bodies', async () => {
    sim.relationships.setKnobs({ echoCifsCredentials: true });
    const id = named('finance-share-to-azure');
    const one = await get(id);
    expect((one.source.cifs as Json).credentials).toMatchObject({
      username: 'svc-cloudsync',
      password: expect.any(String),
    });
    const all = await list();
    expect(JSON.stringify(all)).toContain('"credentials"');
  });

  it('an unknown id is 404 Relationship not found; another account is 403', async () => {
    const res = await call('/api/relationships-v2/0123456789abcdef01234567', { account: TEST });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ code: 404, message: 'Relationship not found' });
    const other = await call('/api/relationships-v2', { account: OTHER });
    expect(other.status).toBe(403);
    const id = named('projects-to-s3', PRODUCTION);
    const wrong = await call(`/api/relationships-v2/${id}`, { account: TEST });
    expect(wrong.status).toBe(404);
  });
});

describe('runs', () => {
  it('sync: PENDING, then RUNNING with growing counters, then DONE; 400 while running', async () => {
    fast();
    const id = named('projects-to-s3');
    const before = (await get(id)).activity;
    expect(before.status).toBe('DONE');
    expect((await sync(id)).status).toBe(202);
    const again = await sync(id);
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ code: 400, message: SYNC_RUNNING_MESSAGE });
    const seen = await untilTerminal(id);
    expect(seen.some((a) => a.status === 'RUNNING')).toBe(true);
    const last = seen.at(-1);
    expect(last).toMatchObject({ status: 'DONE', progress: 100, type: 'Sync', failureMessage: '' });
    expect(last?.endTime).not.toBeNull();
    const copied = seen.map((a) => a.bytesCopied);
    expect(copied).toEqual([...copied].sort((a, b) => a - b));
    expect((await sync(id)).status).toBe(202);
  });

  it('a run shows PENDING with zeroed counters until startDelayMs', async () => {
    sim.relationships.setKnobs({ startDelayMs: 60_000 });
    const id = named('projects-to-s3');
    expect((await sync(id)).status).toBe(202);
    const { activity } = await get(id);
    expect(activity).toMatchObject({
      status: 'PENDING',
      type: 'Sync',
      progress: 0,
      bytesCopied: 0,
    });
    expect(activity.startTime).not.toBeNull();
    expect((await sync(id)).status).toBe(400);
  });

  it('the first run is an Initial Copy, the next a Sync', async () => {
    fast();
    const id = named('box-to-s3');
    expect((await sync(id)).status).toBe(202);
    const first = await untilTerminal(id);
    expect(first.at(-1)).toMatchObject({ status: 'DONE', type: 'Initial Copy' });
    expect((await sync(id)).status).toBe(202);
    const second = await untilTerminal(id);
    expect(second.at(-1)).toMatchObject({ status: 'DONE', type: 'Sync' });
  });

  it('failNextRun ends the next run FAILED with its top error', async () => {
    fast();
    const id = named('projects-to-s3');
    sim.relationships.failNextRun(id);
    await sync(id);
    const last = (await untilTerminal(id)).at(-1);
    expect(last?.status).toBe('FAILED');
    expect(last?.filesFailed).toBeGreaterThan(0);
    expect(last?.failureMessage).toContain('SAS Connection-string');
    expect(last?.topFiveMostCommonRelationshipErrors[0]).toMatchObject({
      errorCode: 'invalid_credentials',
      counter: last?.filesFailed,
    });
    await sync(id);
    expect((await untilTerminal(id)).at(-1)?.status).toBe('DONE');
  });

  it('the seeded RUNNING run is held in tests; releaseRun lets it finish', async () => {
    fast();
    const id = named('grid-to-s3');
    const a = (await get(id)).activity;
    await sleep(40);
    const b = (await get(id)).activity;
    expect(a.status).toBe('RUNNING');
    expect(b).toEqual(a);
    sim.relationships.releaseRun(id);
    expect((await untilTerminal(id)).at(-1)?.status).toBe('DONE');
  });

  it('abort: RUNNING becomes ABORTED; idle is 202, or 400 with abortWhenIdle', async () => {
    const id = named('grid-to-s3');
    const progress = (await get(id)).activity.progress;
    expect((await abort(id)).status).toBe(202);
    const after = (await get(id)).activity;
    expect(after).toMatchObject({ status: 'ABORTED', progress });
    expect(after.endTime).not.toBeNull();
    expect((await abort(id)).status).toBe(202);
    sim.relationships.setKnobs({ abortWhenIdle: 400 });
    expect((await abort(id)).status).toBe(400);
  });

  it('runStartLagMs: the GET shows the previous run for a while, and a sync is refused', async () => {
    sim.relationships.setKnobs({ runStartLagMs: 60_000 });
    const id = named('projects-to-s3');
    const before = (await get(id)).activity;
    expect((await sync(id)).status).toBe(202);
    expect((await get(id)).activity).toEqual(before);
    expect((await sync(id)).status).toBe(400);
  });
});

describe('edits', () => {
  it('settings: top-level merge, the full object back; wrong types are 400', async () => {
    const id = named('projects-to-s3');
    const res = await call(`/api/relationships-v2/${id}`, {
      method: 'PUT',
      account: TEST,
      body: { retries: 5, fileTypes: { files: true, directories: false } },
    });
    expect(res.status).toBe(200);
    const settings = (await res.json()) as Json;
    expect(settings).toMatchObject({ retries: 5, gracePeriod: 30, copyData: true });
    expect(settings.fileTypes).toEqual({ files: true, directories: false });
    expect((await get(id)).settings).toEqual(settings);
    const bad = await call(`/api/relationships-v2/${id}`, {
      method: 'PUT',
      account: TEST,
      body: { retries: 'many' },
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ code: 400, message: 'body/retries must be number' });
  });

  it('tags: add replaces by key, remove drops', async () => {
    const id = named('projects-to-s3');
    const res = await call(`/api/accounts/${TEST}/relationships/${id}/tags`, {
      method: 'PUT',
      body: {
        add: [
          { key: 'name', value: 'renamed' },
          { key: 'env', value: 'prod' },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect((await get(id)).tags).toEqual([
      { key: 'name', value: 'renamed' },
      { key: 'env', value: 'prod' },
    ]);
    await call(`/api/accounts/${TEST}/relationships/${id}/tags`, {
      method: 'PUT',
      body: { remove: ['env'] },
    });
    expect((await get(id)).tags).toEqual([{ key: 'name', value: 'renamed' }]);
  });

  it('delete one (200) and many (204, repeated keys and commas); any unknown id deletes none', async () => {
    const ids = (await list()).map((rel) => rel.id);
    const [one, two, three, four] = ids;
    expect(
      (await call(`/api/relationships/${one}`, { method: 'DELETE', account: TEST })).status,
    ).toBe(200);
    const unknown = await call(
      `/api/v2/accounts/${TEST}/relationships?relationships=${two}&relationships=0123456789abcdef01234567`,
      { method: 'DELETE' },
    );
    expect(unknown.status).toBe(404);
    expect((await list()).map((rel) => rel.id)).toEqual(ids.slice(1));
    const bulk = await call(
      `/api/v2/accounts/${TEST}/relationships?relationships=${two}&relationships=${three},${four}`,
      { method: 'DELETE' },
    );
    expect(bulk.status).toBe(204);
    expect((await list()).map((rel) => rel.id)).toEqual(ids.slice(4));
  });
});

describe('account reads', () => {
  it('relationships-stats and info', async () => {
    const stats = (await (
      await call('/api/accounts/relationships-stats', { account: TEST })
    ).json()) as Json;
    expect(stats.numberOfRelationships).toBe((await list()).length);
    expect(stats.totalBytes).toBeGreaterThan(2 ** 31);
    expect(stats.bytesCopiedInTheLast30Days).toHaveLength(30);
    const info = await call('/api/accounts/info?noCreate=true', { account: TEST });
    expect(info.status).toBe(200);
    expect(await info.json()).toMatchObject({
      accountId: TEST,
      name: 'Test',
      daysLeftForTrial: expect.any(Number),
      subscriptionStatus: expect.any(String),
    });
  });

  it('faults apply to the relationship GETs by route', async () => {
    const id = named('projects-to-s3');
    sim.addFault({ path: `/api/relationships-v2/${id}`, kind: 'status', status: 503, times: 1 });
    sim.addFault({ path: '/api/relationships-v2', kind: 'status', status: 401, times: 1 });
    expect((await call(`/api/relationships-v2/${id}`, { account: TEST })).status).toBe(503);
    expect((await call('/api/relationships-v2', { account: TEST })).status).toBe(401);
    expect((await call(`/api/relationships-v2/${id}`, { account: TEST })).status).toBe(200);
  });

  it('reset puts back deleted relationships and knobs', async () => {
    const before = await list();
    sim.relationships.setKnobs({ echoCifsCredentials: true });
    await call(`/api/relationships/${before[0]?.id}`, { method: 'DELETE', account: TEST });
    sim.reset();
    expect(await list()).toEqual(
      before.map((rel) => (rel.activity.status === 'RUNNING' ? expect.any(Object) : rel)),
    );
    expect(sim.relationships.knobs.echoCifsCredentials).toBe(false);
  });
});
