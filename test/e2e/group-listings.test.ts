import { isNonNullType } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LIST_OPERATIONS } from '../../src/cloudsync/list-operations';
import { SEED_IDS } from '../../src/simulator';
import {
  CASES,
  type Case,
  fieldQuery,
  GROUP,
  GROUP_LISTING,
  groupFields,
  NFS_HOST,
  sftpServer,
  TEST,
} from '../utils/group-listings';
import { type Stack, startStack, subscribeAll, until } from '../utils/stack';

/**
 * The 29 group-family listings through the gateway, against the simulator: every one answers
 * through its waiting field on DataBrokerGroup and through the groupListing subscription, with the
 * exact upstream path, query string and credential headers (from the simulator's request log).
 */

let stack: Stack;
let token: string;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.stop();
});
beforeEach(() => {
  stack.sim.reset();
  token = stack.demoToken();
});

const operationOf = (field: string) => {
  const spec = LIST_OPERATIONS.find((item) => item.field === field);
  if (!spec) throw new Error(field);
  return spec;
};

/** The one upstream list call of the operation, checked exactly against the case. */
function expectUpstreamCall(field: string, expected: Case): void {
  const spec = operationOf(field);
  const calls = stack.sim.requests.filter((request) => request.path.endsWith(`/${spec.name}`));
  expect(calls).toHaveLength(1);
  const [call] = calls;
  expect(call?.method).toBe('GET');
  expect(call?.path).toBe(`/api/accounts/${TEST}/groups/${GROUP}/${spec.name}`);
  expect(call?.query).toEqual(expected.query);
  const sent = Object.fromEntries(
    spec.headers.flatMap((header) => {
      const value = call?.headers[header.name];
      return value === undefined ? [] : [[header.name, value]];
    }),
  );
  expect(sent).toEqual(expected.headers ?? {});
}

function expectNames(field: string, items: { name: string; __typename: string }[], expected: Case) {
  expect(items.length).toBeGreaterThan(0);
  expect(items.map((item) => item.name)).toEqual(expect.arrayContaining(expected.names));
  // Each item is of the row's own type (the interface list says which).
  const type = groupFields[field]?.type;
  expect(String(type)).toContain(items[0]?.__typename ?? '?');
}

describe('the 29 group-family listings', () => {
  it('covers every operation of the registry, each a field of DataBrokerGroup', () => {
    expect(Object.keys(CASES).sort()).toEqual(LIST_OPERATIONS.map((op) => op.field).sort());
    for (const field of Object.keys(CASES)) expect(groupFields[field]).toBeDefined();
  });

  it.each(Object.entries(CASES))(
    '%s answers through its waiting field',
    async (field, expected) => {
      const response = await stack.gql<{
        account: { dataBrokerGroup: Record<string, unknown> };
      }>(
        fieldQuery(field, expected.args),
        { accountId: TEST, groupId: GROUP, ...expected.args },
        token,
      );
      expect(response.errors).toBeUndefined();
      const value = response.data?.account.dataBrokerGroup[field];
      const type = groupFields[field]?.type;
      // The root folders are one folder; every other listing is a list.
      const items = (Array.isArray(value) ? value : [value]) as {
        name: string;
        __typename: string;
      }[];
      expect(Array.isArray(value)).toBe(isNonNullType(type));
      expectNames(field, items, expected);
      expectUpstreamCall(field, expected);
    },
  );

  it.each(Object.entries(CASES))('%s answers through groupListing', async (field, expected) => {
    const request =
      Object.keys(expected.args).length > 0 ? { [field]: expected.args } : { [field]: true };
    const sub = subscribeAll<{
      groupListing: {
        status: string;
        operation: string;
        items: { name: string; __typename: string }[] | null;
        error: unknown;
      };
    }>(stack.ws(token), GROUP_LISTING, { accountId: TEST, groupId: GROUP, request });
    await sub.done;
    expect(sub.errors).toEqual([]);
    expect(sub.events.map((event) => event.groupListing.status)).toEqual(['PENDING', 'READY']);
    const ready = sub.events[1]?.groupListing;
    expect(ready?.operation).toBe(operationOf(field).name);
    expect(ready?.error).toBeNull();
    expectNames(field, ready?.items ?? [], expected);
    expectUpstreamCall(field, expected);
  });

  it('a request with two members, or none, is refused before any call', async () => {
    for (const request of [{ s3Buckets: true, gcpBuckets: true }, {}]) {
      const sub = subscribeAll(stack.ws(token), GROUP_LISTING, {
        accountId: TEST,
        groupId: GROUP,
        request,
      });
      await sub.done;
      expect(sub.events).toEqual([]);
      expect(JSON.stringify(sub.errors)).toContain('GroupListingRequest');
    }
    expect(stack.sim.listCallCount()).toBe(0);
  });

  it('a broker error is LISTING_FAILED with the broker code; wrong credentials read invalid_credentials', async () => {
    const expected = CASES.sftpDirectories;
    if (!expected) throw new Error('no case');
    const args = {
      ...expected.args,
      credentials: { username: sftpServer?.username, password: 'not-it' },
    };
    const response = await stack.gql(
      fieldQuery('sftpDirectories', args),
      { accountId: TEST, groupId: GROUP, ...args },
      token,
    );
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'LISTING_FAILED',
      listingError: { code: 'invalid_credentials' },
    });
  });
});

describe('correlation: one lane per (group, operation) for both families', () => {
  const BROKER_QUERY = `query($accountId: ID!, $id: ID!, $host: String!) {
    account(id: $accountId) { dataBroker(id: $id) { nfsExports(host: $host) { path } } }
  }`;

  it('a broker-family and a group-family listing, concurrently, answers released in reverse: each gets its own', async () => {
    const { sim } = stack;
    sim.holdListings();
    const byBroker = stack.gql<{ account: { dataBroker: { nfsExports: { path: string }[] } } }>(
      BROKER_QUERY,
      { accountId: TEST, id: SEED_IDS.brokers.onprem, host: NFS_HOST },
      token,
    );
    await until(() => sim.heldListingCount() === 1, 5_000, 'the first call held');
    const byGroup = stack.gql<{ account: { dataBrokerGroup: { nfsExports: { path: string }[] } } }>(
      fieldQuery('nfsExports', { host: '10.0.0.5' }, 'path'),
      { accountId: TEST, groupId: GROUP, host: '10.0.0.5' },
      token,
    );
    // The group's lane is taken: the group-family call is not sent while the broker's answer is owed.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sim.listCallCount('list-nfs-exports')).toBe(1);
    sim.releaseListings({ reverse: true });
    const [broker, group] = await Promise.all([byBroker, byGroup]);
    // Each its own host's exports (a mix-up would give one of them the other's).
    expect(broker.data?.account.dataBroker.nfsExports.map((item) => item.path)).toEqual([
      '/vol1',
      '/vol2',
      '/export/data',
    ]);
    expect(group.data?.account.dataBrokerGroup.nfsExports.map((item) => item.path)).toEqual([
      '/vol1',
      '/vol2',
    ]);
    const calls = sim.requests.filter((request) => request.path.endsWith('/list-nfs-exports'));
    expect(calls.map((call) => call.path)).toEqual([
      `/api/data-brokers/${SEED_IDS.brokers.onprem}/list-nfs-exports`,
      `/api/accounts/${TEST}/groups/${GROUP}/list-nfs-exports`,
    ]);
  });
});
