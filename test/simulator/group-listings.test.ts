import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CloudSyncClient } from '../../src/cloudsync/client';
import type { ListingCredentials, ListingParams } from '../../src/cloudsync/group-listings';
import { UpstreamHttp } from '../../src/cloudsync/http';
import { LIST_OPERATIONS, listOperation } from '../../src/cloudsync/list-operations';
import { parseListing } from '../../src/cloudsync/listing-parsers';
import { SecretValue } from '../../src/cloudsync/secret-value';
import type { Caller } from '../../src/cloudsync/types';
import { loadConfig } from '../../src/config';
import type { WireFeedMessage as FeedMessage } from '../../src/simulator/index';
import { createSimulator, DEMO_USER, SEED_IDS } from '../../src/simulator/index';
import { STORAGE_WORLD as W } from '../../src/simulator/storage-world';

const TEST = SEED_IDS.accounts.test;
const PRODUCTION = SEED_IDS.accounts.production;
const GROUP = SEED_IDS.groups.onprem;
const sim = createSimulator({ listingDelayMs: 5, longPollMs: 200 });
const http = new UpstreamHttp(loadConfig({ LOG_LEVEL: 'silent' }).timeouts);
let client: CloudSyncClient;
let token: string;

beforeAll(async () => {
  await sim.start();
  client = new CloudSyncClient(http, { apiUrl: sim.url, authUrl: sim.url });
});
afterAll(async () => {
  await http.close();
  await sim.stop();
});
beforeEach(() => {
  sim.reset();
  token = sim.issueToken(DEMO_USER.username);
});

const caller = (): Caller => ({ authorization: `Bearer ${token}`, key: 'k', upstreamCalls: 0 });

const [cifsServer] = W.cifsServers;
const sgws = W.s3Endpoints.find((item) => item.kind === 'sgws');
const ibm = W.s3Endpoints.find((item) => item.kind === 'ibm');
const ontap = W.s3Endpoints.find((item) => item.kind === 'ontap');
const [azureAccount] = W.azureAccounts;
const [sftpServer] = W.sftpServers;
const [googleAccount] = W.google.accounts;
const [boxApp] = W.box.apps;
if (
  !cifsServer ||
  !sgws ||
  !ibm ||
  !ontap ||
  !azureAccount ||
  !sftpServer ||
  !googleAccount ||
  !boxApp
) {
  throw new Error('the storage world lost an entry');
}
const secret = (value: string) => new SecretValue(value);
const CIFS = {
  username: cifsServer.username,
  password: secret(cifsServer.password),
  domain: cifsServer.domain ?? undefined,
};
const keys = (endpoint: { accessKey: string; secretKey: string }) => ({
  accessKey: secret(endpoint.accessKey),
  secretKey: secret(endpoint.secretKey),
});
const AZ = { connectionString: secret(azureAccount.connectionString) };
const SFTP = { username: sftpServer.username, password: secret(sftpServer.password) };
const GD = {
  privateKey: secret(googleAccount.privateKey),
  clientEmail: googleAccount.clientEmail,
  subject: googleAccount.subjects[0],
};
const BOX = {
  clientSecret: secret(boxApp.clientSecret),
  publicKeyId: boxApp.publicKeyId,
  privateKey: secret(boxApp.privateKey),
  passphrase: secret(boxApp.passphrase),
};
const BOX_APP = { clientId: boxApp.clientId, enterpriseId: boxApp.enterpriseId };
const S3_BUCKET = 'public-assets';

/** A valid call of every operation and the names its answer must contain. */
const VALID: Record<
  string,
  { params: ListingParams; credentials?: ListingCredentials; names: string[] }
