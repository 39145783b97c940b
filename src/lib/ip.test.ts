import { describe, expect, it } from 'vitest';
import { clientBucket, intToV4, v4ToInt, v6ToBigInt } from './ip.ts';

describe('ip helpers', () => {
  it('converts IPv4 and IPv6 text forms to integers', () => {
    expect(v4ToInt('169.254.169.254')).toBe(0xa9fea9fe);
    expect(intToV4(0xa9fea9fe)).toBe('169.254.169.254');
    expect(v6ToBigInt('::1')).toBe(1n);
    expect(v6ToBigInt('::ffff:169.254.169.254')).toBe(0xffffa9fea9fen);
    expect(v6ToBigInt('fe80::1')).toBe((0xfe80n << 112n) | 1n);
  });

  it('buckets clients: IPv4 by address (mapped forms too), IPv6 by /64', () => {
    expect(clientBucket('198.51.100.7')).toBe('198.51.100.7');
    expect(clientBucket('::ffff:198.51.100.7')).toBe('198.51.100.7');
    expect(clientBucket('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(clientBucket('2001:DB8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(clientBucket('[2001:db8:1:3::1]')).toBe('2001:db8:1:3::/64');
    expect(clientBucket('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(clientBucket('unknown')).toBe('unknown');
  });
});
