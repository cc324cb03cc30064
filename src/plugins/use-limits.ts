import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { NoSchemaIntrospectionCustomRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Config } from '../config';
import { costLimitRule } from '../schema/cost';

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
