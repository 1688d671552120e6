import { z } from 'zod';
import { bearerCredential, type IssuedSession } from '../ecgrid/auth.js';
import { EcgridError } from '../ecgrid/errors.js';
import {
  InvalidCredentialsError,
  InvalidSessionError,
  LoginThrottledError,
  NotSignedInError,
  ValidationError,
} from '../errors.js';
import type { GatewayContext } from '../server/context.js';
import './auth-errors.js';
import { builder } from './builder.js';
import { User } from './user.js';
import { loginSchema } from './validation.js';

const passwordSchema = z
  .string()
  .refine((value) => value !== '', 'must not be empty')
  .refine((value) => value.length <= 1024, 'must be at most 1024 characters');

/** A session token as RFC 6750 allows it in a Bearer header (token68). */
const tokenSchema = z
  .string()
  .regex(/^[A-Za-z0-9\-._~+/]{1,4096}=*$/, 'must be a token that login or refreshSession returned');

const Session = builder.objectRef<IssuedSession>('Session').implement({
  description:
    'An ECGrid session. Send its token as "Authorization: Bearer <token>" on later requests, and call refreshSession before expiresAt.',
  fields: (t) => ({
    token: t.exposeString('token', {
      description: 'The Bearer token. Keep it in memory; it grants what the user may do.',
    }),
    expiresAt: t.field({
      type: 'DateTime',
      description: 'When ECGrid stops accepting the token.',
      resolve: (session) => session.expiresAt,
    }),
    expiresInSeconds: t.int({
      description:
        "Seconds from now until expiresAt, by the gateway's clock, for clients whose clock is off.",
      resolve: (session) =>
        Math.max(0, Math.floor((session.expiresAt.getTime() - Date.now()) / 1000)),
    }),
    user: t.field({
      type: User,
      description: 'The signed-in user, read from ECGrid with the new token.',
      resolve: (session, _args, context) =>
        context.ecgridWith(bearerCredential(session.token)).me(),
    }),
  }),
});

const SignedOut = builder.objectRef<{ sessionWasActive: boolean }>('SignedOut').implement({
  description: 'The session is over, and its token no longer works.',
  fields: (t) => ({
    sessionWasActive: t.exposeBoolean('sessionWasActive', {
      description: 'False when ECGrid had already stopped accepting the token before logout.',
    }),
  }),
});

/** ECGrid responds with HTTP 401 when the password or the session token is wrong. */
function isRejectedCredential(error: unknown): boolean {
  return error instanceof EcgridError && error.kind === 'rejected' && error.status === 401;
}

async function signIn(
  context: GatewayContext,
  login: string,
  password: string,
): Promise<IssuedSession> {
  const clientAddress = context.clientAddress();
  const admission = await context.loginThrottle.begin(login, clientAddress);
  if (!admission.admitted) {
    context.logger.warn(
      { clientAddress, retryAfterSeconds: admission.retryAfterSeconds },
      'login throttled',
    );
    throw new LoginThrottledError(admission.retryAfterSeconds);
  }
  try {
    const session = await context.auth().login(login, password);
    await admission.attempt.succeeded();
    return session;
  } catch (error) {
    if (isRejectedCredential(error)) {
      // The login name is left out on purpose: users sometimes type a password into it.
      context.logger.info({ clientAddress }, 'login failed');
      throw new InvalidCredentialsError();
    }
    await admission.attempt.abandoned();
    throw error;
  }
}

builder.mutationFields((t) => ({
  login: t.field({
    type: Session,
    description:
      'Signs in with an ECGrid login name and password and returns a Bearer session, so that a browser never holds an API key. Failed logins are throttled per login name and per client address.',
    errors: {
      types: [ValidationError, InvalidCredentialsError, LoginThrottledError],
      directResult: true,
      union: { name: 'LoginResult', description: 'The outcome of login.' },
    },
    args: {
      login: t.arg.string({
        required: true,
        description: 'The ECGrid login name.',
        validate: { schema: loginSchema },
      }),
      password: t.arg.string({
        required: true,
        description: 'The password. It is sent to ECGrid only, and never logged.',
        validate: { schema: passwordSchema },
      }),
    },
    resolve: (_root, args, context) => signIn(context, args.login, args.password),
  }),
  refreshSession: t.field({
    type: Session,
    description:
      'Exchanges a live session token for a new one with a new expiry. The old token stops working.',
    errors: {
      types: [ValidationError, InvalidSessionError],
      directResult: true,
      union: { name: 'RefreshSessionResult', description: 'The outcome of refreshSession.' },
    },
    args: {
      token: t.arg.string({
        required: true,
        description: 'The current token.',
        validate: { schema: tokenSchema },
      }),
    },
    resolve: async (_root, args, context) => {
      try {
        return await context.auth().refresh(args.token);
      } catch (error) {
        if (isRejectedCredential(error)) throw new InvalidSessionError();
        throw error;
      }
    },
  }),
  logout: t.field({
    type: SignedOut,
    description: "Ends the session whose token the request's Authorization: Bearer header carries.",
    errors: {
      types: [NotSignedInError],
      directResult: true,
      union: { name: 'LogoutResult', description: 'The outcome of logout.' },
    },
    resolve: async (_root, _args, context) => {
      if (context.bearer === null) throw new NotSignedInError();
      try {
        await context.auth().logout(context.bearer);
        return { sessionWasActive: true };
      } catch (error) {
        if (isRejectedCredential(error)) return { sessionWasActive: false };
        throw error;
      }
    },
  }),
}));
