import { readFile } from 'node:fs/promises';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import config from '../../codegen.js';

describe('generated client', () => {
  it('matches schema and operations', async () => {
    const outputs = await generate({ ...config, silent: true }, false);
    expect(outputs.map((output: { filename: string }) => output.filename)).toEqual([
      'client/generated.ts',
    ]);
    const committed = await readFile('client/generated.ts', 'utf8');
    // On a mismatch, run `npm run codegen` and commit client/generated.ts.
    expect(outputs[0]?.content).toBe(committed);
  }, 60_000);
});
