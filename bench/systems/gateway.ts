import { loadConfig } from '../../src/server/config.js';
import { startGateway } from '../../src/server/http.js';
import { createLogger } from '../../src/server/logger.js';
import { setting } from './announce.js';

// This gateway as `npm start` runs it against a real ECGrid: its own settings from the
// environment (default log level info, metrics on), the upstream from BENCH_UPSTREAM.
const config = loadConfig({ ...process.env, PORT: '0' });
const gateway = await startGateway({
  config,
  logger: createLogger(config.logLevel),
  ecgridBaseUrl: setting('BENCH_UPSTREAM'),
  serverApiKey: null,
});
process.stderr.write(`READY ${gateway.port}\n`);
process.once('SIGTERM', () => process.exit(0));
