import type { GraphQLSchema } from 'graphql';
import { builder } from './builder';
import './scalars';
import './accounts';
import './data-brokers';
import './auth';
import './listing-events';
import './s3-buckets';
import './nfs';
import './group-listings';
import './feed';
import './relationships';
import './relationship-mutations';
import './relationship-progress';
import './relationship-create';
import './reports';
import './known-hosts';

let schema: GraphQLSchema | undefined;

/** The gateway's schema, built once. */
export function buildSchema(): GraphQLSchema {
  schema ??= builder.toSchema({ sortSchema: true });
  return schema;
}
