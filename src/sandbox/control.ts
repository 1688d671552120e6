import type { IncomingMessage, ServerResponse } from 'node:http';
import { pathOf, sendJson } from './http.js';
import type { SandboxState } from './state.js';

/**
 * Serves the /_sandbox/ control routes that tests use to inspect and steer the sandbox. Their
 * responses are plain JSON, not ECGrid envelopes, and they never enter the request log.
 */
export function handleControlRequest(
  state: SandboxState,
  req: IncomingMessage,
  res: ServerResponse,
): void {
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
    case 'POST /_sandbox/reset':
      state.reset();
      sendJson(res, 200, { reset: true });
      return;
    default:
      sendJson(res, 404, { error: `no control route ${route}` });
  }
}
