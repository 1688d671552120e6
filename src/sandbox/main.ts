import { pino } from 'pino';
import { readSandboxSettings } from './env.js';
import { startSandbox } from './server.js';

const logger = pino({ name: 'ecgrid-sandbox' });

const result = readSandboxSettings(process.env);
if (!result.ok) {
  // Synchronous writes keep these lines in order before process.exit: with pino 10's default
  // destination, Node 24 printed the second of two errors first in about half the runs.
  const fatalLogger = pino({ name: 'ecgrid-sandbox' }, pino.destination({ fd: 1, sync: true }));
  for (const error of result.errors) fatalLogger.fatal(error);
  process.exit(1);
}
const { settings } = result;

try {
  const sandbox = await startSandbox(settings);
  logger.info(
    {
      url: sandbox.url,
      latencyMs: settings.latencyMs ?? 0,
      customSeed: settings.seed !== undefined,
    },
    'sandbox started',
  );
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    await sandbox.close();
    logger.info({ signal }, 'sandbox stopped');
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  logger.fatal({ err: error, host: settings.host, port: settings.port }, 'sandbox failed to start');
  process.exit(1);
}
