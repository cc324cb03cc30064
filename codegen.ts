import type { CodegenConfig } from '@graphql-codegen/cli';
import { printSchema } from 'graphql';
import { buildSchema } from './src/graphql';

/** `npm run generate`: the committed SDL, printed from the Pothos schema (sorted). */
const config: CodegenConfig = {
  schema: printSchema(buildSchema()),
  generates: {
    'schema/schema.graphql': { plugins: ['schema-ast'], config: { sort: true } },
  },
  silent: true,
};

export default config;
