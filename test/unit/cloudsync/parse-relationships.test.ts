import { describe, expect, it } from 'vitest';
import {
  mergeSettings,
  parseAccountInfo,
  parseActivity,
  parseEndpoint,
  parseRelationship,
  parseRelationships,
  parseTransferStats,
} from '../../../src/cloudsync/parse-relationships';
import { GatewayError } from '../../../src/errors';

const PASSWORD = 'Sup3r-Secret!';

/** Shaped like the real bodies of the API notes: isCm bool, string port, scheme in host, epoch ms. */
const REAL = {
  id: '68ba07cfbe15f38cc58cbdd4',
  relationshipId: '68ba07cfbe15f38cc58cbdd4',
  isCm: true,
  group: '6170a1f2cec9f8eef6a41203',
  dataBroker: '6170a1f248301b1e6cdfe204',
  createdAt: 1757022159717,
  source: {
    protocol: 'cifs',
    cifs: {
      host: 'fs01.corp.example',
      share: 'finance',
      path: 'q3',
      provider: 'cifs',
      version: '3.0',
      credentials: { username: 'svc', password: PASSWORD, domain: 'CORP' },
    },
  },
  target: {
    protocol: 's3',
    s3: {
      host: 'https://s3.datafabric.lan',
      port: '443',
      bucket: 'media',
      prefix: '2025',
      provider: 'sgws',
      credentials: { accessKey: 'AKIA', secretKey: PASSWORD },
    },
  },
  settings: { gracePeriod: 30, retries: 3, deleteOnSource: false, fileTypes: { files: true } },
  tags: [
    { key: 'name', value: 'finance-share' },
    { key: 'env', value: 'prod' },
  ],
  activity: {
    type: 'Initial Copy',
    status: 'RUNNING',
    bytesCopied: 9_007_199_254_740,
    filesScanned: '3861002',
    progress: 42,
    startTime: '2025-11-25T12:00:00.000Z',
    lastMessageTime: 1764072060000,
    executionTime: null,
    failureMessage: '',
    topFiveMostCommonRelationshipErrors: [
      { step: 'TRANSFER', errorCode: 'invalid_credentials', counter: 3, description: 'bad key' },
      { step: 'SCAN' },
    ],
    errors: [{ dataBrokerId: '6170a1f248301b1e6cdfe204', reason: 'offline' }],
  },
};

describe('parseRelationship', () => {
  it('reads the real-data quirks', () => {
    const rel = parseRelationship(REAL);
    expect(rel).toMatchObject({
      id: REAL.id,
      name: 'finance-share',
      createdInConsole: true,
      groupId: REAL.group,
      dataBrokerId: REAL.dataBroker,
    });
    expect(rel.createdAt?.getTime()).toBe(REAL.createdAt);
    expect(rel.tags).toEqual(REAL.tags);
    expect(rel.target).toMatchObject({
      kind: 's3',
      protocol: 'S3',
      provider: 'sgws',
      host: 's3.datafabric.lan',
      port: 443,
      bucket: 'media',
      label: 'sgws://s3.datafabric.lan:443/media/2025',
    });
    expect(rel.source).toMatchObject({
      kind: 'cifs',
      label: 'cifs://fs01.corp.example/finance/q3',
    });
  });

  it('drops every credential the GET body carries', () => {
    const rel = parseRelationship(REAL);
    const out = JSON.stringify(rel);
    expect(out).not.toContain(PASSWORD);
    expect(out).not.toContain('"credentials"');
    expect(out).not.toContain('CORP');
    expect(out).not.toContain('AKIA');
  });

  it('reads isCM as a string and createdAt as an ISO date', () => {
    const rel = parseRelationship({
      ...REAL,
      isCm: undefined,
      isCM: 'false',
      createdAt: '2025-09-04T21:42:39.717Z',
    });
    expect(rel.createdInConsole).toBe(false);
    expect(rel.createdAt?.toISOString()).toBe('2025-09-04T21:42:39.717Z');
  });

  it('a list drops records without an id; a body that is not a list is UPSTREAM_UNAVAILABLE', () => {
    expect(parseRelationships([REAL, { name: 'no id' }, 7])).toHaveLength(1);
    expect(() => parseRelationships({})).toThrow(GatewayError);
    expect(() => parseRelationship('x')).toThrow(GatewayError);
  });
});

