import autocannon from 'autocannon';
import type { LoadRequest } from './scenarios.js';

export interface LoadResult {
  requests: number;
  requestsPerSecond: number;
  latencyMeanMs: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** Responses that failed: transport errors, timeouts, non-2xx statuses and bodies that failed the check. */
  errors: number;
}

export interface LoadOptions {
  url: string;
  connections: number;
  durationSeconds: number;
  headers: Record<string, string>;
  /** Requests that every connection sends in turn. */
  requests: LoadRequest[];
}

/** Drives one system with autocannon and checks every response body. */
export async function drive(options: LoadOptions): Promise<LoadResult> {
  let failedChecks = 0;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationSeconds,
    headers: { 'content-type': 'application/json', ...options.headers },
    requests: options.requests.map((request) => ({
      method: request.method,
      path: request.path,
      body: request.body,
      onResponse: (status: number, body: string) => {
        if (status !== 200 || !request.verify(body)) failedChecks += 1;
      },
    })),
  });
  const completed = result['2xx'] + result.non2xx;
  return {
    requests: completed,
    requestsPerSecond: completed / options.durationSeconds,
    latencyMeanMs: result.latency.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    errors: failedChecks + result.errors + result.timeouts,
  };
}
