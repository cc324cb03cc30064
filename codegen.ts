import type { CodegenConfig } from '@graphql-codegen/cli';
import { printSchema } from 'graphql';
import { buildSchema } from './src/schema';

/**
 * `npm run generate`: the committed SDL, printed from the Pothos schema (sorted), and typed
 * documents (client preset) for the named operations in operations/*.graphql.
 */
const config: CodegenConfig = {
  schema: printSchema(buildSchema()),
  generates: {
    'schema/schema.graphql': { plugins: ['schema-ast'], config: { sort: true } },
    'operations/generated/': {
      preset: 'client',
      documents: ['operations/*.graphql'],
      presetConfig: { fragmentMasking: false },
      config: { useTypeImports: true, enumsAsTypes: true },
    },
  },
  silent: true,
};

export default config;
