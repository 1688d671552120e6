import proxyAddr from 'proxy-addr';
import { z } from 'zod';

/** Gateway settings, read from the environment once at start. */
export interface Config {
  /** TCP port to listen on; 0 picks a free one. Default 4000. */
  port: number;
  /** Address to listen on. Default 127.0.0.1; set 0.0.0.0 to accept other hosts. */
  host: string;
  /** ECGrid REST base URL; null starts the in-process sandbox (not allowed in production). */
  ecgridBaseUrl: string | null;
  /** API key used when a request brings no credential of its own; null means none. */
  ecgridApiKey: string | null;
  /** Time limit for one ECGrid call, including its body, in milliseconds. Default 10000. */
  ecgridTimeoutMs: number;
  /** Maximum keep-alive connections to ECGrid. Default 128. */
  ecgridConnections: number;
  /** Maximum concurrent ECGrid calls that one GraphQL operation's user loader makes. Default 16. */
  loaderConcurrency: number;
  /** Maximum length of a text message, in Unicode code points. Default 160. */
  smsMaxLength: number;
  /** pino log level. Default info. */
  logLevel: string;
  /** True when NODE_ENV is production. */
  production: boolean;
  /** How long a stop waits for in-flight requests before closing connections, in ms. Default 10000. */
  shutdownTimeoutMs: number;
  /** Whether GET /metrics serves Prometheus metrics. Default true. */
  metricsEnabled: boolean;
  /**
   * Maximum distinct operation names that metrics label by name; later names share the label
   * `__other`, so that clients cannot grow the label set without bound. Default 100.
   */
  metricsMaxOperationNames: number;
  /** OTLP/HTTP base URL that traces go to (`/v1/traces` is appended); null turns tracing off. */
  otelExporterEndpoint: string | null;
  /** `service.name` of the spans. Default ecgrid-graphql-gateway. */
  otelServiceName: string;
  /** Serve GraphiQL to browsers at /graphql (GRAPHIQL_ENABLED). Default true. */
  graphiqlEnabled: boolean;
  /** Failed logins per login name within the window before login is throttled. Default 5. */
  loginMaxFailuresPerLogin: number;
  /** Failed logins per client address within the window before login is throttled. Default 20. */
  loginMaxFailuresPerAddress: number;
  /** Window of the failed-login counters, in seconds, from the first failure. Default 900. */
  loginThrottleWindowSeconds: number;
  /**
   * Reverse proxies whose X-Forwarded-For entry names the client (TRUSTED_PROXIES, a comma-
   * separated list of addresses, CIDR ranges, or loopback, linklocal, uniquelocal). Default none:
   * the client is the socket's peer.
   */
  trustedProxies: string[];
}

function integer(name: string, fallback: number, min: number, max: number) {
  return z
    .string()
    .optional()
    .transform((value, context) => {
      if (value === undefined || value.trim() === '') return fallback;
      const parsed = Number(value);
      if (!/^\d+$/.test(value.trim()) || parsed < min || parsed > max) {
        context.addIssue({
          code: 'custom',
          message: `${name} must be an integer from ${min} to ${max}, got "${value}".`,
        });
        return z.NEVER;
      }
      return parsed;
    });
}

/** A true/false setting; also accepts 1/0, yes/no and on/off, in any case. */
function flag(name: string, fallback: boolean) {
  return z
    .string()
    .optional()
    .transform((value, context) => {
      const normalized = value?.trim().toLowerCase() ?? '';
      if (normalized === '') return fallback;
      if (['true', '1', 'yes', 'on'].includes(normalized)) return true;
      if (['false', '0', 'no', 'off'].includes(normalized)) return false;
      context.addIssue({
        code: 'custom',
        message: `${name} must be true or false, got "${value}".`,
      });
      return z.NEVER;
    });
}

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? null : value.trim()));

