import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED_IDS } from '../../src/simulator/index';
import { type Stack, startStack, subscribeAll } from '../utils/stack';

const TEST = SEED_IDS.accounts.test;
const GROUP = SEED_IDS.groups.aws;

let stack: Stack;
let token: string;

beforeAll(async () => {
  stack = await startStack({ settings: { RELATIONSHIP_POLL_RUNNING_MS: '40' } });
});
afterAll(() => stack.stop());
beforeEach(() => {
  stack.sim.reset();
  stack.sim.relationships.setKnobs({ tickMs: 20, steps: 4, startDelayMs: 10 });
  stack.sim.reports.setKnobs({ tickMs: 20, steps: 3 });
  token = stack.demoToken();
});

type Json = Record<string, unknown>;

const CREATE = `mutation Create($a: ID!, $input: CreateRelationshipInput!) {
  createRelationship(accountId: $a, input: $input) {
    relationship { id name source { protocol provider label } target { protocol provider label }
      activity { status runType } }
    userErrors { code message field } } }`;

const NFS = { nfs: { host: '10.0.0.5', export: '/vol1', path: 'projects', version: 'V4_1' } };
const S3 = { s3: { bucket: 'dest-bucket', prefix: 'copy' } };
const CANARY = 'canary-Zq9xW-secret';
const keys = { accessKey: `${CANARY}-ak`, secretKey: `${CANARY}-sk` };

/** Each member of EndpointInput, with the upstream endpoint and top-level credentials it maps to. */
const MEMBERS: [string, Json, Json, Json | null][] = [
  [
    'nfs',
    NFS,
    {
      protocol: 'nfs',
      nfs: { provider: 'nfs', host: '10.0.0.5', export: '/vol1', path: 'projects', version: '4.1' },
    },
    null,
  ],
  [
    'cifs',
    {
      cifs: {
        host: 'fs1.corp',
        share: 'eng',
        version: 'V3_0',
        credentials: { username: 'svc', password: CANARY, domain: 'CORP' },
      },
    },
    {
      protocol: 'cifs',
      cifs: {
        provider: 'cifs',
        host: 'fs1.corp',
        share: 'eng',
        version: '3.0',
        credentials: { username: 'svc', password: CANARY, domain: 'CORP' },
      },
    },
    { cifs: { username: 'svc', password: CANARY, domain: 'CORP' } },
  ],
  [
    's3',
    S3,
    { protocol: 's3', s3: { provider: 's3', bucket: 'dest-bucket', prefix: 'copy' } },
    null,
  ],
  ...(['sgws', 'ibm', 'ontapS3'] as const).map((member): [string, Json, Json, Json | null] => [
    member,
    { [member]: { host: 'grid.lan', port: 8082, bucket: 'b1', credentials: keys } },
    {
      protocol: 's3',
      s3: {
        provider: member === 'ontapS3' ? 'ontap' : member,
        host: 'grid.lan',
        port: 8082,
        bucket: 'b1',
        credentials: keys,
      },
    },
    { s3: keys },
  ]),
  [
    'alibaba',
    { alibaba: { bucket: 'oss1', region: 'cn-hangzhou', credentials: keys } },
    {
      protocol: 's3',
      s3: { provider: 'alibaba', bucket: 'oss1', region: 'cn-hangzhou', credentials: keys },
    },
    { s3: keys },
  ],
  [
    'azureBlob',
    {
      azureBlob: {
        storageAccountName: 'acct',
        container: 'c1',
        blobTier: 'COOL',
        credentials: { connectionString: CANARY },
      },
    },
    {
      protocol: 'azure',
      azure: {
        provider: 'azure',
        storageAccountName: 'acct',
        container: 'c1',
        blobTier: 'COOL',
        credentials: { storageAccountConnectionString: CANARY },
      },
    },
    { azure: { storageAccountConnectionString: CANARY } },
  ],
  [
    'azureDataLake',
    { azureDataLake: { storageAccountName: 'lake', container: 'fs', path: 'raw' } },
    {
      protocol: 'azure',
      azure: {
        provider: 'azure_data_lake',
        storageAccountName: 'lake',
        container: 'fs',
        path: 'raw',
      },
    },
    null,
  ],
  [
    'gcp',
    { gcp: { bucket: 'g1', storageClass: 'NEARLINE' } },
    { protocol: 'gcp', gcp: { provider: 'gcp', bucket: 'g1', storageClass: 'NEARLINE' } },
    null,
  ],
  [
    'sftp',
    {
      sftp: {
        host: 'sftp.lan',
        rootDirectory: '/home/u',
        credentials: { username: 'u', password: CANARY },
      },
    },
    {
      protocol: 'sftp',
      sftp: {
        provider: 'sftp',
        host: 'sftp.lan',
        port: 22,
        rootDirectory: '/home/u',
        credentials: { username: 'u', password: CANARY },
      },
    },
    { sftp: { username: 'u', password: CANARY } },
  ],
  [
    'box',
    {
      box: {
        app: { clientId: 'cid', enterpriseId: 'eid' },
        folderId: '0',
        credentials: {
          clientSecret: `${CANARY}1`,
          publicKeyId: 'pk',
          privateKey: `${CANARY}2`,
          passphrase: `${CANARY}3`,
        },
      },
    },
    {
      protocol: 'box',
      box: {
        provider: 'box',
        clientId: 'cid',
        enterpriseId: 'eid',
        folderId: '0',
        credentials: {
          clientSecret: `${CANARY}1`,
          publicKeyId: 'pk',
          privateKey: `${CANARY}2`,
          passphrase: `${CANARY}3`,
        },
      },
    },
    {
      box: {
        clientSecret: `${CANARY}1`,
        publicKeyId: 'pk',
        privateKey: `${CANARY}2`,
        passphrase: `${CANARY}3`,
      },
    },
  ],
  [
    'googleDrive',
    {
      googleDrive: {
        driveId: 'd1',
        subject: 'admin@corp',
        credentials: { clientEmail: 'sa@corp', privateKey: CANARY },
      },
    },
    {
      protocol: 'gdrive',
      gdrive: {
        provider: 'gdrive',
        driveId: 'd1',
        subject: 'admin@corp',
        credentials: { clientEmail: 'sa@corp', privateKey: CANARY },
      },
    },
    { gdrive: { clientEmail: 'sa@corp', privateKey: CANARY } },
  ],
  ['local', { local: { path: '/data' } }, { protocol: 'local', local: { path: '/data' } }, null],
];

