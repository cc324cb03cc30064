import DataLoader from 'dataloader';
import type { CloudSyncClient } from './cloudsync/client';
import type { Caller, UpstreamAccount, UpstreamDataBroker, UpstreamGroup } from './cloudsync/types';

/**
 * Per-request memo of the upstream reads: however many fields ask, one GET per (request, account).
 * Cloud Sync has no batch endpoints, so a "batch" here is one call per distinct account, all
 * issued in the same tick. Created per request (and per subscription event): never shared.
 */
export interface Loaders {
  accounts(): Promise<UpstreamAccount[]>;
  dataBrokers: DataLoader<string, UpstreamDataBroker[]>;
  groups: DataLoader<string, UpstreamGroup[]>;
}

const asError = (error: unknown): Error =>
  error instanceof Error ? error : new Error(String(error));

function perAccount<T>(load: (accountId: string) => Promise<T>): DataLoader<string, T> {
  return new DataLoader<string, T>((accountIds) =>
    Promise.all(accountIds.map((id) => load(id).catch(asError))),
  );
}

export function createLoaders(client: CloudSyncClient, caller: Caller): Loaders {
  let accounts: Promise<UpstreamAccount[]> | undefined;
  return {
    accounts: () => {
      accounts ??= client.accounts(caller);
      return accounts;
    },
    dataBrokers: perAccount((accountId) => client.dataBrokers(caller, accountId)),
    groups: perAccount((accountId) => client.groups(caller, accountId)),
  };
}
