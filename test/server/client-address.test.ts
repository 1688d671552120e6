import { describe, expect, it } from 'vitest';
import { clientUnit } from '../../src/server/client-address.js';

describe('clientUnit', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['::ffff:192.0.2.10', '192.0.2.10'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['not an address', 'not an address'],
  ])('maps %s to %s', (address, expected) => {
    expect(clientUnit(address)).toBe(expected);
  });
});
