import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { perform, prepareCall, recordRequest } from './dispatch.js';
import { applyFault } from './fault-actions.js';
import { sendJson } from './http.js';
import type { SandboxState } from './state.js';

/**
 * Serves one /v2/ request: waits the configured latency, lets the first matching fault rule
 * take over, and otherwise performs the call, responds and logs the request.
 */
export async function handleApiRequest(
  state: SandboxState,
  latencyMs: number,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const call = await prepareCall(state, req);
  if (call === undefined) return;
  if (latencyMs > 0) await delay(latencyMs);
  const rule = state.faults.take(call.entry.method, call.entry.path);
  if (rule !== undefined && (await applyFault(state, rule, call, res))) return;
  const response = perform(state, call);
  sendJson(res, response.status, response.envelope);
  recordRequest(state, call, response.status);
}
