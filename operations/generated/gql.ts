/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query Brokers {\n  accounts {\n    id\n    name\n    dataBrokers {\n      id\n      name\n      type\n      status\n      group {\n        name\n      }\n    }\n  }\n}\n\nquery S3Buckets($accountId: ID!, $dataBrokerId: ID!, $timeoutSeconds: Int) {\n  account(id: $accountId) {\n    dataBroker(id: $dataBrokerId) {\n      s3Buckets(timeoutSeconds: $timeoutSeconds) {\n        name\n        region {\n          name\n          displayName\n        }\n        tags {\n          key\n          value\n        }\n      }\n    }\n  }\n}\n\nmutation Login($username: String!, $password: String!) {\n  login(username: $username, password: $password) {\n    accessToken\n    expiresAt\n  }\n}\n\nsubscription S3BucketListing($accountId: ID!, $dataBrokerId: ID!) {\n  s3BucketListing(accountId: $accountId, dataBrokerId: $dataBrokerId) {\n    status\n    buckets {\n      name\n    }\n    error {\n      code\n      message\n    }\n  }\n}": typeof types.BrokersDocument,
};
const documents: Documents = {
    "query Brokers {\n  accounts {\n    id\n    name\n    dataBrokers {\n      id\n      name\n      type\n      status\n      group {\n        name\n      }\n    }\n  }\n}\n\nquery S3Buckets($accountId: ID!, $dataBrokerId: ID!, $timeoutSeconds: Int) {\n  account(id: $accountId) {\n    dataBroker(id: $dataBrokerId) {\n      s3Buckets(timeoutSeconds: $timeoutSeconds) {\n        name\n        region {\n          name\n          displayName\n        }\n        tags {\n          key\n          value\n        }\n      }\n    }\n  }\n}\n\nmutation Login($username: String!, $password: String!) {\n  login(username: $username, password: $password) {\n    accessToken\n    expiresAt\n  }\n}\n\nsubscription S3BucketListing($accountId: ID!, $dataBrokerId: ID!) {\n  s3BucketListing(accountId: $accountId, dataBrokerId: $dataBrokerId) {\n    status\n    buckets {\n      name\n    }\n    error {\n      code\n      message\n    }\n  }\n}": types.BrokersDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Brokers {\n  accounts {\n    id\n    name\n    dataBrokers {\n      id\n      name\n      type\n      status\n      group {\n        name\n      }\n    }\n  }\n}\n\nquery S3Buckets($accountId: ID!, $dataBrokerId: ID!, $timeoutSeconds: Int) {\n  account(id: $accountId) {\n    dataBroker(id: $dataBrokerId) {\n      s3Buckets(timeoutSeconds: $timeoutSeconds) {\n        name\n        region {\n          name\n          displayName\n        }\n        tags {\n          key\n          value\n        }\n      }\n    }\n  }\n}\n\nmutation Login($username: String!, $password: String!) {\n  login(username: $username, password: $password) {\n    accessToken\n    expiresAt\n  }\n}\n\nsubscription S3BucketListing($accountId: ID!, $dataBrokerId: ID!) {\n  s3BucketListing(accountId: $accountId, dataBrokerId: $dataBrokerId) {\n    status\n    buckets {\n      name\n    }\n    error {\n      code\n      message\n    }\n  }\n}"): (typeof documents)["query Brokers {\n  accounts {\n    id\n    name\n    dataBrokers {\n      id\n      name\n      type\n      status\n      group {\n        name\n      }\n    }\n  }\n}\n\nquery S3Buckets($accountId: ID!, $dataBrokerId: ID!, $timeoutSeconds: Int) {\n  account(id: $accountId) {\n    dataBroker(id: $dataBrokerId) {\n      s3Buckets(timeoutSeconds: $timeoutSeconds) {\n        name\n        region {\n          name\n          displayName\n        }\n        tags {\n          key\n          value\n        }\n      }\n    }\n  }\n}\n\nmutation Login($username: String!, $password: String!) {\n  login(username: $username, password: $password) {\n    accessToken\n    expiresAt\n  }\n}\n\nsubscription S3BucketListing($accountId: ID!, $dataBrokerId: ID!) {\n  s3BucketListing(accountId: $accountId, dataBrokerId: $dataBrokerId) {\n    status\n    buckets {\n      name\n    }\n    error {\n      code\n      message\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;