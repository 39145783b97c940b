import { describe, expect, it } from 'vitest';
import { keptResponseBody, redactSecrets, responseExcerpt } from './response-excerpt.ts';

describe('redactSecrets', () => {
  it.each([
    ['db_password=hunter2&user=bob', 'db_password=[redacted]&user=bob'],
    ['DB_PASSWORD: "s3cr3t value" next', 'DB_PASSWORD: [redacted] next'],
    ['{"token":"abc.def","ok":true}', '{"token":[redacted],"ok":true}'],
    [
      '{"api_key": "k-123", "apiKey":"x", "client_secret":"y"}',
      '{"api_key": [redacted], "apiKey":[redacted], "client_secret":[redacted]}',
    ],
    ['Authorization: Bearer abc.def-ghi', 'Authorization: [redacted]'],
    ['sent Bearer abc123 back', 'sent Bearer [redacted] back'],
    ['aws_secret_access_key=wJalrXUtnFEMI/K7MDENG', 'aws_secret_access_key=[redacted]'],
    ["pwd='x y'", 'pwd=[redacted]'],
    ['key keel_sk_01abc_def and whsec_abc+/=', 'key [redacted] and [redacted]'],
    ['jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig-nature_x', 'jwt [redacted]'],
    ['id AKIAIOSFODNN7EXAMPLE here', 'id [redacted] here'],
    ['postgres://keel:pa55@db:5432/keel', 'postgres://[redacted]@db:5432/keel'],
    [`pk 0x${'ab12'.repeat(16)}`, 'pk [redacted]'],
    ['seed q3Zk9fPz1X0mJc2bW8vR7tN4yL6hG5dS0aE1uI2oK3w=', 'seed [redacted]'],
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY----- after', '[redacted] after'],
  ])('%s', (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it('keeps ordinary text, ids and addresses readable', () => {
    const text =
      '{"received":true,"id":"evt_01hzy3k8x6t9q2w4e5r7y8u9i0","to":"0x000000000000000000000000000000000000bEEF","status":"ok"}';
    expect(redactSecrets(text)).toBe(text);
  });
});

describe('responseExcerpt', () => {
  it('strips control and invisible characters, collapses spaces, redacts, and cuts on a character boundary', () => {
    expect(responseExcerpt('ok\r\n\tline\u0000two\u001b[31m red\u202e\u200b!', 100)).toBe('ok linetwo[31m red!');
    expect(responseExcerpt('é'.repeat(200), 101)).toBe('é'.repeat(50));
    expect(Buffer.byteLength(responseExcerpt('x'.repeat(5_000), 256))).toBe(256);
    expect(responseExcerpt('  \n ', 256)).toBe('');
  });

  it('redacts before cutting: a secret straddling the limit is not half kept', () => {
    const body = `${'a '.repeat(10)}password=hunter2hunter2`;
    const excerpt = responseExcerpt(body, 28);
    expect(excerpt).not.toMatch(/hunter/);
    expect(excerpt.startsWith('a a a')).toBe(true);
  });
});

describe('keptResponseBody', () => {
  const body = 'internal config: db_password=hunter2 host=db.internal';

  it('keeps a sanitised excerpt only for responses from public addresses', () => {
    expect(keptResponseBody({ responseBody: body, remoteAddress: '93.184.215.14' }, 256)).toBe(
      'internal config: db_password=[redacted] host=db.internal',
    );
    expect(keptResponseBody({ responseBody: body, remoteAddress: '2606:4700:4700::1111' }, 256)).toBeDefined();
  });

  it('keeps nothing from loopback, private, link-local or unknown addresses', () => {
    for (const remoteAddress of [
      '127.0.0.1',
      '::1',
      '::ffff:127.0.0.1',
      '10.0.0.5',
      '192.168.1.2',
      'fd00::1',
      '169.254.169.254',
      undefined,
    ]) {
      expect(keptResponseBody({ responseBody: body, remoteAddress }, 256), String(remoteAddress)).toBeUndefined();
    }
    expect(keptResponseBody({ responseBody: '', remoteAddress: '93.184.215.14' }, 256)).toBeUndefined();
  });
});
