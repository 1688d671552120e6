import { exitWhenIdle } from '../exit.js';
import type { RunningSandbox } from '../sandbox/server.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';

/**
 * Starts the sandbox inside this process on a free loopback port. SANDBOX_SEED,
 * SANDBOX_API_KEY and SANDBOX_LATENCY_MS apply as they do to `npm run sandbox`. SANDBOX_PORT
 * and SANDBOX_HOST do not, because its routes are served on the gateway's port.
 */
async function startInProcessSandbox(): Promise<RunningSandbox> {
  const { readSandboxSettings } = await import('../sandbox/env.js');
  const { startSandbox } = await import('../sandbox/server.js');
  const result = readSandboxSettings(process.env);
  if (!result.ok) {
    console.error(`Invalid sandbox settings:\n${result.errors.map((e) => `  - ${e}`).join('\n')}`);
    process.exit(2);
  }
  const { port: _port, host: _host, ...options } = result.settings;
  return startSandbox({ ...options, port: 0, host: '127.0.0.1' });
}

/**
 * Entry point of `npm start`. Without ECGRID_BASE_URL it starts the ECGrid sandbox in this
 * process on a loopback port and uses the sandbox administrator's key as the default
 * credential; in production that is refused.
 */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
  const logger = createLogger(config.logLevel);
  if (config.production && config.ecgridBaseUrl === null) {
    logger.fatal(
      'ECGRID_BASE_URL is not set, and NODE_ENV=production does not allow sandbox data. Set ECGRID_BASE_URL to https://rest.ecgrid.io (and ECGRID_API_KEY if requests may come without a credential).',
    );
    exitWhenIdle(2);
    return;
  }
  // The schema and the sandbox load only once the settings are valid, so that a bad setting is
  // reported at once instead of after seconds of module loading.
  const sandbox = config.ecgridBaseUrl === null ? await startInProcessSandbox() : null;
  const { startGateway } = await import('./http.js');
  const gateway = await startGateway({
    config,
    logger,
    ecgridBaseUrl: sandbox?.url ?? (config.ecgridBaseUrl as string),
    serverApiKey: config.ecgridApiKey ?? sandbox?.adminApiKey ?? null,
    sandboxControl: sandbox
      ? (request, response) => sandbox.handleControl(request, response)
      : undefined,
  });
  // The handlers are in place before the start line, so a signal sent on seeing it is handled.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'gateway stopping');
    await gateway.close();
    await sandbox?.close();
    logger.info('gateway stopped');
    exitWhenIdle(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));

  logger.info(
    {
      url: `${gateway.url}/graphql`,
      port: gateway.port,
      ...(gateway.metricsUrl && { metricsUrl: `${gateway.metricsUrl}/metrics` }),
      upstream: sandbox ? 'sandbox' : config.ecgridBaseUrl,
      mode: config.production ? 'production' : 'development',
      serverCredential: config.ecgridApiKey !== null || sandbox !== null,
    },
    sandbox
      ? 'gateway started on SANDBOX DATA: ECGrid is simulated in this process (set ECGRID_BASE_URL for the real API)'
      : 'gateway started',
  );
  if (config.metricsPort !== null && !config.metricsEnabled) {
    logger.warn(
      { metricsPort: config.metricsPort },
      'METRICS_PORT is ignored because METRICS_ENABLED=false; no metrics listener runs',
    );
  }
}

main().catch((error: unknown) => {
  console.error('The gateway failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
