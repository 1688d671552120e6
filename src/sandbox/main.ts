import { pino } from 'pino';
import { exitWhenIdle } from '../exit.js';
import type { SandboxSettings } from './env.js';
import { readSandboxSettings } from './env.js';
import { startSandbox } from './server.js';

const logger = pino({ name: 'ecgrid-sandbox' });

async function run(settings: SandboxSettings): Promise<void> {
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
    exitWhenIdle(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

const result = readSandboxSettings(process.env);
if (!result.ok) {
  // Error level, not fatal: pino flushes synchronously at fatal, which writes a second fatal
  // line ahead of the first while that one is still being written.
  for (const error of result.errors) logger.error(error);
  exitWhenIdle(1);
} else {
  const { settings } = result;
  run(settings).catch((error: unknown) => {
    logger.fatal(
      { err: error, host: settings.host, port: settings.port },
      'sandbox failed to start',
    );
    exitWhenIdle(1);
  });
}
