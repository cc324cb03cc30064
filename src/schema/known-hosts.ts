import { checkId } from '../cloudsync/inputs';
import { type KnownHost, STORAGE_PROTOCOL, STORAGE_PROVIDERS } from '../cloudsync/reports';
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
      if (args.protocol === 'UNKNOWN') {
        throw badInput('protocol must be a known protocol, not UNKNOWN');
      }
      const protocol = STORAGE_PROTOCOL[args.protocol];
      const provider = args.provider ?? null;
      if (provider !== null && !STORAGE_PROVIDERS.has(provider)) {
        throw badInput(`provider must be one of ${[...STORAGE_PROVIDERS].join(', ')}`);
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
