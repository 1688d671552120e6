import { invalidParameter } from './errors.js';

/** A parsed JSON request body; every route that reads a body takes an object. */
export type Body = Record<string, unknown>;

/** Parses a request body, treating an empty body as `{}` so that all-optional calls need none. */
export function parseBody(text: string): Body {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalidParameter('request body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidParameter(`request body must be a JSON object, got ${describe(value)}`);
  }
  return value as Body;
}

/** Names the JSON type of a value for error messages without echoing the value itself. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** Reads an optional parameter; JSON `null` counts as omitted, as many clients send it so. */
function optional(body: Body, name: string): unknown {
  const value = body[name];
  return value === null ? undefined : value;
}

export function requireInteger(body: Body, name: string): number {
  const value = optionalInteger(body, name);
  if (value === undefined) throw invalidParameter(`${name} is missing; it must be an integer`);
  return value;
}

export function optionalInteger(body: Body, name: string): number | undefined {
  const value = optional(body, name);
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw invalidParameter(`${name} must be an integer, got ${describe(value)}`);
  }
  return value;
}

/** Reads an optional integer within [min, max], naming the range when the value is outside. */
export function optionalIntegerInRange(
  body: Body,
  name: string,
  min: number,
  max: number,
): number | undefined {
  const value = optionalInteger(body, name);
  if (value !== undefined && (value < min || value > max)) {
    throw invalidParameter(`${name} must be from ${min} to ${max}, got ${value}`);
  }
  return value;
}

export function optionalString(body: Body, name: string): string | undefined {
  const value = optional(body, name);
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw invalidParameter(`${name} must be a string, got ${describe(value)}`);
  }
  return value;
}

export function requireNonEmptyString(body: Body, name: string): string {
  const value = optionalString(body, name);
  if (value === undefined) throw invalidParameter(`${name} is missing; it must be a string`);
  if (value === '') throw invalidParameter(`${name} must not be empty`);
  return value;
}

/** Parses a path segment such as the `{id}` of `/v2/users/{id}` as a positive integer. */
export function pathInteger(segment: string, name: string): number {
  if (!/^[0-9]{1,15}$/.test(segment)) {
    throw invalidParameter(`${name} must be an integer, got "${segment.slice(0, 40)}"`);
  }
  return Number(segment);
}
