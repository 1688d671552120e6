import { isPossiblePhoneNumber } from 'libphonenumber-js';
import { z } from 'zod';
import { CARRIER_UNDEFINED } from '../ecgrid/enums.js';
import { EcgridError } from '../ecgrid/errors.js';
import type { UserConfigUpdate } from '../ecgrid/users.js';
import type { UserRecord } from '../ecgrid/wire.js';
import { UserNotFoundError, ValidationError } from '../errors.js';
import type { GatewayContext } from '../server/context.js';
import { builder } from './builder.js';
import { CellCarrier } from './enums.js';
import { User } from './user.js';
import { idSchema, knownEnumSchema } from './validation.js';

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

export async function loadExisting(context: GatewayContext, userId: number): Promise<UserRecord> {
  const user = await context.userLoader.load(userId);
  if (!user) throw new UserNotFoundError(userId);
  return user;
}

/** Runs an ECGrid call, turning ObjectNotFound into the typed UserNotFoundError. */
export async function forExistingUser<T>(userId: number, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof EcgridError && error.isNotFound) throw new UserNotFoundError(userId);
    throw error;
  }
}

builder.mutationFields((t) => ({
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
