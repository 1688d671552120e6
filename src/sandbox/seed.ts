import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * One seeded user. Only `userId` is checked: the sandbox returns every other field as given, so
 * a seed can model any UserIDInfo shape the live API might send. `apiKey` and `password` are
 * credentials that the sandbox accepts but never returns.
 */
const seedUserSchema = z.looseObject({
  userId: z.number().int().positive(),
  apiKey: z.string().min(1).optional(),
  password: z.string().min(1).optional(),
});

const seedSchema = z.looseObject({ users: z.array(seedUserSchema) });

export type SeedUser = z.infer<typeof seedUserSchema>;

export interface SandboxSeed {
  users: SeedUser[];
}

/** Validates a seed and throws an Error whose message names the source and the bad entry. */
export function parseSeed(value: unknown, source: string): SandboxSeed {
  const result = seedSchema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${formatPath(issue.path)}: ${issue.message}`,
    );
    throw new Error(`invalid sandbox seed ${source}: ${problems.join('; ')}`);
  }
  checkUnique(result.data.users, source);
  return result.data;
}

/** Rejects a seed in which two users share a userId or an apiKey, naming both entries. */
export function checkUnique(users: readonly SeedUser[], source: string): void {
  const ids = new Map<number, number>();
  const keys = new Map<string, number>();
  users.forEach((user, index) => {
    const idOwner = ids.get(user.userId);
    if (idOwner !== undefined) {
      const problem = `userId ${user.userId} is already used by users[${idOwner}]`;
      throw new Error(`invalid sandbox seed ${source}: users[${index}]: ${problem}`);
    }
    ids.set(user.userId, index);
    if (user.apiKey === undefined) return;
    const keyOwner = keys.get(user.apiKey);
    if (keyOwner !== undefined) {
      const problem = `apiKey is already used by users[${keyOwner}]`;
      throw new Error(`invalid sandbox seed ${source}: users[${index}]: ${problem}`);
    }
    keys.set(user.apiKey, index);
  });
}

function formatPath(path: readonly PropertyKey[]): string {
  return (
    path
      .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
      .join('')
      .replace(/^\./, '') || '(root)'
  );
}

/** Reads and validates a seed JSON file; errors name the file and, when it parses, the entry. */
export function loadSeedFile(path: string): SandboxSeed {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read sandbox seed ${path}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`sandbox seed ${path} is not valid JSON: ${(error as Error).message}`);
  }
  return parseSeed(value, path);
}

let defaultSeedCache: SandboxSeed | undefined;

/** Returns the shipped default seed (default-seed.json beside this module), loaded once. */
export function defaultSeed(): SandboxSeed {
  defaultSeedCache ??= loadSeedFile(fileURLToPath(new URL('./default-seed.json', import.meta.url)));
  return defaultSeedCache;
}
