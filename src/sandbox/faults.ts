import { z } from 'zod';
import { isPlaceholder, matchSegments } from './routes.js';

const httpStatus = z.number().int().min(200).max(599);
/** Header values must be printable ASCII, since Node rejects line breaks in headers. */
const headerText = z.string().regex(/^[\x20-\x7e]+$/, 'must be printable ASCII');

const matcher = {
  /** HTTP method to match, any when omitted. */
  method: z
    .string()
    .min(1)
    .transform((method) => method.toUpperCase())
    .optional(),
  /** Exact path, or a template in which `{name}` matches any one segment. */
  path: z.string().startsWith('/'),
  /** Number of times the rule fires; it fires on every match when omitted. */
  times: z.number().int().positive().optional(),
};

const faultRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    ...matcher,
    kind: z.literal('status'),
    status: httpStatus,
    errorCode: z.string().optional(),
    message: z.string().optional(),
    /** Seconds as a number, or an HTTP date as a string; sent verbatim as Retry-After. */
    retryAfter: z.union([z.number().int().nonnegative(), headerText]).optional(),
  }),
  z.strictObject({
    ...matcher,
    kind: z.literal('latency'),
    ms: z.number().int().nonnegative().max(600_000),
  }),
  z.strictObject({ ...matcher, kind: z.literal('reset') }),
  z.strictObject({ ...matcher, kind: z.literal('hang') }),
  z.strictObject({ ...matcher, kind: z.literal('partial') }),
  z.strictObject({ ...matcher, kind: z.literal('html'), status: httpStatus }),
  z.strictObject({
    ...matcher,
    kind: z.literal('body'),
    status: httpStatus,
    contentType: headerText.optional(),
    body: z.string(),
  }),
  z.strictObject({ ...matcher, kind: z.literal('processThenReset') }),
]);

const faultRequestSchema = z.strictObject({ rules: z.array(faultRuleSchema).min(1) });

export type FaultRule = z.infer<typeof faultRuleSchema>;

/** A fault rule as GET /_sandbox/faults lists it. */
export type FaultRuleStatus = FaultRule & { fired: number; remaining: number | null };

/** Validates a POST /_sandbox/faults body; returns the rules or a message naming the bad entry. */
export function parseFaultRequest(value: unknown): FaultRule[] | string {
  const result = faultRequestSchema.safeParse(value);
  if (result.success) return result.data.rules;
  const problems = result.error.issues.map((issue) => {
    const path = issue.path
      .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
      .join('')
      .replace(/^\./, '');
    return `${path || '(body)'}: ${issue.message}`;
  });
  return `invalid fault rules: ${problems.join('; ')}`;
}

interface ActiveRule {
  rule: FaultRule;
  segments: readonly string[];
  /** Template paths match by segment; plain paths compare as strings, which is cheaper. */
  templated: boolean;
  fired: number;
  remaining: number | null;
}

/** The fault rules of one sandbox, in the order they were added. */
export class FaultSet {
  private rules: ActiveRule[] = [];

  add(rules: readonly FaultRule[]): void {
    for (const rule of rules) {
      const segments = rule.path.split('/');
      this.rules.push({
        rule,
        segments,
        templated: segments.some(isPlaceholder),
        fired: 0,
        remaining: rule.times ?? null,
      });
    }
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRuleStatus[] {
    return this.rules.map(({ rule, fired, remaining }) => ({ ...rule, fired, remaining }));
  }

  /** Returns the first live rule that matches and counts it as fired, or undefined. */
  take(method: string, path: string): FaultRule | undefined {
    if (this.rules.length === 0) return undefined;
    const pathSegments = path.split('/');
    for (const active of this.rules) {
      if (active.remaining === 0) continue;
      if (active.rule.method !== undefined && active.rule.method !== method) continue;
      const matches = active.templated
        ? matchSegments(active.segments, pathSegments) !== undefined
        : active.rule.path === path;
      if (!matches) continue;
      active.fired += 1;
      if (active.remaining !== null) active.remaining -= 1;
      return active.rule;
    }
    return undefined;
  }
}
