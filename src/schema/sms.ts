import { GraphQLError } from 'graphql';
import { isPossiblePhoneNumber } from 'libphonenumber-js';
import { z } from 'zod';
import { CARRIER_UNDEFINED } from '../ecgrid/enums.js';
import { EcgridError } from '../ecgrid/errors.js';
import { smsReadiness } from '../ecgrid/readiness.js';
import type { UserConfigUpdate } from '../ecgrid/users.js';
import type { UserRecord } from '../ecgrid/wire.js';
import {
  RateLimitedError,
  SmsNotDeliverableError,
  UserNotFoundError,
  ValidationError,
} from '../errors.js';
import type { GatewayContext } from '../server/context.js';
import type { SmsRejectionReason } from '../server/metrics.js';
import { builder } from './builder.js';
import { CellCarrier } from './enums.js';
import { User } from './user.js';
import { characterCount, idSchema, knownEnumSchema, smsMessageSchema } from './validation.js';

/**
 * A cell phone number: a possible number by its length for its country, with US as the
 * default country because ECGrid's carriers are US carriers. Explicit null clears the number.
 */
const cellPhoneSchema = z
  .string()
  .refine(
    (value) => isPossiblePhoneNumber(value.trim(), 'US'),
    'must be a phone number, such as +12155550142 or (215) 555-0142',
  );

interface SmsSubmittedShape {
  userId: number;
  messageLength: number;
  submittedAt: Date;
}

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

const UserSmsSettingsUpdated = builder
  .objectRef<{ userId: number }>('UserSmsSettingsUpdated')
  .implement({
    description: "ECGrid stored the user's new SMS settings.",
    fields: (t) => ({
      user: t.field({
        type: User,
        description: 'The user as ECGrid reads it after the change.',
        resolve: (result, _args, context) => loadExisting(context, result.userId),
      }),
    }),
  });

async function loadExisting(context: GatewayContext, userId: number): Promise<UserRecord> {
  const user = await context.userLoader.load(userId);
  if (!user) throw new UserNotFoundError(userId);
  return user;
}

/** Runs an ECGrid call, turning ObjectNotFound into the typed UserNotFoundError. */
async function forExistingUser<T>(userId: number, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof EcgridError && error.isNotFound) throw new UserNotFoundError(userId);
    throw error;
  }
}

const ERROR_TYPES = [ValidationError, UserNotFoundError, SmsNotDeliverableError, RateLimitedError];

/** Checks the message and the user's readiness, then asks ECGrid to send the text. */
async function submitSms(
  context: GatewayContext,
  userId: number,
  message: string,
): Promise<SmsSubmittedShape> {
  const messageLength = characterCount(message, context.smsMaxLength);
  if (messageLength > context.smsMaxLength) {
    throw new ValidationError([
      { path: ['message'], message: `must be at most ${context.smsMaxLength} characters` },
    ]);
  }
  const readiness = smsReadiness(await loadExisting(context, userId));
  if (readiness.ready === false) throw new SmsNotDeliverableError(userId, readiness.reason);
  // Taken after the checks above, so that a message that cannot go costs no token.
  const limited = await context.takeSmsToken(userId);
  if (limited) throw limited;
  const submitted = await forExistingUser(userId, () => context.ecgrid().sendSms(userId, message));
  if (!submitted) throw new SmsNotDeliverableError(userId, 'NOT_SUBMITTED');
  return { userId, messageLength, submittedAt: new Date() };
}

function rejectionReason(error: unknown): SmsRejectionReason {
  if (error instanceof SmsNotDeliverableError) return error.reason;
  if (error instanceof UserNotFoundError) return 'USER_NOT_FOUND';
  if (error instanceof ValidationError) return 'INVALID_ARGUMENT';
  if (error instanceof RateLimitedError) return 'RATE_LIMITED';
  if (error instanceof GraphQLError) return 'UNAUTHENTICATED';
  return 'UPSTREAM_FAILURE';
}

/**
 * Counts a sendSms outcome in the metrics. NOTE: arguments that the schema's validation rejects
 * (blank message, invalid id) never reach the resolver, so `INVALID_ARGUMENT` counts only
 * messages over SMS_MAX_LENGTH.
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
      "Texts a user's configured cell phone through ECGrid. The user must have a cell phone and a supported carrier; when the user's record shows either missing, nothing is sent and the result is SmsNotDeliverableError. Each sendSms field counts against the SMS rate limits of the target user and of the credential; over a limit, nothing is sent and the result is RateLimitedError.",
    errors: {
      types: ERROR_TYPES,
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
    },
    resolve: (_root, args, context) =>
      countSmsOutcome(context, () => submitSms(context, Number(args.userId), args.message)),
  }),
  updateUserSmsSettings: t.field({
    type: UserSmsSettingsUpdated,
    description:
      "Sets a user's cell phone and carrier, the two settings a text message needs. An omitted argument keeps its value; an explicit null clears it.",
    errors: {
      types: [ValidationError, UserNotFoundError],
      directResult: true,
      union: {
        name: 'UpdateUserSmsSettingsResult',
        description: 'The outcome of updateUserSmsSettings.',
      },
    },
    args: {
      userId: t.arg.id({ required: true, validate: { schema: idSchema } }),
      cellPhone: t.arg.string({
        description: 'The new cell phone number, or null to clear it.',
        validate: { schema: cellPhoneSchema },
      }),
      cellCarrier: t.arg({
        type: CellCarrier,
        description: 'The new carrier, or null to clear it.',
        validate: { schema: knownEnumSchema },
      }),
    },
    validate: [
      (args) => args.cellPhone !== undefined || args.cellCarrier !== undefined,
      { message: 'give cellPhone, cellCarrier or both', path: ['cellPhone'] },
    ],
    resolve: async (_root, args, context) => {
      const userId = Number(args.userId);
      const update: UserConfigUpdate = {};
      if (args.cellPhone !== undefined) update.cellPhone = args.cellPhone?.trim() ?? '';
      if (args.cellCarrier !== undefined)
        update.cellCarrier = args.cellCarrier ?? CARRIER_UNDEFINED;
      await forExistingUser(userId, () => context.ecgrid().updateConfig(userId, update));
      context.userLoader.clear(userId);
      return { userId };
    },
  }),
}));
