import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  BrokersDocument,
  LoginDocument,
  S3BucketListingDocument,
  S3BucketsDocument,
} from '../../operations/generated/graphql';
import { DEMO_USER, SEED_IDS } from '../../src/simulator';
import { type Stack, startStack, subscribeAll } from '../utils/stack';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.stop());
beforeEach(() => stack.sim.reset());

/** Runs a generated typed document: the result type comes from the document itself. */
async function run<R, V extends Record<string, unknown>>(
  document: TypedDocumentNode<R, V>,
  variables: V,
  token: string | null,
): Promise<R> {
  const res = await stack.gql<R>(print(document), variables, token);
  expect(res.errors).toBeUndefined();
  return res.data as R;
}

describe('the generated typed documents', () => {
  it('log in, list brokers and buckets, and stream a listing', async () => {
    const { login } = await run(
      LoginDocument,
      { username: DEMO_USER.username, password: DEMO_USER.password },
      null,
    );
    const { accounts } = await run(BrokersDocument, {}, login.accessToken);
    const aws = accounts[0]!.dataBrokers.find(
      (broker) => broker.type === 'AWS' && broker.status === 'COMPLETE',
    )!;
    expect(aws.id).toBe(SEED_IDS.brokers.aws);
    const { account } = await run(
      S3BucketsDocument,
      { accountId: accounts[0]!.id, dataBrokerId: aws.id },
      login.accessToken,
    );
    expect(account?.dataBroker?.s3Buckets.map((bucket) => bucket.name)).toContain('small');

    const sub = subscribeAll<{ s3BucketListing: { status: string } }>(
      stack.ws(login.accessToken),
      print(S3BucketListingDocument),
      { accountId: accounts[0]!.id, dataBrokerId: aws.id },
    );
    await sub.done;
    expect(sub.events.map((event) => event.s3BucketListing.status)).toEqual(['PENDING', 'READY']);
  });
});
