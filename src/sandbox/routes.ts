import { authRoutes } from './auth-routes.js';
import type { Body } from './params.js';
import type { SandboxState } from './state.js';
import type { StoredUser } from './store.js';
import { userRoutes } from './user-routes.js';

export interface PublicContext {
  state: SandboxState;
  /** Path segments that matched `{...}` placeholders, in template order. */
  params: readonly string[];
  body: Body;
}

export interface CallContext extends PublicContext {
  caller: StoredUser;
  /** The Bearer token of the call, or undefined when it authenticated with X-API-Key. */
  token: string | undefined;
}

/**
 * One /v2/ call. `handle` returns the envelope's `data` or throws a SandboxError. Public routes
 * run without credentials; all others receive the authenticated caller.
 */
export type RouteDefinition =
  | { method: string; template: string; public: true; handle(context: PublicContext): unknown }
  | { method: string; template: string; public?: false; handle(context: CallContext): unknown };

export type Route = RouteDefinition & { readonly segments: readonly string[] };

export interface RouteMatch {
  route: Route;
  params: string[];
}

function compile(definition: RouteDefinition): Route {
  return { ...definition, segments: definition.template.split('/') };
}

/** Every /v2/ route. Literal routes come first so that `/v2/users/me` beats `/v2/users/{id}`. */
export const ROUTES: readonly Route[] = [...authRoutes, ...userRoutes].map(compile);

/** Tests whether a template segment is a placeholder such as `{id}`. */
export function isPlaceholder(segment: string): boolean {
  return segment.startsWith('{') && segment.endsWith('}');
}

/** Decodes a percent-encoded path segment, keeping it as sent when the encoding is malformed. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Matches `path` against `template` segments, returning the placeholder values or undefined. */
export function matchSegments(
  templateSegments: readonly string[],
  pathSegments: readonly string[],
): string[] | undefined {
  if (templateSegments.length !== pathSegments.length) return undefined;
  const params: string[] = [];
  for (let index = 0; index < templateSegments.length; index++) {
    const expected = templateSegments[index] as string;
    const actual = pathSegments[index] as string;
    if (isPlaceholder(expected)) {
      if (actual === '') return undefined;
      params.push(decodeSegment(actual));
    } else if (expected !== actual) {
      return undefined;
    }
  }
  return params;
}

export function matchRoute(method: string, path: string): RouteMatch | undefined {
  const pathSegments = path.split('/');
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const params = matchSegments(route.segments, pathSegments);
    if (params !== undefined) return { route, params };
  }
  return undefined;
}
