import { readFileSync } from 'node:fs';
import { type DirectiveNode, Kind, parse, visit } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema, subgraphSdl } from '../../src/schema/index.js';
import { post, type Stack, startStack } from '../helpers/stack.js';

const committed = readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8');

/** Tests whether a type is an introspection type or one that @apollo/subgraph adds (`_Any`). */
function isBuiltInType(name: string): boolean {
  return name.startsWith('_') || name.startsWith('link__');
}

/** Collects the `import` list of the federation @link and every other directive applied. */
function directivesOf(sdl: string): { imported: string[]; applied: string[] } {
  const imported: string[] = [];
  const applied = new Set<string>();
  visit(parse(sdl), {
    Directive: (node: DirectiveNode) => {
      if (node.name.value !== 'link') {
        applied.add(`@${node.name.value}`);
        return;
      }
      const list = node.arguments?.find((argument) => argument.name.value === 'import')?.value;
      if (list?.kind !== Kind.LIST) return;
      for (const item of list.values) if (item.kind === Kind.STRING) imported.push(item.value);
    },
  });
  return { imported: imported.sort(), applied: [...applied].sort() };
}

describe('schema.graphql', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('matches the schema in code', () => {
    // Run `npm run schema` after changing the schema, and commit schema.graphql.
    expect(committed).toBe(`${subgraphSdl}\n`);
  });

  it('matches _service sdl served', async () => {
    const body = await post(stack.endpoint, '{ _service { sdl } }');
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ _service: { sdl: committed.slice(0, -1) } });
  });

  it('links the federation version used', () => {
    expect(
      committed.startsWith(
        'extend schema\n  @link(url: "https://specs.apollo.dev/federation/v2.6"',
      ),
    ).toBe(true);
  });

  it('imports exactly the directives applied', () => {
    const { imported, applied } = directivesOf(committed);
    expect(imported).toEqual(['@key', '@shareable']);
    expect(applied).toEqual(imported);
  });

  it('lists definitions sorted by name', () => {
    const names = parse(committed).definitions.flatMap((definition) =>
      'name' in definition && definition.name ? [definition.name.value] : [],
    );
    expect(names).toEqual([...names].sort());
  });

  it('describes every type and enum value', () => {
    const undocumented: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (isBuiltInType(type.name)) continue;
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
