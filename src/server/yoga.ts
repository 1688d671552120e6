import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { EcgridTransport } from '../ecgrid/transport.js';
import { toClientError } from '../errors.js';
import { schema } from '../schema/index.js';
import { createContext, type GatewayContext } from './context.js';
import { GRAPHIQL_OPTIONS } from './graphiql-examples.js';
import type { LoginThrottle } from './login-throttle.js';
import type { GatewayMetrics } from './metrics.js';
import type { Tracing } from './tracing.js';
import { useErrorNormalizer } from './use-error-normalizer.js';
import { useGraphiql } from './use-graphiql.js';
import { useMetrics } from './use-metrics.js';
import { useOperationLog } from './use-operation-log.js';
import { useTracing } from './use-tracing.js';

export interface GatewayDependencies {
  transport: EcgridTransport;
  logger: Logger;
  serverApiKey: string | null;
  loaderConcurrency: number;
  smsMaxLength: number;
  /** Null turns metrics off. */
  metrics: GatewayMetrics | null;
  /** Null turns tracing off. */
  tracing: Tracing | null;
  graphiqlEnabled: boolean;
  loginThrottle: LoginThrottle;
  clientAddress: (serverRequest: unknown) => string;
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
      // Yoga's debug lines trace its request parsing; they carry no request id and add nothing
      // to the gateway's own operation and call lines, so they are dropped.
      debug: () => {},
      info: (...args) => logger.info(describe(args)),
      warn: (...args) => logger.warn(describe(args)),
      error: (...args) => logger.error(describe(args)),
    },
    // The normalizer must run before metrics and the log, so that they see the final codes.
    plugins: [
      dependencies.graphiqlEnabled &&
        useGraphiql({ endpoint: GRAPHQL_ENDPOINT, options: GRAPHIQL_OPTIONS, logger }),
      useErrorNormalizer(logger),
      ...(dependencies.tracing ? [useTracing(dependencies.tracing)] : []),
      ...(dependencies.metrics ? [useMetrics(dependencies.metrics)] : []),
      useOperationLog(logger),
    ],
  });
}
