import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseFaultRequest } from './faults.js';
import { BodyTooLargeError, headerValue, pathOf, readBody, sendJson } from './http.js';
import { buildOpenApiDocument } from './openapi.js';
import type { SandboxState } from './state.js';

/** Reads a JSON control body, sending a 400 and resolving undefined when it is not JSON. */
async function readJson(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
  try {
    return JSON.parse(await readBody(req));
  } catch (error) {
    const reason = error instanceof BodyTooLargeError ? error.message : 'body is not valid JSON';
    sendJson(res, 400, { error: `invalid fault rules: ${reason}` });
    return undefined;
  }
}

async function addFaults(state: SandboxState, req: IncomingMessage, res: ServerResponse) {
  const body = await readJson(req, res);
  if (body === undefined) return;
  const rules = parseFaultRequest(body);
  if (typeof rules === 'string') {
    sendJson(res, 400, { error: rules });
    return;
  }
  state.faults.add(rules);
  sendJson(res, 200, { rules: state.faults.list() });
}

/**
 * Serves the /_sandbox/ control routes that tests use to inspect and steer the sandbox. Their
 * responses are plain JSON, not ECGrid envelopes, and they never enter the request log.
 */
export async function handleControlRequest(
  state: SandboxState,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const route = `${req.method ?? 'GET'} ${pathOf(req.url)}`;
  switch (route) {
    case 'GET /_sandbox/sms':
      sendJson(res, 200, { messages: state.messages.list() });
      return;
    case 'DELETE /_sandbox/sms': {
      const cleared = state.messages.size;
      state.messages.clear();
      sendJson(res, 200, { cleared });
      return;
    }
    case 'GET /_sandbox/requests':
      sendJson(res, 200, { requests: state.requests.list() });
      return;
    case 'DELETE /_sandbox/requests': {
      const cleared = state.requests.size;
      state.requests.clear();
      sendJson(res, 200, { cleared });
      return;
    }
    case 'GET /_sandbox/faults':
      sendJson(res, 200, { rules: state.faults.list() });
      return;
    case 'POST /_sandbox/faults':
      await addFaults(state, req, res);
      return;
    case 'DELETE /_sandbox/faults': {
      const cleared = state.faults.list().length;
      state.faults.clear();
      sendJson(res, 200, { cleared });
      return;
    }
    case 'GET /_sandbox/openapi.json': {
      // A mounted sandbox does not know where its /v2/ routes are served, so it falls back to the
      // Host header, which is right whenever the same server serves /v2/ too.
      const host = headerValue(req, 'host');
      const serverUrl = state.baseUrl ?? (host === undefined ? '/' : `http://${host}`);
      sendJson(res, 200, buildOpenApiDocument(serverUrl));
      return;
    }
    case 'POST /_sandbox/reset':
      state.reset();
      sendJson(res, 200, { reset: true });
      return;
    default:
      sendJson(res, 404, { error: `no control route ${route}` });
  }
}
