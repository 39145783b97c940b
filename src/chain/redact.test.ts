import { describe, expect, it } from 'vitest';
import { endpointLabels, redactUrl } from './redact.ts';

describe('redactUrl', () => {
  it('keeps scheme, host and port', () => {
    expect(redactUrl('http://127.0.0.1:8545')).toBe('http://127.0.0.1:8545');
    expect(redactUrl('http://127.0.0.1:8545/')).toBe('http://127.0.0.1:8545');
    expect(redactUrl('https://rpc.example.org')).toBe('https://rpc.example.org');
  });

  it('replaces a path, query or fragment that may carry a key', () => {
    expect(redactUrl('https://mainnet.infura.io/v3/SECRETKEY')).toBe('https://mainnet.infura.io/…');
    expect(redactUrl('https://rpc.example.org/?apikey=SECRET')).toBe('https://rpc.example.org/…');
    expect(redactUrl('https://rpc.example.org#SECRET')).toBe('https://rpc.example.org/…');
  });

  it('drops userinfo', () => {
    const out = redactUrl('https://user:SECRET@rpc.example.org:8443/x');
    expect(out).toBe('https://rpc.example.org:8443/…');
  });

  it('never echoes an unparsable URL', () => {
    expect(redactUrl('not a url SECRET')).toBe('[invalid url]');
  });
});

describe('endpointLabels', () => {
  it('makes labels unique when two URLs redact alike', () => {
    expect(endpointLabels(['https://a.io/v3/K1', 'http://b.io', 'https://a.io/v3/K2', 'https://a.io/v3/K3'])).toEqual([
      'https://a.io/…',
      'http://b.io',
      'https://a.io/…#2',
      'https://a.io/…#3',
    ]);
  });
});