describe('parseEndpoint', () => {
  it('an unknown protocol is an unknown endpoint, with its credentials removed at any depth', () => {
    const endpoint = parseEndpoint({
      protocol: 'onedrive',
      onedrive: {
        provider: 'sharepoint',
        siteId: 'abc',
        credentials: { clientSecret: PASSWORD },
        nested: [{ password: PASSWORD, tenant: 't1' }],
        connectionString: PASSWORD,
      },
    });
    expect(endpoint).toMatchObject({
      kind: 'unknown',
      protocol: 'UNKNOWN',
      protocolRaw: 'onedrive',
      provider: 'sharepoint',
    });
    expect(JSON.stringify(endpoint)).not.toContain(PASSWORD);
    expect(JSON.stringify(endpoint)).toContain('t1');
  });

  it('a known protocol without its required fields, or garbage, is unknown too, never a throw', () => {
    expect(parseEndpoint({ protocol: 'nfs', nfs: { host: 'h' } }).kind).toBe('unknown');
    expect(parseEndpoint({ protocol: 'nfs' }).kind).toBe('unknown');
    expect(parseEndpoint(null).kind).toBe('unknown');
    expect(parseEndpoint({ protocol: 42 }).kind).toBe('unknown');
  });

  it('reads every protocol', () => {
    const cases: [unknown, string, string][] = [
      [
        {
          protocol: 'nfs',
          nfs: { host: '10.0.0.5', export: '/vol1', path: 'projects', provider: 'nfs' },
        },
        'nfs',
        'nfs://10.0.0.5:/vol1/projects',
      ],
      [{ protocol: 's3', s3: { bucket: 'b', prefix: 'p', provider: 's3' } }, 's3', 's3://b/p'],
      [
        { protocol: 's3', s3: { bucket: 'b', provider: 'ibm', host: 'cos.ibm:8443' } },
        's3',
        'ibm://cos.ibm:8443/b',
      ],
      [
        {
          protocol: 'azure',
          azure: { storageAccountName: 'acct', container: 'c', prefix: 'x', provider: 'azure' },
        },
        'azure',
        'azure://acct/c/x',
      ],
      [{ protocol: 'gcp', gcp: { bucket: 'g', prefix: 'e', provider: 'gcp' } }, 'gcp', 'gs://g/e'],
      [
        {
          protocol: 'sftp',
          sftp: { host: 'sftp.example', port: '22', rootDirectory: '/data', provider: 'sftp' },
        },
        'sftp',
        'sftp://sftp.example:22/data',
      ],
      [
        {
          protocol: 'box',
          box: { folderId: '0', clientId: 'cid', appName: 'app', provider: 'box' },
        },
        'box',
        'box://app/0',
      ],
      [
        {
          protocol: 'gdrive',
          gdrive: {
            driveId: 'd1',
            driveName: 'Team',
            path: '/docs',
            subject: 'a@b.c',
            provider: 'gdrive',
          },
        },
        'gdrive',
        'gdrive://Team/docs',
      ],
      [{ protocol: 'local', local: { path: '/mnt/x' } }, 'local', 'local:///mnt/x'],
    ];
    for (const [body, kind, label] of cases) {
      expect(parseEndpoint(body)).toMatchObject({ kind, label });
    }
    expect(parseEndpoint(cases[5]?.[0])).toMatchObject({ port: 22 });
  });
});

describe('parseActivity', () => {
  it('reads counters past 2^31, numbers as strings, both date forms, "" as no failure', () => {
    const activity = parseActivity(REAL.activity);
    expect(activity).toMatchObject({
      status: 'RUNNING',
      runType: 'INITIAL_COPY',
      progress: 42,
      executionTimeMs: null,
      failureMessage: null,
    });
    expect(activity.counters.copied.bytes).toBe(9_007_199_254_740);
    expect(activity.counters.scanned.files).toBe(3_861_002);
    expect(activity.startTime?.toISOString()).toBe('2025-11-25T12:00:00.000Z');
    expect(activity.lastMessageTime?.getTime()).toBe(1764072060000);
    expect(activity.topErrors).toEqual([
      { step: 'TRANSFER', errorCode: 'invalid_credentials', count: 3, description: 'bad key' },
    ]);
    expect(activity.brokerErrors).toEqual([{ dataBrokerId: REAL.dataBroker, reason: 'offline' }]);
  });

  it('an unknown status is UNKNOWN with the raw kept; "Sync" is SYNC; nothing is UNKNOWN too', () => {
    expect(parseActivity({ status: 'RUNNING_CONTINUOUSLY', type: 'Sync' })).toMatchObject({
      status: 'UNKNOWN',
      statusRaw: 'RUNNING_CONTINUOUSLY',
      runType: 'SYNC',
    });
    expect(parseActivity(undefined)).toMatchObject({ status: 'UNKNOWN', runType: 'UNKNOWN' });
  });
});

describe('settings, stats, account info', () => {
  it('mergeSettings merges objects at every depth and keeps what the patch does not name', () => {
    const base = {
      retries: 3,
      fileTypes: { files: true, directories: true },
      files: { excludeExtensions: ['.a'] },
    };
    expect(
      mergeSettings(base, {
        fileTypes: { directories: false },
        files: { excludeExtensions: ['.b'] },
        retries: undefined,
      }),
    ).toEqual({
      retries: 3,
      fileTypes: { files: true, directories: false },
      files: { excludeExtensions: ['.b'] },
    });
    expect(base.fileTypes.directories).toBe(true);
  });

  it('parseRelationship keeps settings raw for the write-back', () => {
    expect(parseRelationship(REAL).settings).toMatchObject({
      gracePeriodSeconds: 30,
      retries: 3,
      deleteOnSource: false,
      deleteOnTarget: false,
      raw: REAL.settings,
    });
  });

  it('transfer stats and account info', () => {
    expect(
      parseTransferStats({
        totalBytes: 5_000_000_000_000,
        totalFiles: '12',
        numberOfRelationships: 7,
        bytesCopiedInTheLast30Days: [{ date: '2025-11-25', bytesCopied: 10 }, { bytesCopied: 1 }],
      }),
    ).toEqual({
      totalBytes: 5_000_000_000_000,
      totalFiles: 12,
      relationshipCount: 7,
      bytesCopiedLast30Days: [{ date: '2025-11-25', bytesCopied: 10 }],
    });
    expect(
      parseAccountInfo({ accountId: 'a', daysLeftForTrial: -1, noCharge: false }),
    ).toMatchObject({
      accountId: 'a',
      daysLeftForTrial: -1,
      noCharge: false,
      subscriptionStatus: null,
    });
    expect(() => parseTransferStats([])).toThrow(GatewayError);
  });
});
