import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { createYoga } from 'graphql-yoga';

/**
 * A second subgraph, as another team would write it: on-call shifts of ECGrid users. It
 * references `User` by id, adds `User.shifts`, and defines its own shareable PageInfo.
 */
export const SHIFTS_SDL = `
  extend schema
    @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key", "@shareable"])

  type Query {
    "One shift per given user id, in the order given. The ids are not checked."
    shifts(userIds: [ID!]!): [Shift!]!
    shiftPage(first: Int!): ShiftConnection!
  }

  type Shift {
    id: ID!
    user: User
  }

  type User @key(fields: "id") {
    id: ID!
    shifts: [Shift!]!
  }

  type ShiftConnection {
    nodes: [Shift!]!
    pageInfo: PageInfo!
  }

  type PageInfo @shareable {
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
    endCursor: String
  }
`;

interface ShiftRecord {
  id: string;
  userId: string;
}

const resolvers = {
  Query: {
    shifts: (_root: unknown, args: { userIds: string[] }): ShiftRecord[] =>
      args.userIds.map((userId, index) => ({ id: `shift-${index + 1}`, userId })),
    shiftPage: (_root: unknown, args: { first: number }) => ({
      nodes: [{ id: 'shift-1', userId: '1042' }].slice(0, args.first),
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
    }),
  },
  Shift: {
    user: (shift: ShiftRecord) => ({ __typename: 'User', id: shift.userId }),
  },
  User: {
    __resolveReference: (reference: { id: string }) => ({ id: reference.id }),
    shifts: (user: { id: string }): ShiftRecord[] => [{ id: `night-${user.id}`, userId: user.id }],
  },
};

export interface RunningSubgraph {
  url: string;
  /** The headers of each request it received, oldest first. */
  requestHeaders: Headers[];
  close(): Promise<void>;
}

/** Starts the shifts subgraph (yoga over @apollo/subgraph's schema) on a free loopback port. */
export async function startShiftsSubgraph(): Promise<RunningSubgraph> {
  const schema = buildSubgraphSchema({ typeDefs: parse(SHIFTS_SDL), resolvers });
  const requestHeaders: Headers[] = [];
  const yoga = createYoga({
    schema,
    logging: false,
    graphiql: false,
    landingPage: false,
    context: ({ request }) => {
      requestHeaders.push(request.headers);
      return {};
    },
  });
  const server = createServer(yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    requestHeaders,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await yoga.dispose();
    },
  };
}
