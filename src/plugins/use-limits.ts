import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { PothosValidationError } from '@pothos/core';
import { complexityFromQuery } from '@pothos/plugin-complexity';
import {
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  NoSchemaIntrospectionCustomRule,
  type OperationDefinitionNode,
  type ValidationContext,
  visit,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Config } from '../config';
import { FIELD_COST, LIST_FACTOR, LISTING_COST } from '../schema/builder';

/**
 * What a document may ask for, enforced at parse and validation time, so that a rejected document
 * causes no upstream request. The same plugins run for HTTP, SSE and WebSocket operations.
 */
export function limitPlugins(config: Config): Plugin[] {
  const { limits } = config;
  return [
    EnvelopArmorPlugin({
      maxDepth: { n: limits.maxDepth, ignoreIntrospection: true },
      maxAliases: { n: limits.maxAliases },
      maxTokens: { n: limits.maxTokens },
      maxDirectives: { n: limits.maxDirectives },
      costLimit: { enabled: false },
      blockFieldSuggestion: { enabled: config.production },
    }),
    {
      onValidate({ addValidationRule }) {
        addValidationRule(costLimitRule(limits.maxCost));
        if (!config.introspection) addValidationRule(NoSchemaIntrospectionCustomRule);
      },
    },
  ];
}

/**
 * Rejects an operation whose estimated cost is over `maxCost`, with the model of
 * `@pothos/plugin-complexity` as declared on the fields (schema/builder.ts): every field costs 1, a
 * listing field 100, and a list multiplies what is below it by 10. So one broker's buckets are
 * cheap, while `accounts { dataBrokers { s3Buckets } }` (a listing per broker of every account) is
 * not.
 *
 * The plugin's own `createComplexityRule` coerces the request's variables and reports their errors
 * as validation errors; Yoga caches validation results by document (and rule names), so such a rule
 * would answer one request's variable error to the next request with the same document. No field
 * cost here depends on its arguments, so each operation is measured without its variables: the
 * result depends on the document alone, and variable errors stay where graphql-js reports them.
 */
export function costLimitRule(maxCost: number) {
  return (context: ValidationContext): ASTVisitor => {
    const document = context.getDocument();
    const fragments = document.definitions.filter(
      (definition): definition is FragmentDefinitionNode =>
        definition.kind === Kind.FRAGMENT_DEFINITION,
    );
    return {
      OperationDefinition(node) {
        const total = costOf(context, node, fragments);
        if (total === null || total <= maxCost) return;
        context.reportError(
          new GraphQLError(
            `Query cost ${total} is over the limit of ${maxCost} (a field costs ${FIELD_COST}, a listing ` +
              `${LISTING_COST}, and what is under a list counts ${LIST_FACTOR} times)`,
            { nodes: [node], extensions: { code: 'BAD_USER_INPUT', cost: total, maxCost } },
          ),
        );
      },
    };
  };
}

/** The cost of one operation, or null when it cannot be measured (graphql-js reports why). */
function costOf(
  context: ValidationContext,
  operation: OperationDefinitionNode,
  fragments: FragmentDefinitionNode[],
): number | null {
  // Meta fields (`__typename`, introspection) cost nothing, as before the plugin measured them.
  const alone: DocumentNode = visit(
    { kind: Kind.DOCUMENT, definitions: [{ ...operation, variableDefinitions: [] }, ...fragments] },
    { Field: (field) => (field.name.value.startsWith('__') ? null : undefined) },
  );
  try {
    return complexityFromQuery(alone, { schema: context.getSchema() }).complexity;
  } catch (error) {
    // An unknown field or fragment, or a cycle: the document is invalid anyway.
    if (error instanceof PothosValidationError) return null;
    throw error;
  }
}