> = {
  'list-nfs-exports': { params: { host: 'nfs.example.internal' }, names: ['/vol1', '/vol2'] },
  'list-nfs-export-folders': {
    params: { host: 'nfs.example.internal', exportName: '/vol1' },
    names: [],
  },
  'list-cifs-shares': {
    params: { host: cifsServer.host },
    credentials: CIFS,
    names: ['finance', 'hr'],
  },
  'list-cifs-share-folders': {
    params: { host: cifsServer.host, share: 'finance', path: 'q3' },
    credentials: CIFS,
    names: ['reports'],
  },
  'list-s3-buckets': { params: {}, names: [] },
  'list-s3-bucket-folders': { params: { bucket: S3_BUCKET }, names: ['backups', 'logs'] },
  'list-sgws-buckets': {
    params: { host: sgws.host, port: sgws.port },
    credentials: keys(sgws),
    names: ['media-archive'],
  },
  'list-sgws-bucket-folders': {
    params: { host: sgws.host, port: sgws.port, bucket: 'media-archive', prefix: '2024/' },
    credentials: keys(sgws),
    names: ['q1', 'q2'],
  },
  'list-ibm-buckets': {
    params: { host: ibm.host, port: 443 },
    credentials: keys(ibm),
    names: ['cos-analytics'],
  },
  'list-ibm-bucket-folders': {
    params: { host: ibm.host, bucket: 'cos-analytics' },
    credentials: keys(ibm),
    names: ['raw', 'curated'],
  },
  'list-ontap-s3-buckets': {
    params: { host: ontap.host },
    credentials: keys(ontap),
    names: ['ontap-projects'],
  },
  'list-ontap-s3-bucket-folders': {
    params: { host: ontap.host, port: 443, bucket: 'ontap-projects', prefix: 'beta' },
    credentials: keys(ontap),
    names: ['specs'],
  },
  'list-alibaba-buckets': {
    params: {},
    credentials: keys(W.alibaba),
    names: ['oss-hangzhou-logs'],
  },
  'list-alibaba-bucket-folders': {
    params: { bucket: 'oss-hangzhou-logs' },
    credentials: keys(W.alibaba),
    names: ['app', 'web'],
  },
  'list-azure-blob-storage-containers': {
    params: { storageAccountName: azureAccount.name },
    credentials: AZ,
    names: ['finance-backup'],
  },
  'list-azure-blob-storage-container-folders': {
    params: { storageAccountName: azureAccount.name, container: 'finance-backup' },
    credentials: AZ,
    names: ['2024', 'ledger'],
  },
  'list-azure-dataLake-storage-containers': {
    params: { storageAccountName: azureAccount.name },
    credentials: AZ,
    names: ['analytics'],
  },
  'list-azure-dataLake-storage-container-folders': {
    params: { storageAccountName: azureAccount.name, container: 'analytics' },
    credentials: AZ,
    names: ['bronze', 'gold'],
  },
  'list-gcp-buckets': { params: {}, names: ['gcp-landing-zone'] },
  'list-gcp-bucket-folders': {
    params: { bucket: 'gcp-landing-zone', prefix: 'incoming' },
    names: ['partners'],
  },
  'list-aws-kms-keys': { params: { bucket: S3_BUCKET }, names: [] },
  'list-gcp-kms-keys': {
    params: { bucket: 'gcp-landing-zone' },
    names: ['projects/demo-project/locations/us-central1/keyRings/sync/cryptoKeys/landing'],
  },
  'list-s3-private-links': {
    params: { region: 'us-east-1' },
    credentials: { bucketName: S3_BUCKET },
    names: [],
  },
  'list-sftp-root-directory': {
    params: { host: sftpServer.host, port: sftpServer.port },
    credentials: SFTP,
    names: ['/home/sync'],
  },
  'list-sftp-directories': {
    params: { host: sftpServer.host, port: 22, rootDirectory: sftpServer.rootDirectory },
    credentials: SFTP,
    names: ['inbound', 'outbound'],
  },
  'list-google-drives': { params: {}, credentials: GD, names: ['Engineering', 'Marketing'] },
  'list-google-drive-folders': {
    params: { driveId: '0AExampleEngDriveUk9PVA', folderId: '1EngDesigns' },
    credentials: GD,
    names: ['2024'],
  },
  'list-box-root-folder': { params: BOX_APP, credentials: BOX, names: ['All Files'] },
  'list-box-folders': {
    params: { ...BOX_APP, folderId: '0' },
    credentials: BOX,
    names: ['Contracts', 'Marketing'],
  },
};

