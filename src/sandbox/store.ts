import type { SandboxSeed } from './seed.js';

/** A UserIDInfo record exactly as the sandbox returns it: the seed entry without credentials. */
export type UserRecord = Record<string, unknown> & { userId: number };

export interface StoredUser {
  readonly userId: number;
  readonly record: UserRecord;
  readonly apiKey: string | undefined;
  readonly password: string | undefined;
}

/** The mutable user table of one sandbox, rebuilt from the seed on every reset. */
export class UserStore {
  private readonly byId = new Map<number, StoredUser>();
  private readonly byApiKey = new Map<string, StoredUser>();
  /** Users ordered by userId, which is the order of every list response. */
  readonly ordered: readonly StoredUser[];

  constructor(seed: SandboxSeed) {
    const users = structuredClone(seed.users).map((entry): StoredUser => {
      const { apiKey, password, ...record } = entry;
      return { userId: entry.userId, record: record as UserRecord, apiKey, password };
    });
    users.sort((a, b) => a.userId - b.userId);
    for (const user of users) {
      this.byId.set(user.userId, user);
      if (user.apiKey !== undefined) this.byApiKey.set(user.apiKey, user);
    }
    this.ordered = users;
  }

  get(userId: number): StoredUser | undefined {
    return this.byId.get(userId);
  }

  findByApiKey(apiKey: string): StoredUser | undefined {
    return this.byApiKey.get(apiKey);
  }

  /** Users whose login equals `login`; seeds may name the field `login` or `loginName`. */
  findByLogin(login: string): StoredUser[] {
    return this.ordered.filter((user) => loginOf(user) === login);
  }

  /**
   * Finds the user that `identifier` and `password` log in as. The identifier may be the login
   * or the e-mail address, because the vendor's pages use both.
   */
  findByCredentials(identifier: string, password: string): StoredUser | undefined {
    return this.ordered.find(
      (user) =>
        user.password === password &&
        (loginOf(user) === identifier || user.record.email === identifier),
    );
  }
}

function loginOf(user: StoredUser): unknown {
  return user.record.login ?? user.record.loginName;
}
