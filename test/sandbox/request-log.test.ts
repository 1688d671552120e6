import { describe, expect, it } from 'vitest';
import { BoundedLog, DEFAULT_LOG_CAPACITY } from '../../src/sandbox/request-log.js';

describe('BoundedLog', () => {
  it('keeps entries in arrival order', () => {
    const log = new BoundedLog<number>(5);
    for (const value of [1, 2, 3]) log.push(value);
    expect(log.list()).toEqual([1, 2, 3]);
    expect(log.size).toBe(3);
  });

  it('drops the oldest past capacity', () => {
    const log = new BoundedLog<number>(3);
    for (let value = 1; value <= 8; value++) log.push(value);
    expect(log.list()).toEqual([6, 7, 8]);
    expect(log.size).toBe(3);
  });

  it('starts over after clear', () => {
    const log = new BoundedLog<number>(2);
    for (const value of [1, 2, 3]) log.push(value);
    log.clear();
    log.push(4);
    expect(log.list()).toEqual([4]);
  });

  it('defaults to 100,000 entries', () => {
    expect(DEFAULT_LOG_CAPACITY).toBe(100_000);
    expect(new BoundedLog().capacity).toBe(100_000);
  });
});
