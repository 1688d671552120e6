import { drive } from './load.js';
import { sampleProcess, startSystem } from './processes.js';
import { SCENARIOS } from './scenarios.js';

export interface SoakResult {
  minutes: number;
  connections: number;
  scenario: string;
  requests: number;
  errors: number;
  /** RSS samples in MB, one every `sampleSeconds`. */
  rssMb: number[];
  sampleSeconds: number;
  /** RSS after the first fifth of the run (warm), at the end, and the largest after warm-up. */
  warmRssMb: number;
  finalRssMb: number;
  maxRssAfterWarmMb: number;
  /** Whether every sample after warm-up is within 10% of the warm RSS. */
  steady: boolean;
}

/** Drives the gateway at 100 connections for `minutes` and samples its RSS. */
export async function runSoak(minutes: number, logDir: string): Promise<SoakResult> {
  const sandbox = await startSystem('soak-sandbox', 'sandbox', { BENCH_LATENCY_MS: '0' }, logDir);
  const gateway = await startSystem(
    'soak-gateway',
    'gateway',
    { BENCH_UPSTREAM: sandbox.url },
    logDir,
  );
  const scenario = SCENARIOS[0];
  const request = scenario?.requests.gateway;
  if (!scenario || !request) throw new Error('the soak scenario has no gateway request');
  const sampleSeconds = minutes >= 2 ? 10 : 2;
  const rssMb: number[] = [];
  const timer = setInterval(() => {
    rssMb.push(Math.round(sampleProcess(gateway.pid).rssBytes / 2 ** 17) / 8);
  }, sampleSeconds * 1000);
  const result = await drive({
    url: gateway.url,
    connections: 100,
    durationSeconds: Math.round(minutes * 60),
    headers: { 'x-api-key': 'sandbox-admin-key' },
    requests: [request],
  });
  clearInterval(timer);
  await gateway.stop();
  await sandbox.stop();
  const warmIndex = Math.max(0, Math.floor(rssMb.length / 5) - 1);
  const warm = rssMb[warmIndex] ?? 0;
  const afterWarm = rssMb.slice(warmIndex);
  const maxAfterWarm = Math.max(...afterWarm);
  return {
    minutes,
    connections: 100,
    scenario: scenario.name,
    requests: result.requests,
    errors: result.errors,
    rssMb,
    sampleSeconds,
    warmRssMb: warm,
    finalRssMb: rssMb.at(-1) ?? 0,
    maxRssAfterWarmMb: maxAfterWarm,
    steady: afterWarm.every((value) => Math.abs(value - warm) <= warm * 0.1),
  };
}
