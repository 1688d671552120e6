import { composeServices } from '@apollo/composition';
import { type DocumentNode, GraphQLError, parse } from 'graphql';
import { subgraphSdl } from './index.js';

/** This subgraph's name in a supergraph. */
export const ECGRID_SUBGRAPH_NAME = 'ecgrid';

/** One subgraph to compose: its name in the supergraph, routing URL and SDL text. */
export interface SubgraphSource {
  name: string;
  /** The URL that routers send this subgraph's requests to. Empty leaves it to the router. */
  url: string;
  sdl: string;
}

/** A composition problem, as @apollo/composition reports it. */
export interface CompositionProblem {
  code: string | null;
  message: string;
}

export type CompositionOutcome =
  | { supergraphSdl: string; errors: []; hints: CompositionProblem[] }
  | { supergraphSdl: null; errors: CompositionProblem[]; hints: [] };

function problemOf(error: GraphQLError): CompositionProblem {
  const code = error.extensions.code;
  return { code: typeof code === 'string' ? code : null, message: error.message };
}

/** Parses a subgraph's SDL, and turns a syntax error into a GraphQLError naming the subgraph. */
function parseSubgraph(source: SubgraphSource): DocumentNode | GraphQLError {
  try {
    return parse(source.sdl);
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    return new GraphQLError(`[${source.name}] ${error.message}`, {
      extensions: { code: 'INVALID_GRAPHQL' },
    });
  }
}

/**
 * Composes this subgraph (its current SDL, served from `ecgridUrl`) with other subgraphs into a
 * supergraph with @apollo/composition, Apollo's reference implementation of composition. Errors
 * and hints keep the library's own codes and messages.
 */
export function composeWithEcgrid(ecgridUrl: string, others: SubgraphSource[]): CompositionOutcome {
  const sources = [{ name: ECGRID_SUBGRAPH_NAME, url: ecgridUrl, sdl: subgraphSdl }, ...others];
  const parsed = sources.map((source) => ({ source, document: parseSubgraph(source) }));
  const syntaxErrors = parsed.flatMap(({ document }) =>
    document instanceof GraphQLError ? [problemOf(document)] : [],
  );
  if (syntaxErrors.length > 0) return { supergraphSdl: null, errors: syntaxErrors, hints: [] };
  const result = composeServices(
    parsed.map(({ source, document }) => ({
      name: source.name,
      url: source.url,
      typeDefs: document as DocumentNode,
    })),
  );
  if (result.errors)
    return { supergraphSdl: null, errors: result.errors.map(problemOf), hints: [] };
  const hints = result.hints.map((hint) => ({ code: hint.definition.code, message: hint.message }));
  return { supergraphSdl: result.supergraphSdl, errors: [], hints };
}
