import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { EcgridTransport } from '../ecgrid/transport.js';
import { toClientError } from '../errors.js';
import { schema } from '../schema/index.js';
import { createContext, type GatewayContext } from './context.js';
import type { GatewayMetrics } from './metrics.js';
import type { Tracing } from './tracing.js';
import { useErrorNormalizer } from './use-error-normalizer.js';
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

/** Builds the yoga instance; it serves requests without a socket, so tests can call it too. */
export function createGatewayYoga(dependencies: GatewayDependencies): GatewayYoga {
  const { logger } = dependencies;
  return createYoga<Record<string, unknown>, GatewayContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    context: ({ request }) => createContext(request, dependencies),
    maskedErrors: { maskError: (error) => toClientError(error, logger) },
    graphiql: { title: 'ECGrid GraphQL gateway', defaultQuery: GRAPHIQL_EXAMPLE },
    logging: {
      // Yoga's debug lines trace its request parsing; they carry no request id and add nothing
      // to the gateway's own operation and call lines, so they are dropped.
      debug: () => {},
      info: (...args) => logger.info(describe(args)),
      warn: (...args) => logger.warn(describe(args)),
      error: (...args) => logger.error(describe(args)),
    },
    // The normalizer must run first, so that metrics and the log see the final error codes.
    plugins: [
      useErrorNormalizer(logger),
      ...(dependencies.tracing ? [useTracing(dependencies.tracing)] : []),
      ...(dependencies.metrics ? [useMetrics(dependencies.metrics)] : []),
      useOperationLog(logger),
    ],
  });
}
