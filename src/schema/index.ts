import type { GraphQLSchema } from 'graphql';
import { builder } from './builder';
import './scalars';
import './accounts';
import './data-brokers';
import './auth';
import './listings';
import './feed';

let schema: GraphQLSchema | undefined;

/** The gateway's schema, built once. */
export function buildSchema(): GraphQLSchema {
  schema ??= builder.toSchema({ sortSchema: true });
  return schema;
}
