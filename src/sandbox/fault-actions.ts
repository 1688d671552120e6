import { type ServerResponse, STATUS_CODES } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { type ApiCall, perform, recordRequest } from './dispatch.js';
import { errorCodeForStatus, errorEnvelope } from './errors.js';
import type { FaultRule } from './faults.js';
import { sendJson, sendText } from './http.js';
import type { SandboxState } from './state.js';

/** Start of a user list that a `partial` fault sends before it stalls. */
const PARTIAL_BODY = '{"success":true,"data":[{"userId":1042,"login":"parcel.ops","email":"par';
/** Content-Length a `partial` fault declares, longer than PARTIAL_BODY so the client waits. */
const PARTIAL_DECLARED_LENGTH = 512;

function htmlPage(status: number): string {
  const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
  return `<!DOCTYPE html>\n<html><head><title>${title}</title></head><body><h1>${title}</h1><p>The server could not complete the request.</p></body></html>\n`;
}

/** Ends the connection with a TCP reset, as a crashed proxy or a dropped link does. */
function resetConnection(state: SandboxState, call: ApiCall, res: ServerResponse): void {
  recordRequest(state, call, 0);
  res.socket?.resetAndDestroy();
}

/**
 * Applies a fault rule to a /v2/ call. Returns true when the fault took over the response, or
 * false when the call must still be served normally (a `latency` rule, after its delay).
 */
export async function applyFault(
  state: SandboxState,
  rule: FaultRule,
  call: ApiCall,
  res: ServerResponse,
): Promise<boolean> {
  switch (rule.kind) {
    case 'latency':
      await delay(rule.ms);
      return false;
    case 'status': {
      const code = rule.errorCode ?? errorCodeForStatus(rule.status);
      const message = rule.message ?? `fault rule returned HTTP ${rule.status}`;
      const headers =
        rule.retryAfter === undefined ? undefined : { 'retry-after': String(rule.retryAfter) };
      sendJson(res, rule.status, errorEnvelope(code, message), headers);
      recordRequest(state, call, rule.status);
      return true;
    }
    case 'html':
      sendText(res, rule.status, 'text/html; charset=utf-8', htmlPage(rule.status));
      recordRequest(state, call, rule.status);
      return true;
    case 'body':
      sendText(res, rule.status, rule.contentType ?? 'application/json; charset=utf-8', rule.body);
      recordRequest(state, call, rule.status);
      return true;
    case 'partial':
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': PARTIAL_DECLARED_LENGTH,
      });
      res.write(PARTIAL_BODY);
      if (res.socket !== null) state.stall(res.socket);
      // The client did receive a status line, so the log shows 200 rather than 0.
      recordRequest(state, call, 200);
      return true;
    case 'hang':
      if (res.socket !== null) state.stall(res.socket);
      recordRequest(state, call, 0);
      return true;
    case 'reset':
      resetConnection(state, call, res);
      return true;
    case 'processThenReset':
      perform(state, call);
      resetConnection(state, call, res);
      return true;
  }
}
