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

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? null : value.trim()));

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
  };
}