async function feedAfter(last: string): Promise<FeedMessage[]> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const res = await fetch(`${sim.url}/api/messages/client?last=${last}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const messages = (await res.json()) as FeedMessage[];
    if (messages.length > 0) return messages;
  }
  throw new Error('no message on the feed');
}

async function listOnGroup(
  name: string,
  params: ListingParams,
  credentials: ListingCredentials = {},
  account: string = TEST,
  group: string = GROUP,
): Promise<FeedMessage> {
  const head = sim.queueHead(token);
  await client.startGroupListing(caller(), account, group, name, params, credentials);
  const [message] = await feedAfter(head);
  if (!message) throw new Error('no message');
  return message;
}

describe('the simulator serves all 29 group-family listings', () => {
  it('has a valid call for every operation of the gateway registry', () => {
    expect(Object.keys(VALID).sort()).toEqual(LIST_OPERATIONS.map((op) => op.name).sort());
  });

  it.each(Object.entries(VALID))('%s answers on the feed, for the group', async (name, valid) => {
    sim.clearRequests();
    const message = await listOnGroup(name, valid.params, valid.credentials);
    expect(message.header.groupId).toBe(GROUP);
    expect(message.header.agentId).toBe(SEED_IDS.brokers.onprem);
    const spec = listOperation(name);
    if (!spec) throw new Error(name);
    const parsed = parseListing(spec.result, message.payload[name]);
    if (!parsed.ok) throw new Error(`${name}: ${parsed.code} ${parsed.message}`);
    expect(parsed.skipped).toBe(0);
    expect(parsed.items.length).toBeGreaterThan(0);
    const names = parsed.items.map((item) => ('name' in item ? item.name : item.path));
    expect(names).toEqual(expect.arrayContaining(valid.names));
    // Exactly one upstream list call, with the credential headers the registry names.
    const calls = sim.requests.filter((request) => request.path.endsWith(`/${name}`));
    expect(calls).toHaveLength(1);
    for (const header of spec.headers) {
      const given = valid.credentials?.[header.input];
      if (given === undefined) continue;
      const value = typeof given === 'string' ? given : given?.reveal();
      expect(calls[0]?.headers[header.name]).toBe(
        header.encoding === 'escapedNewlines' ? value?.trim().replace(/\n/g, '\\n') : value,
      );
    }
    // Secrets travel in headers only, never in the URL; and no answer echoes one.
    for (const header of spec.headers.filter((item) => item.secret)) {
      const sent = calls[0]?.headers[header.name] ?? '';
      expect(calls[0]?.url).not.toContain(encodeURIComponent(sent).slice(0, 12));
      expect(JSON.stringify(message)).not.toContain(sent.slice(0, 12));
    }
  });
});

describe('credentials', () => {
  const withCredentials = Object.entries(VALID).filter(([name]) =>
    listOperation(name)?.headers.some((header) => header.secret),
  );

  it('covers every credential-taking operation (20)', () => {
    expect(withCredentials.map(([name]) => name)).toHaveLength(20);
  });

  it.each(withCredentials)(
    '%s: a wrong secret is a broker error invalid_credentials on the feed, never naming the secret',
    async (name, valid) => {
      const spec = listOperation(name);
      const canary = 'Canary-7f3e-Wrong';
      for (const header of spec?.headers.filter((item) => item.secret) ?? []) {
        const head = sim.queueHead(token);
        const wrong = { ...valid.credentials, [header.input]: secret(canary) };
        // Accepted (202): the broker, not the API, finds the credentials wrong.
        await expect(
          client.startGroupListing(caller(), TEST, GROUP, name, valid.params, wrong),
        ).resolves.toEqual({ answered: false, requestId: null });
        const [message] = await feedAfter(head);
        const payload = message?.payload[name] as { error?: { code: string; message: string } };
        expect(payload.error?.code).toBe('invalid_credentials');
        expect(payload.error?.message.length).toBeGreaterThan(10);
        expect(JSON.stringify(message)).not.toContain('Canary');
        for (const good of Object.values(valid.credentials ?? {})) {
          if (good instanceof SecretValue)
            expect(JSON.stringify(message)).not.toContain(good.reveal());
        }
      }
    },
  );

  it('a PEM key without \\n escapes is answered invalid_credentials', async () => {
    const head = sim.queueHead(token);
    const res = await fetch(`${sim.url}/api/accounts/${TEST}/groups/${GROUP}/list-google-drives`, {
      headers: {
        authorization: `Bearer ${token}`,
        'private-key': googleAccount.privateKey.replace(/\n/g, ' ').trim(),
        'client-email': googleAccount.clientEmail,
        subject: 'ann@example.com',
      },
    });
    expect(res.status).toBe(202);
    const [message] = await feedAfter(head);
    expect(message?.payload['list-google-drives']).toMatchObject({
      error: { code: 'invalid_credentials' },
    });
  });
});

describe('request validation', () => {
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${sim.url}${path}`, { headers: { authorization: `Bearer ${token}`, ...headers } });
  const groupPath = (op: string, query = '') =>
    `/api/accounts/${TEST}/groups/${GROUP}/${op}${query}`;

  it('answers 400 in the existing style for missing or wrong parameters and headers, naming no value', async () => {
    const cases: [string, Record<string, string>, string][] = [
      [
        groupPath('list-sgws-buckets', `?host=${sgws.host}`),
        {},
        "querystring must have required property 'port'",
      ],
      [groupPath('list-sgws-buckets', `?host=h&port=abc`), {}, 'querystring/port must be integer'],
      [
        groupPath('list-sgws-buckets', `?host=h&port=70000`),
        {},
        'querystring/port must be <= 65535',
      ],
      [groupPath('list-sgws-buckets', `?host=h&port=0`), {}, 'querystring/port must be >= 1'],
      [
        groupPath('list-sgws-buckets', `?host=h&port=1`),
        { 'access-key': 'AK-canary' },
        "headers must have required property 'secret-key'",
      ],
      [
        groupPath('list-cifs-shares', '?host=h&version=9'),
        { username: 'u', password: 'pw-canary' },
        'querystring/version must be equal to one of the allowed values',
      ],
      [
        groupPath('list-cifs-shares', '?host=h'),
        { username: 'u' },
        "headers must have required property 'password'",
      ],
      [groupPath('list-nfs-exports', '?host=h&isEFS=yes'), {}, 'querystring/isEFS must be boolean'],
      [
        groupPath('list-box-folders', '?clientId=c&enterpriseId=e'),
        {},
        "querystring must have required property 'folderId'",
      ],
    ];
    for (const [path, headers, message] of cases) {
      const res = await get(path, headers);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { code: number; message: string };
      expect(body).toEqual({ code: 400, message });
      expect(JSON.stringify(body)).not.toContain('canary');
    }
    expect(sim.heldListingCount()).toBe(0);
  });

  it('serves the 20 broker-family routes, and not the group-only ones', async () => {
    const both = LIST_OPERATIONS.filter((op) => op.family === 'both');
    expect(both).toHaveLength(20);
    for (const op of LIST_OPERATIONS) {
      const path = (op.brokerPath ?? `/api/data-brokers/{id}/${op.name}`)
        .replace('{accountId}', TEST)
        .replace('{id}', SEED_IDS.brokers.onprem);
      const res = await get(path, { 'x-account-id': TEST });
      // A listed route answers (400: its required input is missing, or 202); an absent one is 404.
      expect([op.name, res.status === 404]).toEqual([op.name, op.family === 'group']);
    }
  });

  it('a broker-family answer carries both ids', async () => {
    const head = sim.queueHead(token);
    const path = `/api/accounts/${TEST}/data-brokers/${SEED_IDS.brokers.onprem}/list-s3-private-links?region=eu-west-1`;
    expect((await get(path)).status).toBe(202);
    const [message] = await feedAfter(head);
    expect(message?.header).toMatchObject({ agentId: SEED_IDS.brokers.onprem, groupId: GROUP });
    expect(message?.payload['list-s3-private-links']).toEqual([
      expect.objectContaining({ VpcEndpointId: 'vpce-0f9e8d7c6b5a40312' }),
    ]);
  });
});

