import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED_IDS, SYNC_RUNNING_MESSAGE } from '../../src/simulator/index';
import { type Stack, startStack, subscribeAll } from '../utils/stack';

const TEST = SEED_IDS.accounts.test;

let stack: Stack;
let token: string;

beforeAll(async () => {
  stack = await startStack({ settings: { RELATIONSHIP_POLL_RUNNING_MS: '40' } });
});
afterAll(() => stack.stop());
beforeEach(() => {
  stack.sim.reset();
  token = stack.demoToken();
});

type Json = Record<string, unknown>;
interface Node {
  id: string;
  name: string | null;
  displayName: string;
  createdAt: string | null;
  source: { protocol: string; label: string };
  target: { protocol: string; label: string };
  group: { id: string } | null;
  tags: { key: string; value: string }[];
  activity: {
    status: string;
    progress: number | null;
    endTime: string | null;
    failureMessage: string | null;
    topErrors: unknown[];
    brokerErrors: unknown[];
    counters: { copied: { bytes: number | null }; failed: { files: number | null } };
  };
}
interface Page {
  totalCount: number;
  statusCounts: { status: string; count: number }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
  edges: { cursor: string }[];
  nodes: Node[];
}

const NODE = `id name displayName createdAt source { protocol label } target { protocol label }
  group { id } tags { key value }
  activity { status progress endTime failureMessage topErrors { errorCode } brokerErrors { dataBrokerId }
    counters { copied { bytes } failed { files } } }`;

const PAGE = `query Page($a: ID!, $filter: RelationshipFilter, $orderBy: [RelationshipOrder!], $first: Int,
    $after: String, $last: Int, $before: String) {
  account(id: $a) { relationships(filter: $filter, orderBy: $orderBy, first: $first, after: $after,
      last: $last, before: $before) {
    totalCount statusCounts { status count } pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor } nodes { ${NODE} } } } }`;

async function page(variables: Json): Promise<Page> {
  const res = await stack.gql<{ account: { relationships: Page } }>(
    PAGE,
    { a: TEST, ...variables },
    token,
  );
  expect(res.errors).toBeUndefined();
  const found = res.data?.account.relationships;
  if (!found) throw new Error('no page');
  return found;
}

const ids = (nodes: { id: string }[]) => nodes.map((node) => node.id);
const upstream = (method: string, path: string | RegExp) =>
  stack
    .apiRequests()
    .filter(
      (r) =>
        r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)),
    );

/** The simulator's own view, straight from its HTTP API. */
async function simList(): Promise<Json[]> {
  const res = await fetch(`${stack.sim.url}/api/relationships-v2`, {
    headers: { authorization: `Bearer ${token}`, 'x-account-id': TEST },
  });
  return (await res.json()) as Json[];
}

function seeded(name: string): string {
  const id = stack.sim.relationships.seededId(TEST, name);
  if (!id) throw new Error(`no seeded ${name}`);
  return id;
}

