import { describe, expect, it } from 'vitest';
import { LIST_OPERATIONS } from '../../../src/cloudsync/list-operations';
import { INVALID_CREDENTIALS, parseListing } from '../../../src/cloudsync/listing-parsers';
import { SecretValue } from '../../../src/cloudsync/secret-value';

describe('lenient listing parsers', () => {
  it('reads plain strings, {name}, Name, displayName and keeps raw', () => {
    const result = parseListing('containers', [
      'alpha',
      { name: 'beta', region: 'eu-west-1' },
      { Name: 'gamma', region: { name: 'us-east-1', displayName: 'US East' } },
      { displayName: 'delta', id: 'c-4' },
    ]);
    expect(result).toEqual({
      ok: true,
      skipped: 0,
      items: [
        { name: 'alpha', id: null, region: null, tags: [], raw: 'alpha' },
        {
          name: 'beta',
          id: null,
          region: { name: 'eu-west-1', displayName: null },
          tags: [],
          raw: { name: 'beta', region: 'eu-west-1' },
        },
        {
          name: 'gamma',
          id: null,
          region: { name: 'us-east-1', displayName: 'US East' },
          tags: [],
          raw: { Name: 'gamma', region: { name: 'us-east-1', displayName: 'US East' } },
        },
        {
          name: 'delta',
          id: 'c-4',
          region: null,
          tags: [],
          raw: { displayName: 'delta', id: 'c-4' },
        },
      ],
    });
  });

  it('reads Key/Value and key/value tags', () => {
    const result = parseListing('containers', [
      {
        name: 'b',
        tags: [{ Key: 'env', Value: 'prod' }, { key: 'team', value: 'x' }, { Value: 'no key' }],
      },
    ]);
    expect(result.ok && result.items[0]?.tags).toEqual([
      { key: 'env', value: 'prod' },
      { key: 'team', value: 'x' },
    ]);
  });

  it('skips and counts items without a name, never crashing on odd entries', () => {
    const result = parseListing('folders', [
      { path: 'a/b' },
      { size: 3 },
      null,
      42,
      [],
      { name: '' },
      'c/d/',
      { name: 'e', prefix: 'x/e/', folderId: 7 },
    ]);
    expect(result).toEqual({
      ok: true,
      skipped: 4,
      items: [
        { name: 'a/b', path: 'a/b', id: null, raw: { path: 'a/b' } },
        { name: '42', path: '42', id: null, raw: 42 },
        { name: 'd', path: 'c/d/', id: null, raw: 'c/d/' },
        { name: 'e', path: 'x/e/', id: '7', raw: { name: 'e', prefix: 'x/e/', folderId: 7 } },
      ],
    });
  });

  it('makes a single object (the box root) a list of one', () => {
    expect(parseListing('rootFolder', { id: '0', name: 'All Files' })).toEqual({
      ok: true,
      skipped: 0,
      items: [
        { name: 'All Files', path: 'All Files', id: '0', raw: { id: '0', name: 'All Files' } },
      ],
    });
    expect(parseListing('rootFolder', '/home/sync')).toMatchObject({
      ok: true,
      items: [{ name: 'sync', path: '/home/sync' }],
    });
  });

  it('reads KMS keys: name is the alias, else the key id', () => {
    const result = parseListing('kmsKeys', [
      { KeyId: 'k-1', KeyArn: 'arn:aws:kms:us-east-1:1:key/k-1', AliasName: 'alias/backup' },
      { KeyId: 'k-2' },
      { name: 'projects/p/locations/l/keyRings/r/cryptoKeys/c' },
      { AliasName: 'alias/orphan' },
    ]);
    expect(result.ok && result.items.map(({ raw: _raw, ...rest }) => rest)).toEqual([
      {
        name: 'alias/backup',
        id: 'k-1',
        arn: 'arn:aws:kms:us-east-1:1:key/k-1',
        alias: 'alias/backup',
      },
      { name: 'k-2', id: 'k-2', arn: null, alias: null },
      {
        name: 'projects/p/locations/l/keyRings/r/cryptoKeys/c',
        id: 'projects/p/locations/l/keyRings/r/cryptoKeys/c',
        arn: null,
        alias: null,
      },
    ]);
    expect(result.ok && result.skipped).toBe(1);
  });

  it('reads drives with ids, private links, shares and the three documented kinds', () => {
    expect(parseListing('drives', [{ id: 'd1', name: 'Team' }])).toMatchObject({
      items: [{ name: 'Team', id: 'd1' }],
    });
    expect(
      parseListing('privateLinks', [
        { VpcEndpointId: 'vpce-1', DnsEntries: [{ DnsName: '*.vpce-1.s3.amazonaws.com' }] },
      ]),
    ).toMatchObject({
      items: [{ name: 'vpce-1', vpcEndpointId: 'vpce-1', dnsName: '*.vpce-1.s3.amazonaws.com' }],
    });
    expect(parseListing('cifsShares', ['finance', { name: 'hr' }])).toMatchObject({
      items: [{ name: 'finance' }, { name: 'hr' }],
    });
    expect(parseListing('nfsExports', ['/vol1', { path: '/vol2' }, {}])).toEqual({
      ok: true,
      items: [{ path: '/vol1' }, { path: '/vol2' }],
      skipped: 1,
    });
    expect(
      parseListing('s3Buckets', [{ name: 'b', region: { name: 'us-east-1', displayName: 'N' } }]),
    ).toEqual({
      ok: true,
      skipped: 0,
      items: [{ name: 'b', region: { name: 'us-east-1', displayName: 'N' }, tags: [] }],
    });
  });

  it('recognises a broker error; wrong credentials get their own code; secrets are redacted', () => {
    const password = new SecretValue('hunter2');
    expect(
      parseListing(
        'cifsShares',
        { error: { code: 'NT_STATUS_LOGON_FAILURE', message: 'logon as bob with hunter2 failed' } },
        [password],
      ),
    ).toEqual({
      ok: false,
      code: INVALID_CREDENTIALS,
      brokerCode: 'NT_STATUS_LOGON_FAILURE',
      message: 'logon as bob with [secret] failed',
    });
    expect(
      parseListing('containers', { error: { code: 'invalid_credentials', message: 'no' } }),
    ).toMatchObject({
      code: 'invalid_credentials',
    });
    expect(
      parseListing('folders', { error: { code: 'host_unreachable', message: 'timed out' } }),
    ).toEqual({
      ok: false,
      code: 'host_unreachable',
      brokerCode: 'host_unreachable',
      message: 'timed out',
    });
    expect(parseListing('folders', { error: 'boom' })).toMatchObject({
      ok: false,
      code: 'unknown_error',
      message: 'boom',
    });
    expect(parseListing('folders', { error: { code: 'a b\nc', message: 'x' } })).toMatchObject({
      code: 'unknown_error',
    });
  });

  it('answers malformed_result for what is no listing at all, for every kind', () => {
    for (const op of LIST_OPERATIONS) {
      for (const value of [null, undefined, 3, true, '']) {
        expect(parseListing(op.result, value)).toMatchObject({
          ok: false,
          code: 'malformed_result',
        });
      }
      expect(parseListing(op.result, [])).toEqual({ ok: true, items: [], skipped: 0 });
    }
  });
});
