import { drive } from './load.js';
import { median } from './matrix.js';
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
  /**
   * The median RSS of the second fifth of the samples (warm) and of the last fifth (final), and
   * the largest and smallest samples after the first fifth.
   */
  warmRssMb: number;
  finalRssMb: number;
  maxRssAfterWarmMb: number;
  minRssAfterWarmMb: number;
  /**
   * Whether the final median is within 10% of the warm one. Single samples swing by tens of MB
   * as V8 grows and shrinks its heap, so a level is compared, not each sample.
   */
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
  const fifth = Math.max(1, Math.floor(rssMb.length / 5));
  const afterWarm = rssMb.slice(fifth);
  const warm = median(rssMb.slice(fifth, 2 * fifth));
  const final = median(rssMb.slice(-fifth));
  return {
    minutes,
    connections: 100,
    scenario: scenario.name,
    requests: result.requests,
    errors: result.errors,
    rssMb,
    sampleSeconds,
    warmRssMb: warm,
    finalRssMb: final,
    maxRssAfterWarmMb: Math.max(...afterWarm),
    minRssAfterWarmMb: Math.min(...afterWarm),
    steady: Math.abs(final - warm) <= warm * 0.1,
  };
}
