import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import type { SecretValue } from '../cloudsync/secret-value';
import type { GatewayContext } from '../context';

export interface SchemaTypes {
  Context: GatewayContext;
  DefaultFieldNullability: false;
  Scalars: {
    ID: { Input: string; Output: string };
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
    SafeInt: { Input: number; Output: number };
    /** Input only (schema/secret.ts): a variable's string, wrapped so that it prints as [secret]. */
    Secret: { Input: SecretValue; Output: never };
  };
}

/**
 * The cost model of the `MAX_COST` limit (plugins/use-limits.ts): every field costs FIELD_COST, a
 * field that starts upstream work declares `complexity: LISTING_COST` on itself, and what is under
 * a list counts LIST_FACTOR times (an estimate of the list's length).
 */
export const FIELD_COST = 1;
export const LISTING_COST = 100;
export const LIST_FACTOR = 10;

export const builder = new SchemaBuilder<SchemaTypes>({
  plugins: [ComplexityPlugin],
  defaultFieldNullability: false,
  // Only the model: the limit is a validation rule (plugins/use-limits.ts), so that a refused
  // document runs no resolver on any transport; `disabled` keeps the plugin out of the resolvers.
  complexity: { disabled: true, defaultComplexity: FIELD_COST, defaultListMultiplier: LIST_FACTOR },
});

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
