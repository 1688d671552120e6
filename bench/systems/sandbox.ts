import { fromBuild, setting } from './announce.js';

type SandboxServer = typeof import('../../src/sandbox/server.js');
const { startSandbox } = (await fromBuild('sandbox/server.js')) as SandboxServer;

// The ECGrid sandbox with a fixed added latency per call (BENCH_LATENCY_MS).
const sandbox = await startSandbox({ port: 0, latencyMs: Number(setting('BENCH_LATENCY_MS')) });
process.stderr.write(`READY ${sandbox.port}\n`);
process.once('SIGTERM', () => process.exit(0));
