import {
  IdempotencyKeyReusedError,
  RateLimitedError,
  SmsNotDeliverableError,
  SmsOutcomeUnknownError,
  UserNotFoundError,
  ValidationError,
  type ValidationIssue,
} from '../errors.js';
import { builder } from './builder.js';

/*
 * The generic error types carry an `Ecgrid` prefix because other subgraphs commonly define an
 * `Error` interface or a `ValidationError` of their own shape, and same-named types of different
 * shapes do not compose into one supergraph.
 */

/** The interface that every error member of a result union implements. */
export const ErrorInterface = builder.interfaceRef<Error>('EcgridError').implement({
  description: 'An expected failure of a mutation, returned as data in its result union.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'What failed, in a sentence.' }),
  }),
});

const ValidationIssueType = builder.objectRef<ValidationIssue>('EcgridValidationIssue').implement({
  description: 'One invalid argument.',
  fields: (t) => ({
    path: t.exposeStringList('path', {
      description: 'The path to the invalid value, starting with the argument name.',
    }),
    message: t.exposeString('message', { description: 'The rule the value broke.' }),
  }),
});

builder.objectType(ValidationError, {
  name: 'EcgridValidationError',
  description: 'Some arguments were invalid, so nothing was changed and nothing was sent.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    issues: t.field({
      type: [ValidationIssueType],
      description: 'One entry per invalid argument.',
      resolve: (error) => error.issues,
    }),
  }),
});

builder.objectType(UserNotFoundError, {
  name: 'UserNotFoundError',
  description: 'ECGrid has no such user, or the credential may not see it.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    userId: t.id({ description: 'The id that was not found.', resolve: (error) => error.userId }),
  }),
});

const SmsNotDeliverableReasonType = builder.enumType('SmsNotDeliverableReason', {
  description: 'Why a text message cannot reach a user.',
  values: {
    NO_CELL_PHONE: { description: 'The user has no cell phone number configured.' },
    NO_CELL_CARRIER: { description: 'The user has no cell carrier configured.' },
    NOT_SUBMITTED: { description: 'ECGrid reported that it did not submit the message.' },
  } as const,
});

builder.objectType(SmsNotDeliverableError, {
  name: 'SmsNotDeliverableError',
  description:
    'ECGrid would not deliver a text to this user, so none was sent. Set the cell phone and carrier with updateUserSmsSettings.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    userId: t.id({ description: 'The user that cannot be texted.', resolve: (e) => e.userId }),
    reason: t.field({ type: SmsNotDeliverableReasonType, resolve: (error) => error.reason }),
  }),
});

const SmsRateLimitScopeType = builder.enumType('SmsRateLimitScope', {
  description: 'Which SMS rate limit was reached.',
  values: {
    TARGET_USER: { description: 'Too many messages to this user, from any caller.' },
    CREDENTIAL: { description: 'Too many messages sent with this API key or Bearer token.' },
  } as const,
});

builder.objectType(RateLimitedError, {
  name: 'RateLimitedError',
  description: 'Too many text messages in a short time, so this one was not sent.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    userId: t.id({ description: 'The user the message was for.', resolve: (e) => e.userId }),
    scope: t.field({ type: SmsRateLimitScopeType, resolve: (error) => error.scope }),
    retryAfterSeconds: t.exposeInt('retryAfterSeconds', {
      description: 'Seconds until the limit lets one more message through.',
    }),
  }),
});

const SmsOutcomeUnknownReasonType = builder.enumType('SmsOutcomeUnknownReason', {
  description: 'Why the gateway cannot tell whether ECGrid sent a text message.',
  values: {
    TIMEOUT: { description: 'ECGrid did not respond in time after the request was sent.' },
    CONNECTION_LOST: { description: 'The connection to ECGrid broke after the request was sent.' },
    UPSTREAM_ERROR: {
      description:
        'ECGrid, or a proxy before it, returned a server error after the request was sent.',
    },
    IN_PROGRESS: {
      description:
        'Another request with this idempotency key is still sending; retry with the same key to get its result.',
    },
    ABANDONED: {
      description:
        'The gateway instance that was sending with this idempotency key stopped mid-call.',
    },
  } as const,
});

builder.objectType(SmsOutcomeUnknownError, {
  name: 'SmsOutcomeUnknownError',
  description:
    'ECGrid may or may not have sent the text, and the gateway did not send it a second time. A repeat with the same idempotencyKey never sends again: it returns this outcome, or for IN_PROGRESS the result of the first request once that ends. To find out, ask the recipient; send again only on purpose, with a new idempotencyKey.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    userId: t.id({ description: 'The user the text was for.', resolve: (error) => error.userId }),
    reason: t.field({ type: SmsOutcomeUnknownReasonType, resolve: (error) => error.reason }),
    idempotencyKey: t.string({
      nullable: true,
      description: 'The key the request was sent with; null when it had none.',
      resolve: (error) => error.idempotencyKey,
    }),
  }),
});

builder.objectType(IdempotencyKeyReusedError, {
  name: 'IdempotencyKeyReusedError',
  description:
    'The idempotencyKey was first used with another userId or message, so nothing was sent. Use a new key for a new text.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    idempotencyKey: t.exposeString('idempotencyKey', { description: 'The key that was reused.' }),
  }),
});
