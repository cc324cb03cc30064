import type { IncomingHttpHeaders, Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CloudSyncClient } from '../../../src/cloudsync/client';
import type { ListingCredentials, ListingParams } from '../../../src/cloudsync/group-listings';
import { buildGroupListingRequest } from '../../../src/cloudsync/group-listings';
import { UpstreamHttp } from '../../../src/cloudsync/http';
import { LIST_OPERATIONS, listOperation } from '../../../src/cloudsync/list-operations';
import { SecretValue } from '../../../src/cloudsync/secret-value';
import type { Caller } from '../../../src/cloudsync/types';
import { loadConfig } from '../../../src/config';
import { GatewayError } from '../../../src/errors';

const ACCOUNT = 'account-JeL97Ry3';
const GROUP = '616d9c8dcec9f8eef6a411fa';
const PEM = '-----BEGIN PRIVATE KEY-----\nMIIEvQ\nAbC=\n-----END PRIVATE KEY-----\n';
const PEM_SENT = '-----BEGIN PRIVATE KEY-----\\nMIIEvQ\\nAbC=\\n-----END PRIVATE KEY-----';

const CIFS = { username: 'svc', password: new SecretValue('pw;1'), domain: 'CORP' };
const CIFS_H = { username: 'svc', password: 'pw;1', domain: 'CORP' };
const KEYS = { accessKey: new SecretValue('AKIA1'), secretKey: new SecretValue('s3cr=t/+') };
const KEYS_H = { 'access-key': 'AKIA1', 'secret-key': 's3cr=t/+' };
const AZ = { connectionString: new SecretValue('DefaultEndpointsProtocol=https;AccountKey=x==') };
const AZ_H = {
  'storage-account-connection-string': 'DefaultEndpointsProtocol=https;AccountKey=x==',
};
const SFTP = { username: 'sync', password: new SecretValue('p w') };
const SFTP_H = { username: 'sync', password: 'p w' };
const GD = {
  privateKey: new SecretValue(PEM),
  clientEmail: 'sa@p.iam',
  subject: 'ann@example.com',
};
const GD_H = { 'private-key': PEM_SENT, 'client-email': 'sa@p.iam', subject: 'ann@example.com' };
const BOX = {
  clientSecret: new SecretValue('cs'),
  publicKeyId: 'pk1',
  privateKey: new SecretValue(PEM),
  passphrase: new SecretValue('pass'),
};
const BOX_H = {
  'client-secret': 'cs',
  'public-key-id': 'pk1',
  'private-key': PEM_SENT,
  passphrase: 'pass',
};

interface Case {
  params: ListingParams;
  credentials: ListingCredentials;
  query: string;
  headers: Record<string, string>;
  broker: 'data-brokers' | 'account-data-brokers' | null;
}

const c = (
  params: ListingParams,
  query: string,
  credentials: ListingCredentials = {},
  headers: Record<string, string> = {},
  broker: Case['broker'] = 'data-brokers',
): Case => ({ params, credentials, query, headers, broker });

