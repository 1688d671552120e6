import { fromBuild, setting } from './announce.js';

type ConfigModule = typeof import('../../src/server/config.js');
type HttpModule = typeof import('../../src/server/http.js');
type LoggerModule = typeof import('../../src/server/logger.js');
const { loadConfig } = (await fromBuild('server/config.js')) as ConfigModule;
const { startGateway } = (await fromBuild('server/http.js')) as HttpModule;
const { createLogger } = (await fromBuild('server/logger.js')) as LoggerModule;

// This gateway as its compiled build runs against a real ECGrid: its own settings from the
// environment (default log level info, metrics on), the upstream from BENCH_UPSTREAM.
// The scenarios send 50 aliases, 100 representations and thousands of texts a second, so the
// gateway's abuse limits (aliases, cost, SMS rate) are raised for the benchmark. At 100
// connections the fan-out queues far more ECGrid calls than the bulkhead's default queue holds,
// so its queue is raised too. Its concurrency stays at the default, as a deployment runs it.
const config = loadConfig({
  GRAPHQL_MAX_ALIASES: '200',
  GRAPHQL_MAX_COST: '1000000',
  SMS_USER_BURST: '1000000',
  SMS_USER_PER_HOUR: '1000000',
  SMS_CREDENTIAL_BURST: '1000000',
  SMS_CREDENTIAL_PER_HOUR: '1000000',
  ECGRID_MAX_QUEUED: '100000',
  ...process.env,
  PORT: '0',
});
const gateway = await startGateway({
  config,
  logger: createLogger(config.logLevel),
  ecgridBaseUrl: setting('BENCH_UPSTREAM'),
  serverApiKey: null,
});
process.stderr.write(`READY ${gateway.port}\n`);
process.once('SIGTERM', () => process.exit(0));
