import { readFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.js';

describe('schema.graphql', () => {
  it('matches the printed schema', () => {
    const committed = readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8');
    // On failure, run `npm run schema` and commit the new schema.graphql.
    expect(committed).toBe(`${printSchema(schema)}\n`);
  });

  it('lists types in sorted order', () => {
    const names = Object.keys(schema.getTypeMap()).filter((name) => !name.startsWith('__'));
    expect(names).toEqual([...names].sort());
  });

  it('describes every field and enum value', () => {
    const undocumented: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      if (!type.description) undocumented.push(type.name);
      if ('getValues' in type) {
        for (const value of type.getValues()) {
          if (!value.description) undocumented.push(`${type.name}.${value.name}`);
        }
      }
    }
    expect(undocumented).toEqual([]);
  });
});