const posts = () =>
  stack.apiRequests().filter((r) => r.method === 'POST' && r.path === '/api/relationships-v2');

describe('createRelationship', () => {
  it('covers all 14 members of EndpointInput', () => {
    expect(MEMBERS.map(([name]) => name).sort()).toEqual([
      'alibaba',
      'azureBlob',
      'azureDataLake',
      'box',
      'cifs',
      'gcp',
      'googleDrive',
      'ibm',
      'local',
      'nfs',
      'ontapS3',
      's3',
      'sftp',
      'sgws',
    ]);
  });

  it.each(MEMBERS)(
    '%s as source maps to the upstream body',
    async (_name, source, upstream, creds) => {
      stack.sim.clearRequests();
      const res = await stack.gql<{
        createRelationship: {
          relationship: { id: string; name: string } | null;
          userErrors: unknown[];
        };
      }>(CREATE, { a: TEST, input: { groupId: GROUP, source, target: S3, name: 'wizard' } }, token);
      expect(res.errors).toBeUndefined();
      expect(res.data?.createRelationship.userErrors).toEqual([]);
      expect(res.data?.createRelationship.relationship?.name).toBe('wizard');
      const sent = posts();
      expect(sent).toHaveLength(1);
      const body = sent[0]?.body as Json;
      expect(body.groupId).toBe(GROUP);
      expect(body.source).toEqual(upstream);
      expect(body.target).toEqual({
        protocol: 's3',
        s3: { provider: 's3', bucket: 'dest-bucket', prefix: 'copy' },
      });
      expect(body.tags).toEqual([{ key: 'name', value: 'wizard' }]);
      if (creds) expect(body.sourceCredentials).toEqual(creds);
      else expect(body).not.toHaveProperty('sourceCredentials');
      // The 202 body served the payload: no read after the POST; no secret in the answer.
      expect(
        stack.apiRequests().filter((r) => r.path.startsWith('/api/relationships-v2/')),
      ).toHaveLength(0);
      expect(JSON.stringify(res)).not.toContain(CANARY);
    },
  );

  it('two members at once is a validation error, and nothing is sent', async () => {
    stack.sim.clearRequests();
    const res = await stack.gql(
      CREATE,
      { a: TEST, input: { groupId: GROUP, source: { ...NFS, ...S3 }, target: S3 } },
      token,
    );
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0]?.message).toMatch(/exactly one key/i);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(posts()).toHaveLength(0);
  });

  it("a userError's field points at the offending input, before any upstream call", async () => {
    stack.sim.clearRequests();
    const res = await stack.gql<{
      createRelationship: { relationship: unknown; userErrors: Json[] };
    }>(
      CREATE,
      {
        a: TEST,
        input: {
          groupId: GROUP,
          source: { nfs: { host: 'bad host!', export: '/vol1' } },
          target: { sgws: { host: 'grid.lan', port: 70000, bucket: 'b', credentials: keys } },
        },
      },
      token,
    );
    expect(res.data?.createRelationship.relationship).toBeNull();
    expect(res.data?.createRelationship.userErrors).toEqual([
      {
        code: 'INVALID_INPUT',
        message: 'host must be a host name or an IP address',
        field: ['input', 'source', 'nfs', 'host'],
      },
      {
        code: 'INVALID_INPUT',
        message: 'port must be from 1 to 65535',
        field: ['input', 'target', 'sgws', 'port'],
      },
    ]);
    expect(posts()).toHaveLength(0);
  });

  it("a group the account does not have is a NOT_FOUND userError (the upstream's 404)", async () => {
    const res = await stack.gql<{ createRelationship: { userErrors: Json[] } }>(
      CREATE,
      { a: TEST, input: { groupId: SEED_IDS.groups.other, source: NFS, target: S3 } },
      token,
    );
    expect(res.data?.createRelationship.userErrors[0]?.code).toBe('NOT_FOUND');
  });

  it("the created relationship's initial copy is watched to DONE", async () => {
    const res = await stack.gql<{
      createRelationship: { relationship: { id: string; activity: { runType: string } } };
    }>(CREATE, { a: TEST, input: { groupId: GROUP, source: NFS, target: S3 } }, token);
    const rel = res.data?.createRelationship.relationship;
    expect(rel?.activity.runType).toBe('INITIAL_COPY');
    const sub = subscribeAll<{
      relationshipProgress: {
        final: boolean;
        relationship: { activity: { status: string; runType: string } };
      };
    }>(
      stack.ws(token),
      `subscription($a: ID!, $id: ID!) { relationshipProgress(accountId: $a, id: $id) {
        final relationship { activity { status runType } } } }`,
      { a: TEST, id: rel?.id },
    );
    await sub.done;
    expect(sub.errors).toEqual([]);
    const last = sub.events.at(-1)?.relationshipProgress;
    expect(last?.final).toBe(true);
    expect(last?.relationship.activity).toEqual({ status: 'DONE', runType: 'INITIAL_COPY' });
  });

  it('updateRelationshipCredentials sends the body the upstream expects', async () => {
    const created = await stack.gql<{ createRelationship: { relationship: { id: string } } }>(
      CREATE,
      { a: TEST, input: { groupId: GROUP, source: NFS, target: S3 } },
      token,
    );
    const id = created.data?.createRelationship.relationship.id;
    stack.sim.clearRequests();
    const res = await stack.gql<{ updateRelationshipCredentials: { userErrors: unknown[] } }>(
      `mutation($a: ID!, $id: ID!, $s: EndpointCredentialsInput) {
        updateRelationshipCredentials(accountId: $a, id: $id, source: $s) { userErrors { code } } }`,
      { a: TEST, id, s: { cifs: { username: 'svc', password: CANARY } } },
      token,
    );
    expect(res.data?.updateRelationshipCredentials.userErrors).toEqual([]);
    const put = stack.apiRequests().filter((r) => r.path.endsWith('/credentials'));
    expect(put.map((r) => [r.method, r.path])).toEqual([
      ['PUT', `/api/accounts/${TEST}/relationships/${id}/credentials`],
    ]);
    expect(put[0]?.body).toEqual({ source: { cifs: { username: 'svc', password: CANARY } } });
    expect(JSON.stringify(res)).not.toContain(CANARY);
  });
});