describe('correlation and knobs', () => {
  it('a group answer comes from its COMPLETE brokers in turn (round-robin)', async () => {
    const agents: (string | undefined)[] = [];
    for (let turn = 0; turn < 4; turn++) {
      const message = await listOnGroup(
        'list-gcp-buckets',
        {},
        {},
        PRODUCTION,
        SEED_IDS.groups.productionAws,
      );
      expect(message.header.groupId).toBe(SEED_IDS.groups.productionAws);
      agents.push(message.header.agentId);
    }
    const a = SEED_IDS.brokers.productionAws1;
    const b = SEED_IDS.brokers.productionAws2;
    expect(agents).toEqual([a, b, a, b]);
  });

  it('hold and reverse release apply to new operations; answers keep their own request', async () => {
    sim.holdListings();
    const head = sim.queueHead(token);
    await client.startGroupListing(caller(), TEST, GROUP, 'list-gcp-buckets', {}, {});
    await client.startGroupListing(
      caller(),
      TEST,
      GROUP,
      'list-azure-dataLake-storage-containers',
      {
        storageAccountName: azureAccount.name,
      },
      AZ,
    );
    for (let i = 0; i < 100 && sim.heldListingCount() < 2; i++)
      await new Promise((r) => setTimeout(r, 5));
    expect(sim.heldListingCount()).toBe(2);
    sim.releaseListings({ reverse: true });
    const messages = await feedAfter(head);
    expect(messages.map((message) => Object.keys(message.payload)[0])).toEqual([
      'list-azure-dataLake-storage-containers',
      'list-gcp-buckets',
    ]);
  });

  it('drop and fail apply to new operations', async () => {
    sim.dropListings(1);
    sim.failListings({ code: 'timeout', message: 'the broker timed out' }, 1);
    const head = sim.queueHead(token);
    await client.startGroupListing(caller(), TEST, GROUP, 'list-box-root-folder', BOX_APP, BOX);
    await client.startGroupListing(caller(), TEST, GROUP, 'list-box-root-folder', BOX_APP, BOX);
    const messages = await feedAfter(head);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.payload['list-box-root-folder']).toEqual({
      error: { code: 'timeout', message: 'the broker timed out' },
    });
  });

  it('knob plainStrings answers plain names, which the lenient parser reads', async () => {
    sim.setListingShapes({ plainStrings: true });
    const message = await listOnGroup('list-cifs-shares', { host: cifsServer.host }, CIFS);
    expect(message.payload['list-cifs-shares']).toEqual(['finance', 'hr', 'engineering']);
    expect(parseListing('cifsShares', message.payload['list-cifs-shares'])).toMatchObject({
      ok: true,
      items: [{ name: 'finance' }, { name: 'hr' }, { name: 'engineering' }],
    });
    const root = await listOnGroup('list-box-root-folder', BOX_APP, BOX);
    expect(root.payload['list-box-root-folder']).toBe('All Files');
    sim.reset();
    token = sim.issueToken(DEMO_USER.username);
    const again = await listOnGroup('list-cifs-shares', { host: cifsServer.host }, CIFS);
    expect(again.payload['list-cifs-shares']).toEqual([
      { name: 'finance' },
      { name: 'hr' },
      { name: 'engineering' },
    ]);
  });
});
