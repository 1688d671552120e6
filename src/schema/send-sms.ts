import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { z } from 'zod';
import { EcgridError } from '../ecgrid/errors.js';
import { describeFailure } from '../ecgrid/policy.js';
import { smsReadiness } from '../ecgrid/readiness.js';
import { certainlyNotProcessed } from '../ecgrid/retry.js';
import {
  IdempotencyKeyReusedError,
  RateLimitedError,
  SmsNotDeliverableError,
  SmsOutcomeUnknownError,
  type SmsOutcomeUnknownReason,
  UserNotFoundError,
  ValidationError,
} from '../errors.js';
import { LeaseLostError } from '../idempotency/guard.js';
import type { GatewayContext } from '../server/context.js';
import type { SmsRejectionReason } from '../server/metrics.js';
import { builder } from './builder.js';
import { forExistingUser, loadExisting } from './sms.js';
import { User } from './user.js';
import { characterCount, idSchema, smsMessageSchema } from './validation.js';

/** Long enough to be unique (a UUID or ULID fits), and safe as part of a Redis key. */
export const idempotencyKeySchema = z
  .string()
  .regex(
    /^[A-Za-z0-9_.:-]{8,128}$/,
    'must be 8 to 128 characters from A-Z, a-z, 0-9 and - _ . :, such as a UUID',
  );

interface SmsSubmittedShape {
  userId: number;
  messageLength: number;
  submittedAt: Date;
}

/** The outcome of one call to ECGrid's send-sms, as stored under an idempotency key. */
type SmsOutcome =
  | { type: 'submitted'; userId: number; messageLength: number; submittedAt: string }
  | { type: 'notSubmitted'; userId: number }
  | { type: 'unknown'; userId: number; reason: SmsOutcomeUnknownReason };

const SmsSubmitted = builder.objectRef<SmsSubmittedShape>('SmsSubmitted').implement({
  description: "ECGrid accepted the text message for delivery to the user's cell phone.",
  fields: (t) => ({
    user: t.field({
      type: User,
      description: 'The user the message went to.',
      resolve: (result, _args, context) => loadExisting(context, result.userId),
    }),
    messageLength: t.exposeInt('messageLength', {
      description:
        'Length of the message sent, in characters (grapheme clusters: an emoji counts as one).',
    }),
    submittedAt: t.field({
      type: 'DateTime',
      description: 'When ECGrid accepted the message.',
      resolve: (result) => result.submittedAt,
    }),
  }),
});

/** Why the outcome is unknown, or null when ECGrid certainly did not send the text. */
function unknownReason(error: EcgridError): SmsOutcomeUnknownReason | null {
  if (certainlyNotProcessed(error) || error.kind === 'aborted') return null;
  if (error.kind === 'timeout') return 'TIMEOUT';
  if (error.kind === 'reset') return 'CONNECTION_LOST';
  return 'UPSTREAM_ERROR';
}

/** Calls send-sms once. Throws only when ECGrid certainly did not send the text. */
async function submit(
  context: GatewayContext,
  userId: number,
  message: string,
  messageLength: number,
): Promise<SmsOutcome> {
  try {
    const submitted = await forExistingUser(userId, () =>
      context.ecgrid().sendSms(userId, message),
    );
    if (!submitted) return { type: 'notSubmitted', userId };
    return { type: 'submitted', userId, messageLength, submittedAt: new Date().toISOString() };
  } catch (error) {
    const reason = error instanceof EcgridError ? unknownReason(error) : null;
    if (reason === null) throw error;
    context.logger.warn(
      { operation: context.operation.name, call: 'users.sendSms', reason: describeFailure(error) },
      'the outcome of a text message is unknown; it is not sent again',
    );
    return { type: 'unknown', userId, reason };
  }
}

/** Turns an outcome into the sendSms result, or throws the typed error of the result union. */
function toResult(outcome: SmsOutcome, idempotencyKey: string | null): SmsSubmittedShape {
  if (outcome.type === 'submitted') {
    const { userId, messageLength } = outcome;
    return { userId, messageLength, submittedAt: new Date(outcome.submittedAt) };
  }
  if (outcome.type === 'notSubmitted') {
    throw new SmsNotDeliverableError(outcome.userId, 'NOT_SUBMITTED');
  }
  throw new SmsOutcomeUnknownError(outcome.userId, outcome.reason, idempotencyKey);
}

/** Hash of the arguments that an idempotency key is bound to, so no message is stored. */
export function smsFingerprint(userId: number, message: string): string {
  return createHash('sha256')
    .update(JSON.stringify([userId, message]))
    .digest('hex');
}

/**
 * Checks that the user can be texted, then takes a token from the SMS rate limits of the user
 * and of the credential, in that order, so that a message that cannot go costs no token.
 */
async function admitMessage(context: GatewayContext, userId: number): Promise<void> {
  const readiness = smsReadiness(await loadExisting(context, userId));
  if (readiness.ready === false) throw new SmsNotDeliverableError(userId, readiness.reason);
  const limited = await context.takeSmsToken(userId);
  if (limited) throw limited;
}