/** Written from the OpenAPI's parameters of each operation (not from the registry). */
const CASES: Record<string, Case> = {
  'list-nfs-exports': c({ host: '10.0.0.5', isEFS: false }, 'host=10.0.0.5&isEFS=false'),
  'list-nfs-export-folders': c(
    {
      path: 'a b',
      version: '4.1',
      exportName: '/vol1',
      host: 'nfs',
      isEFS: true,
      accessPoint: 'ap',
    },
    'host=nfs&exportName=%2Fvol1&isEFS=true&version=4.1&accessPoint=ap&path=a+b',
  ),
  'list-cifs-shares': c({ host: 'fs', version: '3.11' }, 'host=fs&version=3.11', CIFS, CIFS_H),
  'list-cifs-share-folders': c(
    { host: 'fs', share: 'fin', path: 'q3' },
    'host=fs&path=q3&share=fin',
    CIFS,
    CIFS_H,
  ),
  'list-s3-buckets': c({}, ''),
  'list-s3-bucket-folders': c({ bucket: 'b1', prefix: 'x/' }, 'bucket=b1&prefix=x%2F'),
  'list-sgws-buckets': c({ host: 'grid', port: 8082 }, 'host=grid&port=8082', KEYS, KEYS_H),
  'list-sgws-bucket-folders': c(
    { host: 'grid', bucket: 'b', prefix: 'p' },
    'host=grid&bucket=b&prefix=p',
    KEYS,
    KEYS_H,
  ),
  'list-ibm-buckets': c({ host: 'cos', port: 443 }, 'host=cos&port=443', KEYS, KEYS_H),
  'list-ibm-bucket-folders': c(
    { host: 'cos', port: 443, bucket: 'b' },
    'host=cos&port=443&bucket=b',
    KEYS,
    KEYS_H,
  ),
  'list-ontap-s3-buckets': c({ host: 'svm' }, 'host=svm', KEYS, KEYS_H),
  'list-ontap-s3-bucket-folders': c(
    { host: 'svm', bucket: 'b', prefix: 'p' },
    'host=svm&bucket=b&prefix=p',
    KEYS,
    KEYS_H,
  ),
  'list-alibaba-buckets': c({}, '', KEYS, KEYS_H),
  'list-alibaba-bucket-folders': c({ bucket: 'b' }, 'bucket=b', KEYS, KEYS_H),
  'list-azure-blob-storage-containers': c(
    { storageAccountName: 'acct' },
    'storageAccountName=acct',
    AZ,
    AZ_H,
  ),
  'list-azure-blob-storage-container-folders': c(
    { storageAccountName: 'acct', container: 'c', prefix: 'p' },
    'storageAccountName=acct&container=c&prefix=p',
    AZ,
    AZ_H,
  ),
  'list-azure-dataLake-storage-containers': c(
    { storageAccountName: 'acct' },
    'storageAccountName=acct',
    AZ,
    AZ_H,
    null,
  ),
  'list-azure-dataLake-storage-container-folders': c(
    { storageAccountName: 'acct', container: 'c', path: 'd/e' },
    'storageAccountName=acct&container=c&path=d%2Fe',
    AZ,
    AZ_H,
    null,
  ),
  'list-gcp-buckets': c({}, ''),
  'list-gcp-bucket-folders': c({ bucket: 'g', prefix: 'p' }, 'bucket=g&prefix=p'),
  'list-aws-kms-keys': c({ bucket: 'b' }, 'bucket=b'),
  'list-gcp-kms-keys': c({ bucket: 'g' }, 'bucket=g', {}, {}, null),
  'list-s3-private-links': c(
    { region: 'us-east-1' },
    'region=us-east-1',
    { bucketName: 'b' },
    { 'x-bucket-name': 'b' },
    'account-data-brokers',
  ),
  'list-sftp-root-directory': c({ host: 'h', port: 22 }, 'host=h&port=22', SFTP, SFTP_H, null),
  'list-sftp-directories': c(
    { host: 'h', port: 2222, rootDirectory: '/home/sync', path: 'in' },
    'host=h&port=2222&rootDirectory=%2Fhome%2Fsync&path=in',
    SFTP,
    SFTP_H,
    null,
  ),
  'list-google-drives': c({}, '', GD, GD_H, null),
  'list-google-drive-folders': c(
    { driveId: 'd1', folderId: 'f1', folderName: 'Team' },
    'driveId=d1&folderId=f1&folderName=Team',
    GD,
    GD_H,
    null,
  ),
  'list-box-root-folder': c(
    { clientId: 'ci', enterpriseId: '42', appName: 'sync app' },
    'clientId=ci&enterpriseId=42&appName=sync+app',
    BOX,
    BOX_H,
    null,
  ),
  'list-box-folders': c(
    { clientId: 'ci', enterpriseId: '42', folderId: '0', folderName: 'All' },
    'clientId=ci&enterpriseId=42&folderId=0&folderName=All',
    BOX,
    BOX_H,
    null,
  ),
};