/** A comma-separated list of addresses and ranges in the form that proxy-addr accepts. */
const proxyList = z
  .string()
  .optional()
  .transform((value, context) => {
    const entries = (value ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
    try {
      proxyAddr.compile(entries);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      context.addIssue({
        code: 'custom',
        message: `TRUSTED_PROXIES must list addresses, CIDR ranges, loopback, linklocal or uniquelocal: ${reason}.`,
      });
      return z.NEVER;
    }
    return entries;
  });

/** Says what is wrong with an ECGrid base URL, or returns undefined when it is usable. */
function baseUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an http or https URL, such as https://rest.ecgrid.io.';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return 'must be an http or https URL, such as https://rest.ecgrid.io.';
  }
  // A credential in the URL would reach logs and errors; ECGrid takes it as a header.
  if (url.username !== '' || url.password !== '') {
    return 'must not contain a user name or password; set ECGRID_API_KEY for the key.';
  }
  if (url.search !== '' || url.hash !== '') {
    return 'must not have a query or fragment, such as https://rest.ecgrid.io.';
  }
  return undefined;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const environmentSchema = z.object({
  PORT: integer('PORT', 4000, 0, 65535),
  HOST: z
    .string()
    .optional()
    .transform((value) => value?.trim() || '127.0.0.1'),
  ECGRID_BASE_URL: optionalText.superRefine((value, context) => {
    const problem = value === null ? undefined : baseUrlProblem(value);
    if (problem) context.addIssue({ code: 'custom', message: `ECGRID_BASE_URL ${problem}` });
  }),
  ECGRID_API_KEY: optionalText.refine((value) => value === null || !/\s/.test(value), {
    message: 'ECGRID_API_KEY must not contain white space.',
  }),
  ECGRID_TIMEOUT_MS: integer('ECGRID_TIMEOUT_MS', 10_000, 1, 600_000),
  ECGRID_CONNECTIONS: integer('ECGRID_CONNECTIONS', 128, 1, 10_000),
  LOADER_CONCURRENCY: integer('LOADER_CONCURRENCY', 16, 1, 1_000),
  SMS_MAX_LENGTH: integer('SMS_MAX_LENGTH', 160, 1, 10_000),
  LOG_LEVEL: z
    .string()
    .optional()
    .transform((value) => value?.trim().toLowerCase() || 'info')
    .refine((value) => (LOG_LEVELS as readonly string[]).includes(value), {
      message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}.`,
    }),
  SHUTDOWN_TIMEOUT_MS: integer('SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
  METRICS_ENABLED: z
    .string()
    .optional()
    .transform((value) => value?.trim().toLowerCase() || 'true')
    .refine((value) => value === 'true' || value === 'false', {
      message: 'METRICS_ENABLED must be true or false.',
    }),
  METRICS_MAX_OPERATION_NAMES: integer('METRICS_MAX_OPERATION_NAMES', 100, 0, 10_000),
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalText.refine(
    (value) => value === null || /^https?:\/\/[^\s/]+/.test(value),
    { message: 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http or https URL.' },
  ),
  OTEL_SERVICE_NAME: z
    .string()
    .optional()
    .transform((value) => value?.trim() || 'ecgrid-graphql-gateway'),
  NODE_ENV: z.string().optional(),
  GRAPHIQL_ENABLED: flag('GRAPHIQL_ENABLED', true),
  LOGIN_MAX_FAILURES_PER_LOGIN: integer('LOGIN_MAX_FAILURES_PER_LOGIN', 5, 1, 1_000),
  LOGIN_MAX_FAILURES_PER_ADDRESS: integer('LOGIN_MAX_FAILURES_PER_ADDRESS', 20, 1, 1_000_000),
  LOGIN_THROTTLE_WINDOW_SECONDS: integer('LOGIN_THROTTLE_WINDOW_SECONDS', 900, 1, 86_400),
  TRUSTED_PROXIES: proxyList,
});

/** Invalid settings; the message has one line per bad value. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and checks the settings; throws ConfigError naming every bad value. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => issue.message));
  }
  const settings = parsed.data;
  return {
    port: settings.PORT,
    host: settings.HOST,
    ecgridBaseUrl: settings.ECGRID_BASE_URL,
    ecgridApiKey: settings.ECGRID_API_KEY,
    ecgridTimeoutMs: settings.ECGRID_TIMEOUT_MS,
    ecgridConnections: settings.ECGRID_CONNECTIONS,
    loaderConcurrency: settings.LOADER_CONCURRENCY,
    smsMaxLength: settings.SMS_MAX_LENGTH,
    logLevel: settings.LOG_LEVEL,
    production: settings.NODE_ENV === 'production',
    shutdownTimeoutMs: settings.SHUTDOWN_TIMEOUT_MS,
    metricsEnabled: settings.METRICS_ENABLED === 'true',
    metricsMaxOperationNames: settings.METRICS_MAX_OPERATION_NAMES,
    otelExporterEndpoint: settings.OTEL_EXPORTER_OTLP_ENDPOINT,
    otelServiceName: settings.OTEL_SERVICE_NAME,
    graphiqlEnabled: settings.GRAPHIQL_ENABLED,
    loginMaxFailuresPerLogin: settings.LOGIN_MAX_FAILURES_PER_LOGIN,
    loginMaxFailuresPerAddress: settings.LOGIN_MAX_FAILURES_PER_ADDRESS,
    loginThrottleWindowSeconds: settings.LOGIN_THROTTLE_WINDOW_SECONDS,
    trustedProxies: settings.TRUSTED_PROXIES,
  };
}
