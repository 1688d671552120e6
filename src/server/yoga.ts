import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { GraphQLError } from 'graphql';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { toClientError } from '../errors.js';
import { schema } from '../schema/index.js';
import type { Config } from './config.js';
import { type ContextDependencies, createContext, type GatewayContext } from './context.js';
import { GRAPHIQL_OPTIONS } from './graphiql-examples.js';
import type { Tracing } from './tracing.js';
import { useCors } from './use-cors.js';
import { useCsrfPrevention } from './use-csrf-prevention.js';
import { useErrorNormalizer } from './use-error-normalizer.js';
import { useGraphiql } from './use-graphiql.js';
import { useHideSuggestions } from './use-hide-suggestions.js';
import { useMetrics } from './use-metrics.js';
import { useOperationLimits } from './use-operation-limits.js';
import { useOperationLog } from './use-operation-log.js';
import { useOperationName } from './use-operation-name.js';
import { usePersistedOperationList } from './use-persisted-operations.js';
import { useSmsFieldLimit } from './use-sms-field-limit.js';
import { useTracing } from './use-tracing.js';

/**
 * What the yoga instance needs: the context's dependencies (whose metrics, when not null, also
 * feed the metrics plugin), tracing, and whether GraphiQL is served.
 */
export interface GatewayDependencies extends ContextDependencies {
  /** Null turns tracing off. */
  tracing: Tracing | null;
  graphiqlEnabled: boolean;
  config: Pick<Config, 'limits' | 'corsOrigins' | 'introspection'>;
  /** The allow-list of persisted operations, hash to document; null runs any operation. */
  persistedOperations: Map<string, string> | null;
}

/**
 * Formats what yoga logs. An Error contributes only its message: a GraphQLError's string form
 * quotes the query, and the query may hold a text message.
 */
function describe(args: unknown[]): string {
  return args.map((arg) => (arg instanceof Error ? arg.message : String(arg))).join(' ');
}

/** Tells whether `value` is a GraphQLError whose HTTP status is 4xx (a client mistake). */
function isClientError(value: unknown): boolean {
  if (!(value instanceof GraphQLError)) return false;
  const status = (value.extensions.http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

const GRAPHQL_ENDPOINT = '/graphql';

export type GatewayYoga = YogaServerInstance<Record<string, unknown>, GatewayContext>;

/**
 * The request guards, in the order they run: browser rules first (CORS handles preflights,
 * CSRF rejects form posts), then the allow-list, the parse and validation limits, and the
 * introspection switch.
 */
function guardPlugins(dependencies: GatewayDependencies): Plugin[] {
  const { config, persistedOperations } = dependencies;
  const plugins: Plugin[] = [useCors(config.corsOrigins), ...useCsrfPrevention()];
  if (persistedOperations) plugins.push(usePersistedOperationList(persistedOperations));
  plugins.push(
    ...useOperationLimits(config.limits),
    useSmsFieldLimit(config.limits.maxSmsPerOperation),
  );
  if (!config.introspection) plugins.push(useDisableIntrospection(), useHideSuggestions());
  return plugins;
}

/** Builds the yoga instance; it serves requests without a socket, so tests can call it too. */
export function createGatewayYoga(dependencies: GatewayDependencies): GatewayYoga {
  const { logger, config } = dependencies;
  return createYoga<Record<string, unknown>, GatewayContext>({
    schema,
    graphqlEndpoint: GRAPHQL_ENDPOINT,
    landingPage: false,
    // use-cors.ts replaces yoga's CORS handling.
    cors: false,
    batching: config.limits.batchLimit > 0 ? { limit: config.limits.batchLimit } : false,
    // body-limit.ts enforces REQUEST_BODY_MAX_BYTES before yoga reads the body. Yoga's own limit
    // would pipe every body through one more stream, about 5% of the CPU of a small query.
    maxRequestBodySize: false,
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
      // Yoga logs each request error that maskError replaces at error level, even a client
      // mistake such as a GET without the CSRF header (twice), so 4xx errors go to debug.
      error: (...args) =>
        args.every(isClientError) ? logger.debug(describe(args)) : logger.error(describe(args)),
    },
    // The normalizer must run before metrics and the log, so that they see the final codes.
    // GraphiQL comes first: it serves its page and assets before the guards, which apply to
    // GraphQL requests.
    plugins: [
      dependencies.graphiqlEnabled &&
        useGraphiql({ endpoint: GRAPHQL_ENDPOINT, options: GRAPHIQL_OPTIONS, logger }),
      ...guardPlugins(dependencies),
      useOperationName(),
      useErrorNormalizer(logger),
      ...(dependencies.tracing ? [useTracing(dependencies.tracing)] : []),
      ...(dependencies.metrics ? [useMetrics(dependencies.metrics)] : []),
      useOperationLog(logger),
    ],
  });
}
