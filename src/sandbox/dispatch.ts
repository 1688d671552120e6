import type { IncomingMessage } from 'node:http';
import { authenticate, type Credential } from './authenticate.js';
import {
  type Envelope,
  errorEnvelope,
  invalidParameter,
  notFound,
  SandboxError,
  successEnvelope,
} from './errors.js';
import { BodyTooLargeError, headerValue, pathOf, readBody } from './http.js';
import { parseBody } from './params.js';
import type { RequestLogEntry } from './request-log.js';
import { matchRoute, type RouteMatch } from './routes.js';
import type { SandboxState } from './state.js';

export interface ApiResponse {
  status: number;
  envelope: Envelope;
}

/** A /v2/ request after routing, authentication and reading of the body. */
export interface ApiCall {
  match: RouteMatch | undefined;
  credential: Credential | SandboxError | undefined;
  bodyText: string;
  bodyError: SandboxError | undefined;
  entry: RequestLogEntry;
  startedAt: number;
}

function errorResponse(error: SandboxError): ApiResponse {
  return { status: error.status, envelope: errorEnvelope(error.code, error.message) };
}

/** Performs a call and returns its response. Unexpected errors become InternalError responses. */
export function perform(state: SandboxState, call: ApiCall): ApiResponse {
  try {
    const { match, credential } = call;
    if (match === undefined) {
      throw notFound(`no route ${call.entry.method} ${call.entry.path}`);
    }
    if (credential instanceof SandboxError) throw credential;
    if (call.bodyError !== undefined) throw call.bodyError;
    const body = parseBody(call.bodyText);
    const base = { state, params: match.params, body };
    const route = match.route;
    if (route.public === true) {
      return { status: 200, envelope: successEnvelope(route.handle(base)) };
    }
    if (credential === undefined) throw new Error(`route ${route.template} ran without a caller`);
    const data = route.handle({ ...base, caller: credential.user, token: credential.token });
    return { status: 200, envelope: successEnvelope(data) };
  } catch (error) {
    if (error instanceof SandboxError) return errorResponse(error);
    const reason = error instanceof Error ? error.message : String(error);
    return { status: 500, envelope: errorEnvelope('InternalError', `sandbox error: ${reason}`) };
  }
}

/** Adds the finished request to the log. A `status` of 0 means no response reached the client. */
export function recordRequest(state: SandboxState, call: ApiCall, status: number): void {
  call.entry.status = status;
  call.entry.durationMs = Math.round((performance.now() - call.startedAt) * 1000) / 1000;
  state.requests.push(call.entry);
}

/** Routes, authenticates and reads the body of a /v2/ request. Resolves undefined on abort. */
export async function prepareCall(
  state: SandboxState,
  req: IncomingMessage,
): Promise<ApiCall | undefined> {
  const startedAt = performance.now();
  const method = req.method ?? 'GET';
  const path = pathOf(req.url);
  const match = matchRoute(method, path);
  const credential = match?.route.public === true ? undefined : authenticate(state, req);
  const caller = credential === undefined || credential instanceof SandboxError ? null : credential;
  const entry: RequestLogEntry = {
    method,
    path,
    route: match?.route.template ?? null,
    status: 0,
    durationMs: 0,
    callerUserId: caller?.user.userId ?? null,
    requestId: headerValue(req, 'x-request-id') ?? null,
    time: new Date().toISOString(),
  };
  const call: ApiCall = { match, credential, bodyText: '', bodyError: undefined, entry, startedAt };
  if (method === 'POST' || method === 'PUT' || method === 'PATCH') {
    try {
      call.bodyText = await readBody(req);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) {
        recordRequest(state, call, 0);
        return undefined;
      }
      call.bodyError = invalidParameter(error.message);
    }
  }
  return call;
}