describe('queries', () => {
  it('accounts { relationships { nodes { group dataBrokers } } } makes each upstream call once', async () => {
    stack.sim.clearRequests();
    const res = await stack.gql<{
      accounts: { id: string; relationships: { nodes: { group: { name: string } | null }[] } }[];
    }>(
      '{ accounts { id relationships { nodes { group { name } dataBrokers { name } } } } }',
      {},
      token,
    );
    expect(res.errors).toBeUndefined();
    const accounts = res.data?.accounts ?? [];
    expect(accounts.length).toBeGreaterThan(1);
    const expected = ['GET /api/accounts -'];
    for (const account of accounts) {
      expect(account.relationships.nodes.length).toBeGreaterThan(0);
      expect(account.relationships.nodes.every((node) => node.group?.name)).toBe(true);
      expected.push(`GET /api/relationships-v2 ${account.id}`, `GET /api/groups ${account.id}`);
    }
    const calls = stack.apiRequests().map((r) => `${r.method} ${r.path} ${r.accountId ?? '-'}`);
    expect(calls.sort()).toEqual(expected.sort());
  });

  it('every filter keeps exactly the relationships it names', async () => {
    const all = (await page({ first: 500 })).nodes;
    expect(all.length).toBeGreaterThanOrEqual(6);
    const grid = all.find((node) => node.name === 'grid-to-s3');
    const groupId = all[0]?.group?.id;
    const hasErrors = (n: Node) =>
      n.activity.failureMessage !== null ||
      n.activity.topErrors.length > 0 ||
      n.activity.brokerErrors.length > 0 ||
      (n.activity.counters.failed.files ?? 0) > 0;
    const cases: [Json, (n: Node) => boolean][] = [
      [{ status: ['FAILED', 'PENDING'] }, (n) => ['FAILED', 'PENDING'].includes(n.activity.status)],
      [{ sourceProtocol: ['NFS'] }, (n) => n.source.protocol === 'NFS'],
      [{ targetProtocol: ['S3', 'AZURE'] }, (n) => ['S3', 'AZURE'].includes(n.target.protocol)],
      [{ groupId: [groupId] }, (n) => n.group?.id === groupId],
      [{ search: 'TO-S3' }, (n) => JSON.stringify(n).toLowerCase().includes('to-s3')],
      [{ tags: [{ key: 'name', value: 'grid-to-s3' }] }, (n) => n.id === grid?.id],
      [{ hasErrors: true }, hasErrors],
      [{ hasErrors: false }, (n) => !hasErrors(n)],
      [
        { sourceProtocol: ['NFS'], targetProtocol: ['S3'] },
        (n) => n.source.protocol === 'NFS' && n.target.protocol === 'S3',
      ],
    ];
    for (const [filter, keep] of cases) {
      const expected = all.filter(keep);
      expect(expected.length, JSON.stringify(filter)).toBeGreaterThan(0);
      expect(expected.length, JSON.stringify(filter)).toBeLessThan(all.length);
      const found = await page({ filter, first: 500 });
      expect(ids(found.nodes).sort(), JSON.stringify(filter)).toEqual(ids(expected).sort());
      expect(found.totalCount).toBe(expected.length);
    }
  });

  it('every order field sorts (nulls last, id breaks ties) and pages walk it without gap or repeat', async () => {
    const keyOf: Record<string, (n: Node) => string | number | null> = {
      NAME: (n) => n.displayName.toLowerCase(),
      CREATED_AT: (n) => (n.createdAt ? Date.parse(n.createdAt) : null),
      STATUS: (n) =>
        ['PENDING', 'RUNNING', 'DONE', 'FAILED', 'ABORTED', 'UNKNOWN'].indexOf(n.activity.status),
      PROGRESS: (n) => n.activity.progress,
      LAST_RUN_END: (n) => (n.activity.endTime ? Date.parse(n.activity.endTime) : null),
      BYTES_COPIED: (n) => n.activity.counters.copied.bytes,
    };
    for (const [field, key] of Object.entries(keyOf)) {
      for (const direction of ['ASC', 'DESC']) {
        const orderBy = [{ field, direction }];
        const all = (await page({ orderBy, first: 500 })).nodes;
        const expected = [...all].sort((a, b) => {
          const x = key(a);
          const y = key(b);
          if (x !== y) {
            if (x === null) return 1;
            if (y === null) return -1;
            return (x < y ? -1 : 1) * (direction === 'DESC' ? -1 : 1);
          }
          return a.id < b.id ? -1 : 1;
        });
        expect(ids(all), `${field} ${direction}`).toEqual(ids(expected));
        const walked: string[] = [];
        let after: string | null = null;
        for (let i = 0; i < 20; i++) {
          const next = await page({ orderBy, first: 2, after });
          walked.push(...ids(next.nodes));
          if (!next.pageInfo.hasNextPage) break;
          after = next.pageInfo.endCursor;
        }
        expect(walked, `${field} ${direction}`).toEqual(ids(all));
      }
    }
    // Backwards with last/before.
    const all = (await page({ first: 500 })).nodes;
    const tail = await page({ last: 2 });
    expect(ids(tail.nodes)).toEqual(ids(all.slice(-2)));
    const before = await page({ last: 2, before: tail.edges[0]?.cursor });
    expect(ids(before.nodes)).toEqual(ids(all.slice(-4, -2)));
  });

  it('a cursor stays valid across a create and a delete between two pages', async () => {
    const all = ids((await page({ first: 500 })).nodes);
    const first = await page({ first: 3 });
    expect(ids(first.nodes)).toEqual(all.slice(0, 3));
    // Two deleted before the boundary, one created before it and one after it.
    stack.sim.relationships.delete(TEST, all[0] as string);
    stack.sim.relationships.delete(TEST, all[1] as string);
    stack.sim.relationships.copy(TEST, seeded('projects-to-s3'), 'aaa-new-first');
    const last = stack.sim.relationships.copy(TEST, seeded('projects-to-s3'), 'zzz-new-last');
    const second = await page({ first: 500, after: first.pageInfo.endCursor });
    expect(ids(second.nodes)).toEqual([...all.slice(3), last]);
    expect(second.pageInfo.hasPreviousPage).toBe(true);
  });

  it('a cursor of another order, or not a cursor, is BAD_USER_INPUT', async () => {
    const first = await page({ first: 1 });
    for (const variables of [
      { after: first.pageInfo.endCursor, orderBy: [{ field: 'PROGRESS' }] },
      { after: 'bm90IGEgY3Vyc29y' },
      { first: 501 },
      { first: -1 },
    ]) {
      const res = await stack.gql(PAGE, { a: TEST, ...variables }, token);
      expect(res.errors?.[0]?.extensions?.code, JSON.stringify(variables)).toBe('BAD_USER_INPUT');
    }
  });

  it('statusCounts and totalCount count after the filter, before paging', async () => {
    const all = (await page({ first: 500 })).nodes;
    const filter = { targetProtocol: ['S3'] };
    const kept = all.filter((n) => n.target.protocol === 'S3');
    const one = await page({ filter, first: 1 });
    expect(one.nodes).toHaveLength(1);
    expect(one.totalCount).toBe(kept.length);
    for (const { status, count } of one.statusCounts) {
      expect(count, status).toBe(kept.filter((n) => n.activity.status === status).length);
    }
    expect(one.statusCounts.reduce((sum, c) => sum + c.count, 0)).toBe(kept.length);
  });

  it('relationship(id), DataBrokerGroup.relationships, transferStats and subscription', async () => {
    const id = seeded('grid-to-s3');
    const simIds = ids((await simList()) as { id: string }[]);
    stack.sim.clearRequests();
    const res = await stack.gql<{
      account: {
        relationship: { id: string; name: string; source: Json } | null;
        missing: unknown;
        dataBrokerGroups: { id: string; relationships: { id: string }[] }[];
        transferStats: { totalBytes: number; bytesCopiedLast30Days: unknown[] };
        subscription: { subscriptionType: string | null };
      };
    }>(
      `query($a: ID!, $id: ID!) { account(id: $a) {
        relationship(id: $id) { id name source { __typename protocol provider label ... on S3Endpoint { host port bucket } } }
        missing: relationship(id: "0123456789abcdef01234567") { id }
        dataBrokerGroups { id relationships { id } }
        transferStats { totalBytes bytesCopiedLast30Days { date bytesCopied } }
        subscription { subscriptionType } } }`,
      { a: TEST, id },
      token,
    );
    expect(res.errors).toBeUndefined();
    const account = res.data?.account;
    expect(account?.relationship).toMatchObject({
      id,
      name: 'grid-to-s3',
      source: { __typename: 'S3Endpoint', protocol: 'S3', provider: 'sgws' },
    });
    expect(account?.missing).toBeNull();
    const inGroups = account?.dataBrokerGroups.flatMap((g) => ids(g.relationships)) ?? [];
    expect(inGroups.sort()).toEqual(simIds.sort());
    expect(account?.transferStats.totalBytes).toBeGreaterThan(0);
    // One list call serves every group; each relationship(id) asked before the list was is one GET.
    expect(upstream('GET', '/api/relationships-v2')).toHaveLength(1);
    expect(
      upstream('GET', /^\/api\/relationships-v2\//)
        .map((r) => r.path)
        .sort(),
    ).toEqual(
      [`/api/relationships-v2/${id}`, '/api/relationships-v2/0123456789abcdef01234567'].sort(),
    );
    expect(upstream('GET', '/api/accounts/info')[0]?.url).toContain('noCreate=true');
  });
});

const SYNC = `mutation($a: ID!, $id: ID!) { syncRelationship(accountId: $a, id: $id) {
  requestedAt userErrors { code message field } relationship { id } } }`;
const PROGRESS = `subscription($a: ID!, $id: ID!, $t: DateTime) {
  relationshipProgress(accountId: $a, id: $id, startedAfter: $t) { final observedAt
    relationship { id activity { status progress counters { copied { bytes files } } } } } }`;

interface ProgressData {
  relationshipProgress: {
    final: boolean;
    relationship: {
      activity: { status: string; counters: { copied: { bytes: number; files: number } } };
    };
  };
}

describe('mutations and progress', () => {
  it('sync → relationshipProgress(startedAfter) sees RUNNING, then DONE, with growing counters', async () => {
    stack.sim.relationships.setKnobs({
      tickMs: 30,
      steps: 6,
      startDelayMs: 30,
      runStartLagMs: 150,
    });
    const id = seeded('projects-to-s3');
    const synced = await stack.gql<{
      syncRelationship: { requestedAt: string; userErrors: unknown[] };
    }>(SYNC, { a: TEST, id }, token);
    expect(synced.errors).toBeUndefined();
    expect(synced.data?.syncRelationship.userErrors).toEqual([]);
    const t = synced.data?.syncRelationship.requestedAt;
    const sub = subscribeAll<ProgressData>(stack.ws(token), PROGRESS, { a: TEST, id, t });
    await sub.done;
    expect(sub.errors).toEqual([]);
    const statuses = sub.events.map((e) => e.relationshipProgress.relationship.activity.status);
    expect(statuses[0]).not.toBe('DONE');
    expect(statuses).toContain('RUNNING');
    expect(statuses.at(-1)).toBe('DONE');
    expect(sub.events.at(-1)?.relationshipProgress.final).toBe(true);
    expect(sub.events.slice(0, -1).every((e) => !e.relationshipProgress.final)).toBe(true);
    const copied = sub.events.map(
      (e) => e.relationshipProgress.relationship.activity.counters.copied.bytes,
    );
    for (let i = 1; i < copied.length; i++)
      expect(copied[i]).toBeGreaterThanOrEqual(copied[i - 1] ?? 0);
    expect(copied.at(-1)).toBeGreaterThan(copied[0] ?? 0);
    expect(upstream('PUT', `/api/relationships/${id}/sync`)).toHaveLength(1);
  });

  it('a sync while running is a SYNC_ALREADY_RUNNING user error with the upstream message', async () => {
    const id = seeded('grid-to-s3');
    stack.sim.clearRequests();
    const res = await stack.gql<{
      syncRelationship: { userErrors: Json[]; relationship: { id: string } };
    }>(SYNC, { a: TEST, id }, token);
    expect(res.errors).toBeUndefined();
    expect(res.data?.syncRelationship.userErrors).toEqual([
      { code: 'SYNC_ALREADY_RUNNING', message: SYNC_RUNNING_MESSAGE, field: null },
    ]);
    expect(res.data?.syncRelationship.relationship.id).toBe(id);
    // Never retried.
    expect(upstream('PUT', `/api/relationships/${id}/sync`)).toHaveLength(1);
  });

  it('abort ends the progress stream with ABORTED', async () => {
    const id = seeded('grid-to-s3');
    const sub = subscribeAll<ProgressData>(stack.ws(token), PROGRESS, { a: TEST, id });
    const first = Date.now();
    while (sub.events.length === 0 && Date.now() - first < 5_000) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(sub.events[0]?.relationshipProgress.relationship.activity.status).toBe('RUNNING');
    const res = await stack.gql<{ abortRelationship: { userErrors: unknown[] } }>(
      `mutation($a: ID!, $id: ID!) { abortRelationship(accountId: $a, id: $id) {
        userErrors { code } relationship { activity { status } } } }`,
      { a: TEST, id },
      token,
    );
    expect(res.data?.abortRelationship).toEqual({
      userErrors: [],
      relationship: { activity: { status: 'ABORTED' } },
    });
    await sub.done;
    expect(sub.errors).toEqual([]);
    expect(sub.events.at(-1)?.relationshipProgress).toMatchObject({
      final: true,
      relationship: { activity: { status: 'ABORTED' } },
    });
  });

  it('a settings patch keeps every field it did not name', async () => {
    const id = seeded('projects-to-s3');
    const before = ((await simList()).find((r) => r.id === id) as Json).settings as Json;
    stack.sim.clearRequests();
    const res = await stack.gql<{ updateRelationshipSettings: Json }>(
      `mutation($a: ID!, $id: ID!, $patch: RelationshipSettingsInput!) {
        updateRelationshipSettings(accountId: $a, id: $id, patch: $patch) {
          userErrors { code } relationship { settings { retries gracePeriodSeconds
            schedule { enabled every { days hours minutes } } notifications { aborted done } } } } }`,
      {
        a: TEST,
        id,
        patch: {
          retries: 7,
          schedule: { enabled: true, every: { hours: 4 } },
          notifications: { aborted: true },
        },
      },
      token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.updateRelationshipSettings).toEqual({
      userErrors: [],
      relationship: {
        settings: {
          retries: 7,
          gracePeriodSeconds: before.gracePeriod,
          schedule: { enabled: true, every: { days: 1, hours: 4, minutes: 0 } },
          notifications: { aborted: true, done: true },
        },
      },
    });
    const after = ((await simList()).find((r) => r.id === id) as Json).settings as Json;
    const expected = structuredClone(before) as {
      retries: number;
      schedule: Json;
      notifications: { cm: Json };
    };
    expected.retries = 7;
    expected.schedule.isEnabled = true;
    expected.schedule.syncInHours = 4;
    expected.notifications.cm.aborted = true;
    expect(after).toEqual(expected);
    // The whole object went up, in one PUT.
    const puts = upstream('PUT', `/api/relationships-v2/${id}`);
    expect(puts).toHaveLength(1);
    expect(puts[0]?.body).toEqual(expected);
  });

  it('tags and rename', async () => {
    const id = seeded('projects-to-s3');
    const renamed = await stack.gql<{ renameRelationship: Json }>(
      `mutation($a: ID!, $id: ID!) { renameRelationship(accountId: $a, id: $id, name: "nightly") {
        userErrors { code } relationship { name displayName } } }`,
      { a: TEST, id },
      token,
    );
    expect(renamed.data?.renameRelationship).toEqual({
      userErrors: [],
      relationship: { name: 'nightly', displayName: 'nightly' },
    });
    const tagged = await stack.gql<{ updateRelationshipTags: Json }>(
      `mutation($a: ID!, $id: ID!) { updateRelationshipTags(accountId: $a, id: $id,
        add: [{ key: "team", value: "media" }], remove: ["nope"]) {
        userErrors { code } relationship { tags { key value } } } }`,
      { a: TEST, id },
      token,
    );
    expect(tagged.data?.updateRelationshipTags).toEqual({
      userErrors: [],
      relationship: {
        tags: [
          { key: 'name', value: 'nightly' },
          { key: 'team', value: 'media' },
        ],
      },
    });
    const empty = await stack.gql<{ renameRelationship: Json }>(
      `mutation($a: ID!, $id: ID!) { renameRelationship(accountId: $a, id: $id, name: " ") {
        userErrors { code field } } }`,
      { a: TEST, id },
      token,
    );
    expect(empty.data?.renameRelationship).toEqual({
      userErrors: [{ code: 'INVALID_INPUT', field: ['name'] }],
    });
  });

  it('a bulk delete with one unknown id deletes the others, in one call, and reports the unknown one', async () => {
    const a = seeded('projects-to-s3');
    const b = seeded('gcs-to-dc1');
    const unknown = '0123456789abcdef01234567';
    stack.sim.clearRequests();
    const res = await stack.gql<{ deleteRelationships: Json }>(
      `mutation($a: ID!, $ids: [ID!]!) { deleteRelationships(accountId: $a, ids: $ids) {
        deletedIds userErrors { code field } } }`,
      { a: TEST, ids: [a, b, unknown] },
      token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.deleteRelationships).toEqual({
      deletedIds: [a, b],
      userErrors: [{ code: 'NOT_FOUND', field: ['ids', '2'] }],
    });
    const deletes = upstream('DELETE', `/api/v2/accounts/${TEST}/relationships`);
    expect(deletes).toHaveLength(1);
    expect(deletes[0]?.url).toContain(`relationships=${a}&relationships=${b}`);
    const left = ids((await simList()) as { id: string }[]);
    expect(left).not.toContain(a);
    expect(left).not.toContain(b);
    const single = await stack.gql<{ deleteRelationship: Json }>(
      `mutation($a: ID!, $id: ID!) { deleteRelationship(accountId: $a, id: $id) {
        deletedIds userErrors { code field } } }`,
      { a: TEST, id: a },
      token,
    );
    expect(single.data?.deleteRelationship).toEqual({
      deletedIds: [],
      userErrors: [{ code: 'NOT_FOUND', field: ['id'] }],
    });
  });

  it('no output anywhere carries a credential the upstream put in a GET body', async () => {
    stack.sim.relationships.setKnobs({
      echoCifsCredentials: true,
      tickMs: 20,
      steps: 2,
      startDelayMs: 10,
    });
    const raw = await simList();
    const cifs = raw.find((r) => (r.source as Json).protocol === 'cifs') as Json;
    const password = (((cifs.source as Json).cifs as Json).credentials as Json).password as string;
    expect(password).toMatch(/^Cs!/);
    const id = cifs.id as string;
    const everything = `id name source { __typename protocol provider label ... on CifsEndpoint { host share path version }
      ... on UnknownEndpoint { raw protocolRaw } } target { __typename label ... on UnknownEndpoint { raw } }
      settings { retries } tags { key value }`;
    const outputs: string[] = [];
    const list = await stack.gql(
      `query($a: ID!, $id: ID!) { account(id: $a) { relationships(first: 500) { nodes { ${everything} } }
        relationship(id: $id) { ${everything} } } }`,
      { a: TEST, id },
      token,
    );
    outputs.push(JSON.stringify(list));
    const byId = await stack.gql(
      `query($a: ID!, $id: ID!) { account(id: $a) { relationship(id: $id) { ${everything} } } }`,
      { a: TEST, id },
      token,
    );
    outputs.push(JSON.stringify(byId));
    const synced = await stack.gql(
      `mutation($a: ID!, $id: ID!) { syncRelationship(accountId: $a, id: $id) { requestedAt relationship { ${everything} } } }`,
      { a: TEST, id },
      token,
    );
    outputs.push(JSON.stringify(synced));
    const sub = subscribeAll(
      stack.ws(token),
      `subscription($a: ID!, $id: ID!) { relationshipProgress(accountId: $a, id: $id) { relationship { ${everything} } } }`,
      { a: TEST, id },
    );
    await sub.done;
    outputs.push(JSON.stringify(sub));
    expect(outputs.join('\n')).toContain(id);
    for (const output of outputs) {
      expect(output).not.toContain(password);
      expect(output).not.toContain('svc-cloudsync');
    }
  });

  it('relationshipChanges tells ADDED, UPDATED and REMOVED from one list call per interval', async () => {
    const sub = subscribeAll<{ relationshipChanges: { kind: string; id: string } }>(
      stack.ws(token),
      `subscription($a: ID!) { relationshipChanges(accountId: $a, filter: { targetProtocol: [S3] }) {
        kind id relationship { id displayName } } }`,
      { a: TEST },
    );
    const until = async (check: () => boolean) => {
      const start = Date.now();
      while (!check()) {
        if (Date.now() - start > 5_000) throw new Error('timed out');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    await until(() => upstream('GET', '/api/relationships-v2').length > 0);
    // Let the baseline land before changing anything.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const added = stack.sim.relationships.copy(TEST, seeded('projects-to-s3'), 'new-s3');
    await until(() => sub.events.some((e) => e.relationshipChanges.id === added));
    const removed = seeded('projects-to-s3');
    stack.sim.relationships.delete(TEST, removed);
    await until(() => sub.events.some((e) => e.relationshipChanges.kind === 'REMOVED'));
    sub.unsubscribe();
    const kinds = sub.events.map(
      (e) => `${e.relationshipChanges.kind} ${e.relationshipChanges.id}`,
    );
    expect(kinds).toContain(`ADDED ${added}`);
    expect(kinds).toContain(`REMOVED ${removed}`);
    // Only rows that pass the filter: nothing about the GCS → NFS relationship.
    expect(kinds.join()).not.toContain(seeded('gcs-to-dc1'));
  });
});
