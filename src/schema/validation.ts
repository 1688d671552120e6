import { z } from 'zod';
import { UNKNOWN_VALUE } from '../ecgrid/enums.js';
import { ValidationError, type ValidationIssue } from '../errors.js';

/** Largest ECGrid id: ids are 32-bit signed integers. */
export const MAX_ID = 2_147_483_647;

const ID_RULE = `must be an integer from 1 to ${MAX_ID}`;

/** An ECGrid id, given as a GraphQL ID (a string, or an integer that GraphQL turns into one). */
export const idSchema = z
  .string({ error: ID_RULE })
  .regex(/^[1-9]\d{0,9}$/, ID_RULE)
  .refine((value) => Number(value) <= MAX_ID, ID_RULE);

/** An enum argument; UNKNOWN exists only so that unknown ECGrid values can be read. */
export const knownEnumSchema = z
  .string()
  .refine((value) => value !== UNKNOWN_VALUE, 'UNKNOWN is not valid as input');

/** Unicode control characters (C0, DEL and C1), except line feed and carriage return. */
const CONTROL_EXCEPT_LINE_BREAKS = /(?![\n\r])\p{Cc}/u;
const ANY_CONTROL = /\p{Cc}/u;

export const smsMessageSchema = z
  .string()
  .refine((value) => value.trim() !== '', 'must not be empty or only white space')
  .refine(
    (value) => !CONTROL_EXCEPT_LINE_BREAKS.test(value),
    'must not contain control characters other than line breaks',
  );

export const loginSchema = z
  .string()
  .refine((value) => value.trim() !== '', 'must not be empty or only white space')
  .refine((value) => [...value].length <= 128, 'must be at most 128 characters')
  .refine((value) => !ANY_CONTROL.test(value), 'must not contain control characters');

/** An integer argument from `min` to `max`, with a message that states the range. */
export function integerInRange(min: number, max: number) {
  return z
    .number()
    .int(`must be an integer from ${min} to ${max}`)
    .min(min, `must be an integer from ${min} to ${max}`)
    .max(max, `must be an integer from ${min} to ${max}`);
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
const NON_ASCII = /[^\p{ASCII}]/u;

/** Counts the CR LF pairs in `value`. */
function countCrLf(value: string): number {
  let count = 0;
  for (let index = value.indexOf('\r\n'); index !== -1; index = value.indexOf('\r\n', index + 2)) {
    count += 1;
  }
  return count;
}

/**
 * Counts user-perceived characters (grapheme clusters), so that an emoji, with or without a
 * skin tone or a flag's two code points, counts as one. Segmenting stops past `limit`, so that
 * a huge input costs no more than the limit.
 */
export function characterCount(value: string, limit = Number.POSITIVE_INFINITY): number {
  // ASCII text skips the segmenter, which measured about 2% of the CPU of a sendSms operation.
  // In ASCII each character is a cluster of its own, except CR LF, which is one.
  if (!NON_ASCII.test(value)) return value.length - countCrLf(value);
  let count = 0;
  for (const _ of graphemes.segment(value)) {
    count += 1;
    if (count > limit) break;
  }
  return count;
}

/** Builds a ValidationError from a zod error, with one issue per invalid argument. */
export function validationErrorFromZod(error: z.ZodError): ValidationError {
  const byArgument = new Map<string, ValidationIssue>();
  for (const issue of error.issues) {
    const path = issue.path.map(String);
    const argument = path[0] ?? '';
    if (!byArgument.has(argument)) byArgument.set(argument, { path, message: issue.message });
  }
  return new ValidationError([...byArgument.values()]);
}