/** Sends at most once per idempotency key and credential, and replays the first outcome. */
async function sendWithKey(
  context: GatewayContext,
  args: { userId: number; message: string; messageLength: number; idempotencyKey: string },
): Promise<SmsSubmittedShape> {
  const { userId, message, messageLength, idempotencyKey } = args;
  const fingerprint = smsFingerprint(userId, message);
  const abandoned: SmsOutcome = { type: 'unknown', userId, reason: 'ABANDONED' };
  const result = await context.idempotency.run({
    key: `${context.credentialScope()}:${idempotencyKey}`,
    fingerprint,
    abandonedOutcome: JSON.stringify(abandoned),
    work: async (lease) => {
      await admitMessage(context, userId);
      if (!(await lease.markSending())) throw new LeaseLostError();
      return JSON.stringify(await submit(context, userId, message, messageLength));
    },
  });
  if (result.status === 'mismatch') throw new IdempotencyKeyReusedError(idempotencyKey);
  if (result.status === 'inProgress') {
    throw new SmsOutcomeUnknownError(userId, 'IN_PROGRESS', idempotencyKey);
  }
  return toResult(JSON.parse(result.outcome) as SmsOutcome, idempotencyKey);
}

function rejectionReason(error: unknown): SmsRejectionReason {
  if (error instanceof SmsNotDeliverableError) return error.reason;
  if (error instanceof SmsOutcomeUnknownError) return 'OUTCOME_UNKNOWN';
  if (error instanceof IdempotencyKeyReusedError) return 'IDEMPOTENCY_KEY_REUSED';
  if (error instanceof UserNotFoundError) return 'USER_NOT_FOUND';
  if (error instanceof ValidationError) return 'INVALID_ARGUMENT';
  if (error instanceof RateLimitedError) return 'RATE_LIMITED';
  if (error instanceof GraphQLError) return 'UNAUTHENTICATED';
  return 'UPSTREAM_FAILURE';
}

/**
 * Counts a sendSms outcome in the metrics. NOTE: arguments that the schema's validation rejects
 * (blank message, invalid id) never reach the resolver, so `INVALID_ARGUMENT` counts only
 * messages over SMS_MAX_LENGTH. NOTE: a replayed idempotency key counts its result again, so
 * `sms_submitted_total` can exceed the texts ECGrid accepted.
 */
async function countSmsOutcome(
  context: GatewayContext,
  send: () => Promise<SmsSubmittedShape>,
): Promise<SmsSubmittedShape> {
  try {
    const submitted = await send();
    context.metrics?.recordSmsSubmitted();
    return submitted;
  } catch (error) {
    context.metrics?.recordSmsRejected(rejectionReason(error));
    throw error;
  }
}

builder.mutationFields((t) => ({
  sendSms: t.field({
    type: SmsSubmitted,
    description:
      "Texts a user's configured cell phone through ECGrid. The user must have a cell phone and a supported carrier; when the user's record shows either missing, nothing is sent and the result is SmsNotDeliverableError. Each sendSms field counts against the SMS rate limits of the target user and of the credential; over a limit, nothing is sent and the result is RateLimitedError. The gateway never sends a text twice on its own: when ECGrid's answer is lost, the result is SmsOutcomeUnknownError.",
    errors: {
      types: [
        ValidationError,
        UserNotFoundError,
        SmsNotDeliverableError,
        SmsOutcomeUnknownError,
        IdempotencyKeyReusedError,
        RateLimitedError,
      ],
      directResult: true,
      union: { name: 'SendSmsResult', description: 'The outcome of sendSms.' },
    },
    args: {
      userId: t.arg.id({
        required: true,
        description: 'The ECGrid userId to text.',
        validate: { schema: idSchema },
      }),
      message: t.arg.string({
        required: true,
        description:
          'The text: not blank, no control characters except line breaks, and at most SMS_MAX_LENGTH characters (160 by default, the usual cap of carrier SMS gateways).',
        validate: { schema: smsMessageSchema },
      }),
      idempotencyKey: t.arg.string({
        description:
          'A unique key per text, such as a UUID: 8 to 128 characters from A-Z, a-z, 0-9 and - _ . :. A repeat with the same key, credential and arguments within IDEMPOTENCY_TTL_SECONDS (24 hours by default) returns the first result without texting again, and waits for the first request when it is still running.',
        validate: { schema: idempotencyKeySchema },
      }),
    },
    resolve: (_root, args, context) =>
      context.sendTracker.track(() =>
        countSmsOutcome(context, async () => {
          const userId = Number(args.userId);
          const messageLength = characterCount(args.message, context.smsMaxLength);
          if (messageLength > context.smsMaxLength) {
            throw new ValidationError([
              { path: ['message'], message: `must be at most ${context.smsMaxLength} characters` },
            ]);
          }
          const { message, idempotencyKey } = args;
          if (idempotencyKey != null) {
            return sendWithKey(context, { userId, message, messageLength, idempotencyKey });
          }
          await admitMessage(context, userId);
          return toResult(await submit(context, userId, message, messageLength), null);
        }),
      ),
  }),
}));
