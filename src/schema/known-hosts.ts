import { checkId } from '../cloudsync/inputs';
import type { EndpointProtocol } from '../cloudsync/relationship-types';
import type { KnownHost } from '../cloudsync/reports';
import { badInput } from '../errors';
import { AccountRef } from './accounts';
import { builder } from './builder';
import { EndpointProtocolEnum } from './relationships';

/**
 * Hosts the account's relationships use (design §3, `GET /api/storages/{protocol}?provider=`): the
 * create wizard's autocomplete.
 */

const KnownHostRef = builder.objectRef<KnownHost>('KnownHost').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    host: t.exposeString('host'),
    lastSeen: t.expose('lastSeen', { type: 'DateTime', nullable: true }),
  }),
});

const UPSTREAM_PROTOCOL: Record<EndpointProtocol, string | null> = {
  NFS: 'nfs',
  CIFS: 'cifs',
  S3: 's3',
  LOCAL: 'local',
  AZURE: 'azure',
  GCP: 'gcp',
  SFTP: 'sftp',
  BOX: 'box',
  GDRIVE: 'gdrive',
  UNKNOWN: null,
};

const PROVIDERS = new Set([
  'nfs',
  'sftp',
  'cifs',
  'azure',
  'azure_data_lake',
  's3',
  'gcp',
  'box',
  'sgws',
  'ibm',
  'efs',
  'cvs',
  'anf',
  'ontap',
  'cvo',
  'onprem',
  'gdrive',
]);

builder.objectFields(AccountRef, (t) => ({
  knownHosts: t.field({
    type: [KnownHostRef],
    description:
      'Hosts used by the account\'s relationships for a protocol (and provider, e.g. "sgws"), ' +
      'to autocomplete the create wizard. One upstream call.',
    args: {
      protocol: t.arg({ type: EndpointProtocolEnum, required: true }),
      provider: t.arg.string(),
    },
    resolve: (account, args, ctx) => {
      const protocol = UPSTREAM_PROTOCOL[args.protocol];
      if (!protocol) throw badInput('protocol must be a known protocol, not UNKNOWN');
      const provider = args.provider ?? null;
      if (provider !== null && !PROVIDERS.has(provider)) {
        throw badInput(`provider must be one of ${[...PROVIDERS].join(', ')}`);
      }
      return ctx.cloudsync.reports.knownHosts(
        ctx.requireCaller(),
        checkId('accountId', account.id),
        protocol,
        provider,
      );
    },
  }),
}));
