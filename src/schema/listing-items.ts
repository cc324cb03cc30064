import type {
  CifsShare,
  KmsKey,
  Region,
  S3PrivateLink,
  StorageContainer,
  StorageFolder,
  Tag,
} from '../cloudsync/listing-parsers';
import { builder } from './builder';

/**
 * The lenient result types of the list-* operations (design §2.3): only list-s3-buckets has a
 * documented shape, so the others are generic, and `raw` keeps whatever the broker sent.
 */

/** What every listed item can say of itself: a name (an NFS export's is its path) and its raw form. */
export interface ListingItemModel {
  name?: string;
  path?: string;
  raw?: unknown;
  /** Set on the items of a GroupListing event (an interface list): the concrete type. */
  __typename?: string;
}

export const ListingItemRef = builder.interfaceRef<ListingItemModel>('ListingItem').implement({
  description:
    'An item of a listing: a bucket, container, share, drive, folder, key or link. `raw` is the ' +
    "broker's item as sent (the shapes are undocumented); ask for it only when the typed fields miss something.",
  resolveType: (item) => item.__typename ?? null,
  fields: (t) => ({
    name: t.string({ resolve: (item) => item.name ?? item.path ?? '' }),
    raw: t.field({ type: 'JSON', nullable: true, resolve: (item) => item.raw ?? null }),
  }),
});

export const TagRef = builder.objectRef<Tag>('Tag').implement({
  fields: (t) => ({ key: t.exposeString('key'), value: t.exposeString('value') }),
});

export const RegionRef = builder.objectRef<Region>('Region').implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    displayName: t.exposeString('displayName', { nullable: true }),
  }),
});

export const StorageContainerRef = builder
  .objectRef<StorageContainer>('StorageContainer')
  .implement({
    description: 'A bucket, container or shared drive.',
    interfaces: [ListingItemRef],
    fields: (t) => ({
      name: t.exposeString('name'),
      id: t.exposeString('id', { nullable: true }),
      region: t.field({ type: RegionRef, nullable: true, resolve: (item) => item.region }),
      tags: t.field({ type: [TagRef], resolve: (item) => item.tags }),
    }),
  });

export const CifsShareRef = builder.objectRef<CifsShare>('CifsShare').implement({
  description: 'A CIFS (SMB) share.',
  interfaces: [ListingItemRef],
  fields: (t) => ({ name: t.exposeString('name') }),
});

export const StorageFolderRef = builder.objectRef<StorageFolder>('StorageFolder').implement({
  description: 'A folder (a prefix in a bucket); Box and Google Drive folders have ids.',
  interfaces: [ListingItemRef],
  fields: (t) => ({
    name: t.exposeString('name'),
    path: t.exposeString('path'),
    id: t.exposeString('id', { nullable: true }),
  }),
});

export const KmsKeyRef = builder.objectRef<KmsKey>('KmsKey').implement({
  description: 'An encryption key; `name` is its alias when it has one, else its id.',
  interfaces: [ListingItemRef],
  fields: (t) => ({
    name: t.exposeString('name'),
    id: t.exposeString('id'),
    arn: t.exposeString('arn', { nullable: true }),
    alias: t.exposeString('alias', { nullable: true }),
  }),
});

export const S3PrivateLinkRef = builder.objectRef<S3PrivateLink>('S3PrivateLink').implement({
  description: 'An S3 interface endpoint (AWS PrivateLink).',
  interfaces: [ListingItemRef],
  fields: (t) => ({
    name: t.exposeString('name'),
    dnsName: t.exposeString('dnsName', { nullable: true }),
    vpcEndpointId: t.exposeString('vpcEndpointId', { nullable: true }),
  }),
});
