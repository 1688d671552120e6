import { invalidParameter, SandboxError } from './errors.js';
import { type Body, optionalString, requireNonEmptyString } from './params.js';
import type { CallContext, PublicContext, RouteDefinition } from './routes.js';

/** API release the sandbox imitates, as GET /v2/auth/version reports it. */
export const API_VERSION = '2.6';

/** Reads the login name, which one vendor page sends as `login` and another as `email`. */
function readLogin(body: Body): string {
  const login = optionalString(body, 'login') ?? optionalString(body, 'email');
  if (login === undefined || login === '') {
    throw invalidParameter('login is missing; send login (or email) and password');
  }
  return login;
}

/**
 * Exchanges a login and password for a Bearer token.
 *
 * The vendor's Login page (LorenData/ecgrid-developer-documentation,
 * website/docs/rest-api/auth/login.md) documents no failure response, and its error-code
 * appendix lists only InvalidAPIKey and InvalidSession as 401 codes. A failed login opens no
 * session, so the sandbox sends 401 InvalidSession, and it sends the same message for an unknown
 * login and a wrong password so that callers cannot probe for logins.
 */
function login({ state, body }: PublicContext): unknown {
  const identifier = readLogin(body);
  const password = requireNonEmptyString(body, 'password');
  const user = state.users.findByCredentials(identifier, password);
  if (user === undefined) {
    throw new SandboxError('InvalidSession', 'login or password is incorrect');
  }
  return state.tokens.issue(user.userId);
}

/** Replaces a live token with a new one; the old token stops working at once. */
function refresh({ state, body }: PublicContext): unknown {
  const token = requireNonEmptyString(body, 'token');
  const userId = state.tokens.resolve(token);
  if (userId === undefined) {
    throw new SandboxError('InvalidSession', 'token is invalid, expired or logged out');
  }
  state.tokens.revoke(token);
  return state.tokens.issue(userId);
}

/** Ends the Bearer session of the call. A call made with X-API-Key leaves the key valid. */
function logout({ state, token }: CallContext): unknown {
  if (token !== undefined) state.tokens.revoke(token);
  return true;
}

export const authRoutes: RouteDefinition[] = [
  {
    method: 'GET',
    template: '/v2/auth/version',
    public: true,
    handle: () => ({ version: API_VERSION }),
  },
  { method: 'POST', template: '/v2/auth/login', public: true, handle: login },
  { method: 'POST', template: '/v2/auth/refresh', public: true, handle: refresh },
  { method: 'POST', template: '/v2/auth/logout', handle: logout },
];
