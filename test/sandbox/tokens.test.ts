import { describe, expect, it } from 'vitest';
import { TokenStore } from '../../src/sandbox/tokens.js';

describe('TokenStore', () => {
  it('resolves a live token', () => {
    const store = new TokenStore(60);
    const issued = store.issue(1042, 1_000);
    expect(issued.userId).toBe(1042);
    expect(issued.expiresAt).toBe('1970-01-01T00:01:01.000Z');
    expect(store.resolve(issued.token, 60_999)).toBe(1042);
  });

  it('rejects a token at expiry', () => {
    const store = new TokenStore(60);
    const { token } = store.issue(1042, 1_000);
    expect(store.resolve(token, 61_000)).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it('sweeps expired tokens past 10,000', () => {
    const store = new TokenStore(1);
    for (let index = 0; index < 10_000; index++) store.issue(1, 0);
    expect(store.size).toBe(10_000);
    const live = store.issue(2, 5_000);
    expect(store.size).toBe(1);
    expect(store.resolve(live.token, 5_000)).toBe(2);
  });

  it('revokes a token once', () => {
    const store = new TokenStore(60);
    const { token } = store.issue(7);
    expect(store.revoke(token)).toBe(true);
    expect(store.revoke(token)).toBe(false);
    expect(store.resolve(token)).toBeUndefined();
  });
});
