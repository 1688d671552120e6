import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import {
  composeWithEcgrid,
  ECGRID_SUBGRAPH_NAME,
  type SubgraphSource,
} from '../../src/schema/supergraph.js';

/** The headers that the router passes from each client request to the ECGrid subgraph only. */
export const FORWARDED_HEADERS = ['x-api-key', 'authorization', 'x-request-id'] as const;

export interface RunningRouter {
  endpoint: string;
  close(): Promise<void>;
}

/**
 * Starts Hive Gateway on a free loopback port, serving the supergraph that @apollo/composition
 * composes from the ECGrid gateway and the given subgraphs. The supergraph is a string, so the
 * router polls nothing, and usage reporting, GraphiQL and the landing page stay off.
 */
export async function startRouter(
  ecgridUrl: string,
  others: SubgraphSource[],
): Promise<RunningRouter> {
  const outcome = composeWithEcgrid(ecgridUrl, others);
  if (outcome.supergraphSdl === null) {
    throw new Error(`composition failed: ${outcome.errors.map((e) => e.message).join('; ')}`);
  }
  const runtime = createGatewayRuntime({
    supergraph: outcome.supergraphSdl,
    logging: false,
    graphiql: false,
    landingPage: false,
    propagateHeaders: {
      fromClientToSubgraphs: ({ request, subgraphName }) => {
        // ECGrid credentials go to the ECGrid subgraph alone, so other subgraphs never see them.
        if (subgraphName !== ECGRID_SUBGRAPH_NAME) return undefined;
        const headers: Record<string, string> = {};
        for (const name of FORWARDED_HEADERS) {
          const value = request.headers.get(name);
          if (value !== null) headers[name] = value;
        }
        return headers;
      },
    },
  });
  const server = createServer(runtime);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/graphql`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.dispose();
    },
  };
}
