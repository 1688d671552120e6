import type { RunOptions } from './options.js';
import type { CellResult } from './run.js';
import type { SystemName } from './scenarios.js';
import type { SoakResult } from './soak.js';

export interface TargetResult {
  name: string;
  met: boolean;
  detail: string;
}

/** Scenarios where one ECGrid call (or one read then one send) is the whole work. */
const SINGLE_CHAIN = ['user-3-fields', 'user-all-fields', 'users-first-page', 'send-sms'];

function ratio(cell: CellResult, of: SystemName, to: SystemName): number | null {
  const a = cell.systems[of]?.requestsPerSecond;
  const b = cell.systems[to]?.requestsPerSecond;
  return a === undefined || b === undefined || b === 0 ? null : a / b;
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

function throughputTarget(
  name: string,
  cells: CellResult[],
  to: SystemName,
  minimum: number,
): TargetResult {
  const misses: string[] = [];
  let checked = 0;
  for (const cell of cells) {
    const value = ratio(cell, 'gateway', to);
    if (value === null) continue;
    checked += 1;
    // A miss that rounds up to the minimum shows a third digit, so that it does not read as met.
    const printed = round(value) >= minimum ? round(value, 3) : round(value);
    if (value < minimum) misses.push(`${cell.scenario}@${cell.connections}: ${printed}×`);
  }
  const detail =
    checked === 0
      ? 'not measured'
      : misses.length === 0
        ? `all ${checked} cells at least ${minimum}×`
        : `${misses.length} of ${checked} cells below ${minimum}× (${misses.join(', ')})`;
  return { name, met: checked > 0 && misses.length === 0, detail };
}

function latencyTarget(cells: CellResult[]): TargetResult {
  const rows = cells.filter(
    (cell) =>
      cell.latencyMs === 0 && cell.connections === 1 && SINGLE_CHAIN.includes(cell.scenario),
  );
  const misses: string[] = [];
  const parts: string[] = [];
  for (const cell of rows) {
    const gateway = cell.systems.gateway;
    const limit = cell.systems.limit;
    if (!gateway || !limit) continue;
    const mean = gateway.latencyMeanMs - limit.latencyMeanMs;
    const p99 = gateway.latencyP99Ms - limit.latencyP99Ms;
    parts.push(`${cell.scenario} +${round(mean)} ms mean, +${round(p99)} ms p99`);
    if (mean > 0.7 || p99 > 2.5) misses.push(cell.scenario);
  }
  return {
    name: 'added latency at 1 connection: mean ≤ 0.7 ms, p99 ≤ 2.5 ms over the limit',
    met: parts.length > 0 && misses.length === 0,
    detail: parts.length === 0 ? 'not measured' : parts.join('; '),
  };
}

function callsTarget(cells: CellResult[], fanOut: number): TargetResult {
  const parts: string[] = [];
  let met = true;
  const calls = (scenario: string) =>
    cells.find((cell) => cell.scenario === scenario && cell.systems.gateway)?.systems.gateway
      ?.upstreamCallsPerOp;
  const same = calls('aliases-50-same');
  if (same !== undefined) {
    parts.push(`50 same-id aliases: ${same} calls (expected 1)`);
    met &&= same === 1;
  }
  const entities = calls('entities-100');
  if (entities !== undefined) {
    parts.push(`_entities ×100 of 25 ids: ${entities} calls (expected 25)`);
    met &&= entities === 25;
  } else {
    parts.push('_entities: skipped, the schema has no federation yet');
  }
  const distinct = cells.find(
    (cell) =>
      cell.scenario === 'aliases-50-distinct' && cell.latencyMs === 20 && cell.connections === 1,
  )?.systems.gateway;
  if (distinct) {
    const expected = Math.ceil(50 / fanOut) * 20;
    parts.push(
      `50 distinct at 20 ms: p50 ${round(distinct.latencyP50Ms, 1)} ms (about ${expected} ms expected, 1000 ms if serial)`,
    );
    met &&= distinct.latencyP50Ms < expected * 1.5;
  }
  return {
    name: 'upstream calls equal distinct ids; fan-out runs in parallel',
    met,
    detail: parts.join('; '),
  };
}

function soakTarget(soak: SoakResult | null): TargetResult {
  if (!soak)
    return { name: 'RSS steady within 10% at 100 connections', met: false, detail: 'not run' };
  return {
    name: `RSS steady within 10% over ${soak.minutes} min at 100 connections`,
    met: soak.steady,
    detail: `median ${soak.warmRssMb} MB warm and ${soak.finalRssMb} MB final, samples after warm-up ${soak.minRssAfterWarmMb} to ${soak.maxRssAfterWarmMb} MB, ${soak.requests} requests, ${soak.errors} errors`,
  };
}

/**
 * Checks the performance targets (throughput ratios, added latency, upstream calls, memory)
 * against the measured cells; the harness prints each as met or missed.
 */
export function checkTargets(
  cells: CellResult[],
  soak: SoakResult | null,
  options: RunOptions,
): TargetResult[] {
  const at = (latency: number, connections: number[]) =>
    cells.filter((cell) => cell.latencyMs === latency && connections.includes(cell.connections));
  return [
    throughputTarget(
      '0 ms, 10 and 100 connections: ≥ 0.8× the framework floor',
      at(0, [10, 100]),
      'floor',
      0.8,
    ),
    throughputTarget(
      '20 ms, 100 connections: ≥ 0.9× the physical limit',
      at(20, [100]),
      'limit',
      0.9,
    ),
    throughputTarget(
      '0 ms, 10 and 100 connections: ≥ 1.5× Apollo Server + RESTDataSource',
      at(0, [10, 100]),
      'apollo-datasource-rest',
      1.5,
    ),
    throughputTarget(
      '0 ms, 10 and 100 connections: ≥ 1.5× Hive Gateway + OpenAPI',
      at(0, [10, 100]),
      'hive-gateway-openapi',
      1.5,
    ),
    latencyTarget(cells),
    callsTarget(cells, options.fanOut),
    soakTarget(soak),
  ];
}
