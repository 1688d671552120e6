import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { EcgridTransport } from '../ecgrid/transport.js';
import { toClientError } from '../errors.js';
import { schema } from '../schema/index.js';
import type { Config } from './config.js';
import { createContext, type GatewayContext } from './context.js';
import type { SmsRateLimiter } from './sms-rate-limit.js';
import { useCors } from './use-cors.js';
import { useCsrfPrevention } from './use-csrf-prevention.js';
import { useErrorNormalizer } from './use-error-normalizer.js';
import { useHideSuggestions } from './use-hide-suggestions.js';
import { useOperationLimits } from './use-operation-limits.js';
import { useOperationLog } from './use-operation-log.js';
import { usePersistedOperationList } from './use-persisted-operations.js';
import { useSmsFieldLimit } from './use-sms-field-limit.js';

export interface GatewayDependencies {
  transport: EcgridTransport;
  logger: Logger;
  serverApiKey: string | null;
  loaderConcurrency: number;
  smsMaxLength: number;
  smsRateLimiter: SmsRateLimiter;
  config: Pick<Config, 'limits' | 'corsOrigins' | 'introspection'>;
  /** The allow-list of persisted operations, hash to document; null runs any operation. */
  persistedOperations: Map<string, string> | null;
}

/** The operations GraphiQL opens with: the vendor's Send SMS example, and a read first. */
export const GRAPHIQL_EXAMPLE = `# Each request's X-API-Key or Authorization: Bearer header is forwarded to ECGrid.
# Set one under "Headers" below, for example {"X-API-Key": "sandbox-admin-key"}.
# Without one, the server's ECGRID_API_KEY is used (under npm start, the sandbox's).

query User {
  user(id: "1042") {
    id
    login
    firstName
    lastName
    cellPhone
    cellCarrier
    smsReady
  }
}

mutation SendSms {
  sendSms(userId: "1042", message: "Your ECGrid parcel download is ready.") {
    __typename
    ... on SmsSubmitted {
      messageLength
      submittedAt
      user {
        id
        login
      }
    }
    ... on EcgridError {
      message
    }
  }
}
`;

/**
 * Formats what yoga logs. An Error contributes only its message: a GraphQLError's string form
 * quotes the query, and the query may hold a text message.
 */
function describe(args: unknown[]): string {
  return args.map((arg) => (arg instanceof Error ? arg.message : String(arg))).join(' ');
}

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
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // use-cors.ts replaces yoga's CORS handling.
    cors: false,
    batching: config.limits.batchLimit > 0 ? { limit: config.limits.batchLimit } : false,
    context: ({ request }) => createContext(request, dependencies),
    maskedErrors: { maskError: (error) => toClientError(error, logger) },
    graphiql: { title: 'ECGrid GraphQL gateway', defaultQuery: GRAPHIQL_EXAMPLE },
    logging: {
      debug: (...args) => logger.debug(describe(args)),
      info: (...args) => logger.info(describe(args)),
      warn: (...args) => logger.warn(describe(args)),
      error: (...args) => logger.error(describe(args)),
    },
    // The normalizer must run before the log, so that the log sees the final error codes.
    plugins: [...guardPlugins(dependencies), useErrorNormalizer(logger), useOperationLog(logger)],
  });
}