describe('the list-operations registry', () => {
  it('has the 29 operations of the OpenAPI, each once', () => {
    expect(LIST_OPERATIONS).toHaveLength(29);
    expect(new Set(LIST_OPERATIONS.map((op) => op.name)).size).toBe(29);
    expect(new Set(LIST_OPERATIONS.map((op) => op.field)).size).toBe(29);
    expect(LIST_OPERATIONS.map((op) => op.name).sort()).toEqual(Object.keys(CASES).sort());
    expect(LIST_OPERATIONS.filter((op) => op.family === 'both')).toHaveLength(20);
  });

  it.each(Object.entries(CASES))('%s: the exact path, query and headers', (name, want) => {
    const built = buildGroupListingRequest(name, ACCOUNT, GROUP, want.params, want.credentials);
    const base = `/api/accounts/${ACCOUNT}/groups/${GROUP}/${name}`;
    expect(built.path).toBe(want.query ? `${base}?${want.query}` : base);
    expect(built.headers).toEqual(want.headers);
    const spec = listOperation(name);
    expect(spec?.brokerPath).toBe(
      want.broker === 'data-brokers'
        ? `/api/data-brokers/{id}/${name}`
        : want.broker === 'account-data-brokers'
          ? `/api/accounts/{accountId}/data-brokers/{id}/${name}`
          : null,
    );
    // Secret headers are named by the registry, and their values are what is to be redacted.
    for (const header of spec?.headers ?? []) {
      const sent = built.headers[header.name];
      if (header.secret && sent !== undefined) expect(built.secrets).toContain(sent);
      if (!header.secret && sent !== undefined) expect(built.secrets).not.toContain(sent);
    }
  });

  it.each(
    LIST_OPERATIONS.filter((op) => op.query.some((p) => p.required) || op.headers.length > 0),
  )('$name: a missing required value is BAD_USER_INPUT', (op) => {
    const want = CASES[op.name] as Case;
    for (const param of op.query.filter((p) => p.required)) {
      const { [param.name]: _gone, ...rest } = want.params;
      expect(() =>
        buildGroupListingRequest(op, ACCOUNT, GROUP, rest, want.credentials),
      ).toThrowError(
        new GatewayError('BAD_USER_INPUT', `${param.name} is required for ${op.name}`),
      );
    }
    for (const header of op.headers.filter((h) => h.required)) {
      const { [header.input]: _gone, ...rest } = want.credentials;
      expect(() => buildGroupListingRequest(op, ACCOUNT, GROUP, want.params, rest)).toThrowError(
        `credentials.${header.input} is required for ${op.name}`,
      );
    }
  });

  it('refuses wrong types, enum values, unknown names and header-unsafe credentials, never echoing them', () => {
    const bad = (params: ListingParams, credentials: ListingCredentials = KEYS) => {
      try {
        buildGroupListingRequest('list-sgws-buckets', ACCOUNT, GROUP, params, credentials);
      } catch (error) {
        expect(error).toBeInstanceOf(GatewayError);
        expect((error as GatewayError).code).toBe('BAD_USER_INPUT');
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    expect(bad({ host: 'h', port: 0 })).toBe('port must be an integer from 1 to 65535');
    expect(bad({ host: 'h', port: 1.5 })).toBe('port must be an integer from 1 to 65535');
    expect(bad({ host: 'h', port: 'x' })).toBe('port must be an integer from 1 to 65535');
    expect(bad({ host: 'h\n', port: 1 })).toBe('host must be 1 to 1024 printable characters');
    expect(bad({ host: 'h', port: 1, bucket: 'b' })).toBe(
      'list-sgws-buckets takes no parameter bucket',
    );
    expect(bad({ host: 'h', port: 1 }, { ...KEYS, password: 'x' })).toBe(
      'list-sgws-buckets takes no credential password',
    );
    const canary = 'canary\u00e9\u4e2d';
    const message = bad({ host: 'h', port: 1 }, { ...KEYS, secretKey: new SecretValue(canary) });
    expect(message).toContain('credentials.secretKey must be printable ASCII');
    expect(message).not.toContain('canary');
    expect(() =>
      buildGroupListingRequest('list-nfs-export-folders', ACCOUNT, GROUP, {
        host: 'h',
        exportName: '/v',
        version: '5',
      }),
    ).toThrowError('version must be one of 3, 4.0, 4.1, 4.2');
    expect(() =>
      buildGroupListingRequest(
        'list-cifs-shares',
        ACCOUNT,
        GROUP,
        { host: 'h', version: '4' },
        CIFS,
      ),
    ).toThrowError('version must be one of 1.0, 2.0, 2.1, 3.0, 3.11');
    expect(() => buildGroupListingRequest('list-everything', ACCOUNT, GROUP)).toThrowError(
      'Unknown listing operation "list-everything"',
    );
    expect(() => buildGroupListingRequest('list-s3-buckets', '../x', GROUP)).toThrowError(
      'accountId is not a valid id',
    );
  });
});

describe('startGroupListing over HTTP', () => {
  const seen: { method: string; url: string; headers: IncomingHttpHeaders }[] = [];
  let answer: { status: number; body: string } = { status: 202, body: '' };
  let server: Server;
  const http = new UpstreamHttp(loadConfig({ LOG_LEVEL: 'silent' }).timeouts);
  let client: CloudSyncClient;
  const caller = (): Caller => ({ authorization: 'Bearer t0k', key: 'k', upstreamCalls: 0 });

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
      res.writeHead(answer.status, answer.body ? { 'content-type': 'application/json' } : {});
      res.end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    client = new CloudSyncClient(http, { apiUrl: url, authUrl: url });
  });
  afterAll(async () => {
    await http.close();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    seen.length = 0;
    answer = { status: 202, body: '' };
  });

  it.each(Object.entries(CASES))(
    '%s arrives with its query and headers, once',
    async (name, want) => {
      const started = await client.startGroupListing(
        caller(),
        ACCOUNT,
        GROUP,
        name,
        want.params,
        want.credentials,
      );
      expect(started).toEqual({ answered: false, requestId: null });
      expect(seen).toHaveLength(1);
      const [request] = seen;
      const base = `/api/accounts/${ACCOUNT}/groups/${GROUP}/${name}`;
      expect(request?.method).toBe('GET');
      expect(request?.url).toBe(want.query ? `${base}?${want.query}` : base);
      expect(request?.headers.authorization).toBe('Bearer t0k');
      // The account is in the path: no x-account-id (SPEC).
      expect(request?.headers['x-account-id']).toBeUndefined();
      for (const [header, value] of Object.entries(want.headers)) {
        expect(request?.headers[header]).toBe(value);
      }
    },
  );

  it('is never retried, and a 200 carrying the result is the answer', async () => {
    answer = { status: 503, body: '{"code":503,"message":"busy"}' };
    await expect(
      client.startGroupListing(caller(), ACCOUNT, GROUP, 'list-gcp-buckets', {}, {}),
    ).rejects.toBeInstanceOf(GatewayError);
    expect(seen).toHaveLength(1);
    answer = { status: 200, body: '{"list-gcp-buckets":[{"name":"g1"}]}' };
    await expect(
      client.startGroupListing(caller(), ACCOUNT, GROUP, 'list-gcp-buckets', {}, {}),
    ).resolves.toEqual({ answered: true, payload: [{ name: 'g1' }] });
  });

  it('refuses bad input before any call', async () => {
    await expect(
      client.startGroupListing(caller(), ACCOUNT, GROUP, 'list-sgws-buckets', { host: 'h' }, KEYS),
    ).rejects.toThrowError('port is required for list-sgws-buckets');
    expect(seen).toHaveLength(0);
  });
});
