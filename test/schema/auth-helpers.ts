import { type GraphQLErrorBody, post } from '../helpers/stack.js';

export const PARCEL_OPS = { login: 'parcel.ops', password: 'parcel-ops-password' };

export const LOGIN = `
  mutation Login($login: String!, $password: String!) {
    login(login: $login, password: $password) {
      __typename
      ... on Session {
        token
        expiresAt
        expiresInSeconds
        user {
          id
          login
        }
      }
      ... on LoginThrottledError {
        retryAfterSeconds
      }
      ... on EcgridValidationError {
        issues {
          path
          message
        }
      }
      ... on EcgridError {
        message
      }
    }
  }
`;

export const REFRESH = `
  mutation Refresh($token: String!) {
    refreshSession(token: $token) {
      __typename
      ... on Session {
        token
        expiresAt
        user {
          id
        }
      }
      ... on EcgridError {
        message
      }
    }
  }
`;

export const LOGOUT = `
  mutation Logout {
    logout {
      __typename
      ... on SignedOut {
        sessionWasActive
      }
      ... on EcgridError {
        message
      }
    }
  }
`;

export const ME = 'query Me { me { id login } }';

export interface LoginResult {
  __typename: string;
  token?: string;
  expiresAt?: string;
  expiresInSeconds?: number;
  user?: { id: string; login: string };
  retryAfterSeconds?: number;
  issues?: { path: string[]; message: string }[];
  message?: string;
}

/** Runs the login mutation and returns its result, or throws on a top-level error. */
export async function login(
  endpoint: string,
  credentials: { login: string; password: string },
  headers: Record<string, string> = {},
): Promise<LoginResult> {
  const body = await post(endpoint, LOGIN, credentials, headers);
  if (body.errors) throw new Error(`login failed: ${JSON.stringify(body.errors)}`);
  return (body.data as { login: LoginResult }).login;
}

/** Returns the error codes of a raw response, for checking what a Bearer token may do. */
export function codes(errors: GraphQLErrorBody[] | undefined): unknown[] {
  return (errors ?? []).map((error) => error.extensions?.code);
}
