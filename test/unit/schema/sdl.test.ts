import { readFile } from 'node:fs/promises';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import config from '../../../codegen';

describe('schema/schema.graphql', () => {
  it('is what `npm run generate` writes from the code (run it after a schema change)', async () => {
    const files = (await generate(config, false)) as { filename: string; content: string }[];
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const committed = await readFile(file.filename, 'utf8');
      expect(committed, `${file.filename} is stale: run npm run generate`).toBe(file.content);
    }
  });
});
