import { parseS3Buckets } from '../cloudsync/parse';
import type { S3Bucket } from '../cloudsync/types';
import { builder, LISTING_COST } from './builder';
import { DataBrokerRef } from './data-brokers';
import {
  awaitListing,
  DEFAULT_TIMEOUT_SECONDS,
  type ListingEvent,
  type ListingSpec,
  listingFields,
  listingStream,
  scopeArgs,
} from './listing-events';
import { ListingItemRef, RegionRef, TagRef } from './listing-items';

const S3_BUCKETS: ListingSpec<S3Bucket> = { operation: 'list-s3-buckets', parse: parseS3Buckets };

// Tag and Region are shared with the generic listing types (listing-items.ts).
export { TagRef };

export const S3BucketRef = builder.objectRef<S3Bucket>('S3Bucket').implement({
  interfaces: [ListingItemRef],
  fields: (t) => ({
    name: t.exposeString('name'),
    region: t.field({ type: RegionRef, nullable: true, resolve: (bucket) => bucket.region }),
    tags: t.field({ type: [TagRef], resolve: (bucket) => bucket.tags }),
  }),
});

builder.objectFields(DataBrokerRef, (t) => ({
  s3Buckets: t.field({
    type: [S3BucketRef],
    complexity: LISTING_COST,
    description: 'Lists the S3 buckets this broker can reach, waiting for the answer on the feed.',
    args: { timeoutSeconds: t.arg.int({ defaultValue: DEFAULT_TIMEOUT_SECONDS }) },
    resolve: (broker, args, ctx) =>
      awaitListing(
        ctx,
        { accountId: broker.accountId, dataBrokerId: broker.id, groupId: broker.groupId },
        S3_BUCKETS,
        {},
        args.timeoutSeconds,
      ),
  }),
}));

const S3BucketListingRef = builder.objectRef<ListingEvent<S3Bucket>>('S3BucketListing').implement({
  fields: (t) => ({
    ...listingFields(t),
    buckets: t.field({ type: [S3BucketRef], nullable: true, resolve: (event) => event.items }),
  }),
});

builder.subscriptionFields((t) => ({
  s3BucketListing: t.field({
    type: S3BucketListingRef,
    complexity: LISTING_COST,
    description: 'Starts an S3 bucket listing and streams it: PENDING, then READY or FAILED.',
    args: {
      accountId: t.arg.id({ required: true }),
      dataBrokerId: t.arg.id({ required: true }),
      timeoutSeconds: t.arg.int({ defaultValue: DEFAULT_TIMEOUT_SECONDS }),
    },
    subscribe: (_root, args, ctx) => {
      const scope = scopeArgs(ctx, args);
      return listingStream(ctx, (signal) =>
        awaitListing(ctx, scope, S3_BUCKETS, {}, args.timeoutSeconds, signal),
      );
    },
    resolve: (event) => event,
  }),
}));
