import { buildSubgraph, FEDERATION_UNNAMED_SUBGRAPH_NAME } from '@apollo/federation-internals';
import { printSubgraphSchema } from '@apollo/subgraph';
import {
  type DefinitionNode,
  type DocumentNode,
  type GraphQLSchema,
  Kind,
  parse,
  visit,
} from 'graphql';

/** Compares by UTF-16 code units, so that the order does not depend on the machine's locale. */
function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function byName<T extends { name: { value: string } }>(nodes: readonly T[] | undefined): T[] {
  return [...(nodes ?? [])].sort((a, b) => compareNames(a.name.value, b.name.value));
}

function definitionName(definition: DefinitionNode): string {
  return 'name' in definition && definition.name ? definition.name.value : '';
}

/**
 * Sorts type definitions, fields, arguments, enum values, union members and interfaces by
 * name. The schema extension with `@link` stays first, as federation tools print it.
 */
function sortDocument(document: DocumentNode): DocumentNode {
  const sorted = visit(document, {
    ObjectTypeDefinition: (node) => ({
      ...node,
      interfaces: byName(node.interfaces),
      fields: byName(node.fields),
    }),
    InterfaceTypeDefinition: (node) => ({
      ...node,
      interfaces: byName(node.interfaces),
      fields: byName(node.fields),
    }),
    InputObjectTypeDefinition: (node) => ({ ...node, fields: byName(node.fields) }),
    FieldDefinition: (node) => ({ ...node, arguments: byName(node.arguments) }),
    EnumTypeDefinition: (node) => ({ ...node, values: byName(node.values) }),
    UnionTypeDefinition: (node) => ({ ...node, types: byName(node.types) }),
  });
  const schemaFirst = (definition: DefinitionNode) =>
    definition.kind === Kind.SCHEMA_EXTENSION || definition.kind === Kind.SCHEMA_DEFINITION ? 0 : 1;
  const definitions = [...sorted.definitions].sort(
    (a, b) => schemaFirst(a) - schemaFirst(b) || compareNames(definitionName(a), definitionName(b)),
  );
  return { ...sorted, definitions };
}

/**
 * Prints the subgraph SDL that `_service { sdl }` returns and schema.graphql contains: what
 * @apollo/subgraph's printSubgraphSchema prints (federation directives kept, federation types
 * left out), sorted by name, in the same printer's layout. The sort is needed because the
 * directives plugin gives each type a syntax tree in declaration order, and
 * printSubgraphSchema prints from those trees.
 */
export function printSortedSubgraphSdl(schema: GraphQLSchema): string {
  const document = sortDocument(parse(printSubgraphSchema(schema)));
  return buildSubgraph(FEDERATION_UNNAMED_SUBGRAPH_NAME, '', document, false).toString();
}
