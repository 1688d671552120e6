import {
  InvalidCredentialsError,
  InvalidSessionError,
  LoginThrottledError,
  NotSignedInError,
} from '../errors.js';
import { builder } from './builder.js';
import { ErrorInterface } from './errors.js';

builder.objectType(InvalidCredentialsError, {
  name: 'InvalidCredentialsError',
  description:
    'ECGrid rejected the login name and password. It does not say which was wrong, and neither does the gateway.',
  interfaces: [ErrorInterface],
  fields: () => ({}),
});

builder.objectType(LoginThrottledError, {
  name: 'LoginThrottledError',
  description:
    'Too many failed logins for this login name or from this client address, so ECGrid was not asked. Wait, then try again.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    retryAfterSeconds: t.exposeInt('retryAfterSeconds', {
      description: 'Seconds until the next login attempt is admitted.',
    }),
  }),
});

builder.objectType(InvalidSessionError, {
  name: 'InvalidSessionError',
  description:
    'ECGrid does not accept the session token: it expired, was replaced by refreshSession, or was logged out. Sign in again.',
  interfaces: [ErrorInterface],
  fields: () => ({}),
});

builder.objectType(NotSignedInError, {
  name: 'NotSignedInError',
  description: 'logout needs the session token as an Authorization: Bearer header.',
  interfaces: [ErrorInterface],
  fields: () => ({}),
});
