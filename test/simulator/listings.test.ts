import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED_IDS } from '../../src/simulator/index';
import { AZURE, call, demoToken, OTHER, operationOf, poll, sim, TEST, until } from './helpers';

beforeAll(() => sim.start());
afterAll(() => sim.stop());
beforeEach(() => sim.reset());

describe('listings', () => {
  it('answers 202 and posts the result to the calling token queue', async () => {
    const token = demoToken();
    const bystander = demoToken();
    const head = sim.queueHead(token);
    const res = await call(`/api/data-brokers/${AZURE}/list-s3-buckets`, { token, account: TEST });
    expect(res.status).toBe(202);
    expect(await res.text()).toBe('');

    const [message, ...rest] = await poll(token, head);
    expect(rest).toEqual([]);
    expect(Number(message?.id)).toBe(Number(head) + 1);
    expect(message?.header.agentId).toBe(AZURE);
    expect(message?.header.groupId).toBe(SEED_IDS.groups.azure);
    expect(message?.header.clientId).toMatch(/^[0-9a-f]{24}$/);
    expect(message?.header.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const buckets = message?.payload['list-s3-buckets'] as unknown[];
    expect(buckets).toContainEqual({
      name: 'small',
      region: { name: 'us-west-2', displayName: 'US West (Oregon)' },
      tags: [{ Key: 'price', Value: '100$' }],
    });
    expect(sim.queueHead(bystander)).toBe(head);
    expect(sim.listCallCount('list-s3-buckets')).toBe(1);
    expect(sim.listCallCount('nfs-exports')).toBe(0);
  });

  it('lists NFS exports of a known host, and fails on an unknown one', async () => {
    const token = demoToken();
    const head = sim.queueHead(token);
    const base = `/api/data-brokers/${SEED_IDS.brokers.onprem}/list-nfs-exports`;
    await call(`${base}?host=10.0.0.5`, { token, account: TEST });
    const [found] = await poll(token, head);
    expect(found?.payload['list-nfs-exports']).toEqual([{ path: '/vol1' }, { path: '/vol2' }]);

    await call(`${base}?host=10.0.0.9`, { token, account: TEST });
    const [failed] = await poll(token, found?.id ?? head);
    expect(failed?.payload['list-nfs-exports']).toEqual({
      error: { code: 'host_unreachable', message: 'mount: 10.0.0.9: connection timed out' },
    });
  });

  it('lists nested NFS folders relative to the export', async () => {
    const token = demoToken();
    const base = `/api/data-brokers/${AZURE}/list-nfs-export-folders?host=10.0.0.5&exportName=/vol1`;
    const folders = async (suffix: string) => {
      const head = sim.queueHead(token);
      expect((await call(`${base}${suffix}`, { token, account: TEST })).status).toBe(202);
      const [message] = await poll(token, head);
      return message?.payload['list-nfs-export-folders'];
    };
    expect(await folders('')).toEqual([
      { name: 'projects', path: 'projects' },
      { name: 'home', path: 'home' },
      { name: 'scratch', path: 'scratch' },
    ]);
    expect(await folders('&path=projects/alpha&version=4.1')).toEqual([
      { name: 'src', path: 'projects/alpha/src' },
      { name: 'docs', path: 'projects/alpha/docs' },
    ]);
    expect(await folders('&path=nope')).toMatchObject({ error: { code: 'path_not_found' } });
  });

  it('answers 400 for a missing parameter and 404 for an unknown broker', async () => {
    const token = demoToken();
    const missing = await call(`/api/data-brokers/${AZURE}/list-nfs-exports`, {
      token,
      account: TEST,
    });
    expect(missing.status).toBe(400);
    const noExport = await call(
      `/api/data-brokers/${AZURE}/list-nfs-export-folders?host=10.0.0.5`,
      {
        token,
        account: TEST,
      },
    );
    expect(noExport.status).toBe(400);
    const unknown = await call(`/api/data-brokers/${SEED_IDS.brokers.otherAws}/list-s3-buckets`, {
      token,
      account: TEST,
    });
    expect(unknown.status).toBe(404);
  });

  it('serves the group family: a broker of the group answers, with the group id', async () => {
    const token = demoToken();
    const head = sim.queueHead(token);
    const group = SEED_IDS.groups.onprem;
    const res = await call(
      `/api/accounts/${TEST}/groups/${group}/list-nfs-exports?host=nfs.example.internal`,
      {
        token,
      },
    );
    expect(res.status).toBe(202);
    const [message] = await poll(token, head);
    expect(message?.header.groupId).toBe(group);
    expect(message?.header.agentId).toBe(SEED_IDS.brokers.onprem);
    expect(message?.payload['list-nfs-exports']).toEqual([
      { path: '/vol1' },
      { path: '/vol2' },
      { path: '/export/data' },
    ]);

    const foreign = await call(
      `/api/accounts/${OTHER}/groups/${SEED_IDS.groups.other}/list-s3-buckets`,
      {
        token,
      },
    );
    expect(foreign.status).toBe(403);
    const unknown = await call(
      `/api/accounts/${TEST}/groups/${SEED_IDS.groups.other}/list-s3-buckets`,
      {
        token,
      },
    );
    expect(unknown.status).toBe(404);
  });
});

describe('listing knobs', () => {
  const list = (token: string, query: string) =>
    call(`/api/data-brokers/${AZURE}/${query}`, { token, account: TEST });

  it('holds results until release, then posts them reversed', async () => {
    const token = demoToken();
    const head = sim.queueHead(token);
    sim.setLongPoll(30);
    sim.holdListings();
    await list(token, 'list-nfs-exports?host=10.0.0.5');
    await list(token, 'list-s3-buckets');
    await list(token, 'list-nfs-exports?host=10.0.0.9');
    await until(() => sim.heldListingCount() === 3);
    expect(await poll(token, head)).toEqual([]);

    sim.releaseListings({ reverse: true });
    expect(sim.heldListingCount()).toBe(0);
    const messages = await poll(token, head);
    expect(messages.map(operationOf)).toEqual([
      'list-nfs-exports',
      'list-s3-buckets',
      'list-nfs-exports',
    ]);
    expect(messages[0]?.payload['list-nfs-exports']).toHaveProperty('error');
    expect(messages[2]?.payload['list-nfs-exports']).toEqual([
      { path: '/vol1' },
      { path: '/vol2' },
    ]);
    expect(messages.map((message) => Number(message.id))).toEqual([
      Number(head) + 1,
      Number(head) + 2,
      Number(head) + 3,
    ]);
  });

  it('fails the next N results with the given error', async () => {
    const token = demoToken();
    const head = Number(sim.queueHead(token));
    sim.failListings({ code: 'access_denied', message: 'no S3 permission' }, 2);
    for (let i = 0; i < 3; i++) await list(token, 'list-s3-buckets');
    await until(() => Number(sim.queueHead(token)) === head + 3);
    const messages = await poll(token, head);
    expect(messages.map((message) => message.payload['list-s3-buckets'])).toEqual([
      { error: { code: 'access_denied', message: 'no S3 permission' } },
      { error: { code: 'access_denied', message: 'no S3 permission' } },
      expect.any(Array),
    ]);
  });

  it('drops the next N results', async () => {
    const token = demoToken();
    const head = sim.queueHead(token);
    sim.dropListings(1);
    await list(token, 'list-nfs-exports?host=10.0.0.5');
    await list(token, 'list-s3-buckets');
    const messages = await poll(token, head);
    expect(messages.map(operationOf)).toEqual(['list-s3-buckets']);
  });

  it('puts a request id in the 202 when asked, and the result carries it', async () => {
    const token = demoToken();
    const head = sim.queueHead(token);
    sim.setRequestIdIn202(true);
    const res = await list(token, 'list-s3-buckets');
    expect(res.status).toBe(202);
    const { requestId } = (await res.json()) as { requestId: string };
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const [message] = await poll(token, head);
    expect(message?.header.requestId).toBe(requestId);
  });
});
