import { drive, type LoadResult } from './load.js';
import { type SystemProcess, sampleProcess } from './processes.js';
import type { LoadRequest, Scenario, SystemName } from './scenarios.js';

export const API_KEY = 'sandbox-admin-key';
const HEADERS = { 'x-api-key': API_KEY };

/** One measurement of one system on one scenario, latency setting and connection count. */
export interface Measurement extends LoadResult {
  cpuMsPerOp: number;
}

const envelopeOk = (body: string) => {
  try {
    return (JSON.parse(body) as { success?: unknown }).success === true;
  } catch {
    return false;
  }
};

/**
 * Measures the physical limit: autocannon straight at the sandbox, each connection sending the
 * scenario's ECGrid calls in turn. Throughput is calls per second over calls per operation;
 * the latency of an operation is that of a call times the calls that must run in sequence.
 */
export async function measureLimit(
  sandbox: SystemProcess,
  scenario: Scenario,
  connections: number,
  durationSeconds: number,
): Promise<Measurement> {
  const requests: LoadRequest[] = scenario.limitCalls.map((call) => ({
    ...call,
    verify: envelopeOk,
  }));
  const before = sampleProcess(sandbox.pid);
  const result = await drive({
    url: sandbox.url,
    connections,
    durationSeconds,
    headers: HEADERS,
    requests,
  });
  const after = sampleProcess(sandbox.pid);
  const calls = scenario.limitCalls.length;
  const depth = scenario.sequentialDepth;
  const operations = result.requests / calls;
  return {
    requests: operations,
    requestsPerSecond: result.requestsPerSecond / calls,
    latencyMeanMs: result.latencyMeanMs * depth,
    latencyP50Ms: result.latencyP50Ms * depth,
    latencyP99Ms: result.latencyP99Ms * depth,
    errors: result.errors,
    cpuMsPerOp: operations > 0 ? (after.cpuMs - before.cpuMs) / operations : 0,
  };
}

/** Measures a GraphQL system (or the proxy) with its request for the scenario. */
export async function measureSystem(
  system: SystemProcess,
  request: LoadRequest,
  connections: number,
  durationSeconds: number,
): Promise<Measurement> {
  const before = sampleProcess(system.pid);
  const result = await drive({
    url: system.url,
    connections,
    durationSeconds,
    headers: HEADERS,
    requests: [request],
  });
  const after = sampleProcess(system.pid);
  return {
    ...result,
    cpuMsPerOp: result.requests > 0 ? (after.cpuMs - before.cpuMs) / result.requests : 0,
  };
}

/**
 * Sends the request `times` times one after another and counts the ECGrid calls that the
 * sandbox logged for them. Returns calls per operation and how many responses failed the check.
 */
export async function probeUpstreamCalls(
  system: SystemProcess,
  sandbox: SystemProcess,
  request: LoadRequest,
  times = 3,
): Promise<{ callsPerOp: number; failures: number }> {
  await fetch(`${sandbox.url}/_sandbox/requests`, { method: 'DELETE' });
  let failures = 0;
  for (let index = 0; index < times; index++) {
    const response = await fetch(system.url + request.path, {
      method: request.method,
      headers: { 'content-type': 'application/json', ...HEADERS },
      body: request.body,
    });
    const body = await response.text();
    if (response.status !== 200 || !request.verify(body)) failures += 1;
  }
  const log = (await (await fetch(`${sandbox.url}/_sandbox/requests`)).json()) as {
    requests: unknown[];
  };
  return { callsPerOp: log.requests.length / times, failures };
}

/** The median of the numbers; the mean of the middle two for an even count. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return 0;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export type SystemKey = SystemName;
