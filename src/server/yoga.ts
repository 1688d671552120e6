import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { toClientError } from '../errors.js';
import { schema } from '../schema/index.js';
import { type ContextDependencies, createContext, type GatewayContext } from './context.js';
import { GRAPHIQL_OPTIONS } from './graphiql-examples.js';
import { useErrorNormalizer } from './use-error-normalizer.js';
import { useGraphiql } from './use-graphiql.js';
import { useOperationLog } from './use-operation-log.js';
import { useOperationName } from './use-operation-name.js';

/** What the yoga instance needs: the context's dependencies, and whether GraphiQL is served. */
export interface GatewayDependencies extends ContextDependencies {
  graphiqlEnabled: boolean;
}

/**
 * Formats what yoga logs. An Error contributes only its message: a GraphQLError's string form
 * quotes the query, and the query may hold a text message.
 */
function describe(args: unknown[]): string {
  return args.map((arg) => (arg instanceof Error ? arg.message : String(arg))).join(' ');
}

const GRAPHQL_ENDPOINT = '/graphql';

export type GatewayYoga = YogaServerInstance<Record<string, unknown>, GatewayContext>;

/** Builds the yoga instance; it serves requests without a socket, so tests can call it too. */
export function createGatewayYoga(dependencies: GatewayDependencies): GatewayYoga {
  const { logger } = dependencies;
  return createYoga<Record<string, unknown>, GatewayContext>({
    schema,
    graphqlEndpoint: GRAPHQL_ENDPOINT,
    landingPage: false,
    context: ({ request, req }) => createContext(request, dependencies, req),
    maskedErrors: { maskError: (error) => toClientError(error, logger) },
    // Yoga's own GraphiQL page loads from CDNs; useGraphiql serves it from the installed packages.
    graphiql: false,
    logging: {
      debug: (...args) => logger.debug(describe(args)),
      info: (...args) => logger.info(describe(args)),
      warn: (...args) => logger.warn(describe(args)),
      error: (...args) => logger.error(describe(args)),
    },
    // The normalizer must run before the log, so that the log sees the final error codes.
    plugins: [
      dependencies.graphiqlEnabled &&
        useGraphiql({ endpoint: GRAPHQL_ENDPOINT, options: GRAPHIQL_OPTIONS, logger }),
      useOperationName(),
      useErrorNormalizer(logger),
      useOperationLog(logger),
    ],
  });
}
