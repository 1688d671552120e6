import { describe, expect, it } from 'vitest';
import { composeWithEcgrid, type SubgraphSource } from '../../src/schema/supergraph.js';
import { SHIFTS_SDL } from './shifts-subgraph.js';

const LINK = `extend schema
  @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key", "@shareable"])`;

/** References `User` by id and adds a field to it. */
const REVIEWS: SubgraphSource = {
  name: 'reviews',
  url: 'http://127.0.0.1:4002/graphql',
  sdl: `${LINK}
    type Query { latestReviews: [Review!]! }
    type Review { id: ID! body: String! author: User! }
    type User @key(fields: "id") { id: ID! reviewCount: Int! }
  `,
};

/**
 * Defines the generic types a typical subgraph has: its own PageInfo, a DateTime scalar, and
 * an Error interface and ValidationError of another shape than this gateway's.
 */
const CATALOG: SubgraphSource = {
  name: 'catalog',
  url: 'http://127.0.0.1:4003/graphql',
  sdl: `${LINK}
    scalar DateTime
    interface Error { message: String! code: String! }
    type ValidationError implements Error { message: String! code: String! field: String! }
    type Query { products(first: Int, after: String): ProductConnection! }
    type Mutation { renameProduct(id: ID!, name: String!): RenameProductResult! }
    union RenameProductResult = Product | ValidationError
    type Product { id: ID! name: String! updatedAt: DateTime! }
    type ProductConnection { nodes: [Product!]! pageInfo: PageInfo! }
    type PageInfo @shareable {
      hasNextPage: Boolean!
      hasPreviousPage: Boolean!
      startCursor: String
      endCursor: String
    }
  `,
};

const ECGRID_URL = 'http://127.0.0.1:4000/graphql';

describe('composition with @apollo/composition', () => {
  it.each([
    ['a subgraph extending User', [REVIEWS]],
    ['a subgraph with generic types', [CATALOG]],
    ['the router tests subgraph', [{ name: 'shifts', url: '', sdl: SHIFTS_SDL }]],
    ['all three together', [REVIEWS, CATALOG, { name: 'shifts', url: '', sdl: SHIFTS_SDL }]],
  ])('composes with %s', (_name, others) => {
    const outcome = composeWithEcgrid(ECGRID_URL, others);
    expect(outcome.errors).toEqual([]);
    expect(outcome.hints).toEqual([]);
    expect(outcome.supergraphSdl).toContain(
      `ECGRID @join__graph(name: "ecgrid", url: "${ECGRID_URL}")`,
    );
  });

  it('merges User across subgraphs', () => {
    const { supergraphSdl } = composeWithEcgrid(ECGRID_URL, [REVIEWS]);
    expect(supergraphSdl).toMatch(/type User\s+@join__type\(graph: ECGRID, key: "id"\)/);
    expect(supergraphSdl).toContain('reviewCount: Int! @join__field(graph: REVIEWS)');
    expect(supergraphSdl).toContain('smsReady: Boolean @join__field(graph: ECGRID)');
  });

  it('reports library errors unchanged', () => {
    const clash: SubgraphSource = {
      name: 'clash',
      url: '',
      sdl: `${LINK}\n type Query { me: User }\n type User { id: ID! }`,
    };
    const outcome = composeWithEcgrid(ECGRID_URL, [clash]);
    expect(outcome.supergraphSdl).toBeNull();
    expect(outcome.errors[0]).toEqual({
      code: 'INVALID_FIELD_SHARING',
      message:
        'Non-shareable field "Query.me" is resolved from multiple subgraphs: it is resolved from subgraphs "clash" and "ecgrid" and defined as non-shareable in all of them',
    });
  });

  it('names the subgraph of a syntax error', () => {
    const broken: SubgraphSource = { name: 'broken', url: '', sdl: 'type Query {' };
    const outcome = composeWithEcgrid(ECGRID_URL, [broken]);
    expect(outcome.supergraphSdl).toBeNull();
    expect(outcome.errors).toEqual([
      { code: 'INVALID_GRAPHQL', message: '[broken] Syntax Error: Expected Name, found <EOF>.' },
    ]);
  });
});