describe('reports and known hosts', () => {
  it('a report is created, watched to DONE, read and deleted', async () => {
    const created = await stack.gql<{
      createReport: { report: { id: string; status: string }; userErrors: unknown[] };
    }>(
      `mutation($a: ID!, $e: EndpointInput!) { createReport(accountId: $a, endpoint: $e) {
        report { id status } userErrors { code } } }`,
      { a: TEST, e: NFS },
      token,
    );
    expect(created.data?.createReport.userErrors).toEqual([]);
    const report = created.data?.createReport.report;
    expect(report?.status).toBe('RUNNING');
    const sub = subscribeAll<{ reportProgress: { final: boolean; report: { status: string } } }>(
      stack.ws(token),
      `subscription($a: ID!, $id: ID!) { reportProgress(accountId: $a, id: $id) { final report { status } } }`,
      { a: TEST, id: report?.id },
    );
    await sub.done;
    expect(sub.errors).toEqual([]);
    expect(sub.events.at(-1)?.reportProgress).toEqual({ final: true, report: { status: 'DONE' } });

    const read = await stack.gql<{
      account: { reports: { totalCount: number; nodes: Json[] }; report: Json };
    }>(
      `query($a: ID!, $id: ID!) { account(id: $a) {
        reports { totalCount nodes { id status } }
        report(id: $id) { status endpoint { label } totals { files size } distributions { size { label count } }
          relationships { name } } } }`,
      { a: TEST, id: report?.id },
      token,
    );
    expect(read.errors).toBeUndefined();
    expect(read.data?.account.reports).toEqual({
      totalCount: 1,
      nodes: [{ id: report?.id, status: 'DONE' }],
    });
    const detail = read.data?.account.report as {
      totals: { files: number };
      distributions: { size: unknown[] };
      relationships: { name: string }[];
      endpoint: { label: string };
    };
    expect(detail.totals.files).toBeGreaterThan(0);
    expect(detail.distributions.size.length).toBeGreaterThan(0);
    expect(detail.endpoint.label).toContain('10.0.0.5');
    // The seeded relationship whose source is that NFS export.
    expect(detail.relationships.length).toBeGreaterThan(0);

    stack.sim.clearRequests();
    const deleted = await stack.gql<{
      deleteReports: { deletedIds: string[]; userErrors: Json[] };
    }>(
      `mutation($a: ID!, $ids: [ID!]!) { deleteReports(accountId: $a, ids: $ids) { deletedIds userErrors { code field } } }`,
      { a: TEST, ids: [report?.id, 'ffffffffffffffffffffffff'] },
      token,
    );
    expect(deleted.data?.deleteReports).toEqual({
      deletedIds: [report?.id],
      userErrors: [{ code: 'NOT_FOUND', field: ['ids', '1'] }],
    });
    const del = stack.apiRequests().filter((r) => r.method === 'DELETE');
    expect(del.map((r) => r.url)).toEqual([`/api/accounts/${TEST}/reports?reports=${report?.id}`]);
    const after = await stack.gql<{ account: { report: unknown } }>(
      `query($a: ID!, $id: ID!) { account(id: $a) { report(id: $id) { id } } }`,
      { a: TEST, id: report?.id },
      token,
    );
    expect(after.data?.account.report).toBeNull();
  });

  it("knownHosts lists the hosts of the account's relationships", async () => {
    stack.sim.clearRequests();
    const res = await stack.gql<{ account: { knownHosts: { host: string }[] } }>(
      `query($a: ID!) { account(id: $a) { knownHosts(protocol: NFS) { id host lastSeen } } }`,
      { a: TEST },
      token,
    );
    expect(res.errors).toBeUndefined();
    const hosts = res.data?.account.knownHosts.map((h) => h.host) ?? [];
    expect(hosts).toContain('10.0.0.5');
    expect(new Set(hosts).size).toBe(hosts.length);
    expect(stack.apiRequests().map((r) => r.url)).toEqual(['/api/accounts', '/api/storages/nfs']);
  });

  it('knownHosts passes a known provider on, and refuses UNKNOWN or an unknown provider without a call', async () => {
    stack.sim.clearRequests();
    const ask = (args: string) =>
      stack.gql<{ account: { knownHosts: unknown[] } }>(
        `query($a: ID!) { account(id: $a) { knownHosts(${args}) { host } } }`,
        { a: TEST },
        token,
      );
    expect((await ask('protocol: S3, provider: "sgws"')).errors).toBeUndefined();
    expect(stack.apiRequests().map((r) => r.url)).toContain('/api/storages/s3?provider=sgws');
    stack.sim.clearRequests();
    for (const args of ['protocol: UNKNOWN', 'protocol: NFS, provider: "nope"']) {
      const res = await ask(args);
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    }
    expect(stack.apiRequests().filter((r) => r.url.startsWith('/api/storages'))).toEqual([]);
  });
});
