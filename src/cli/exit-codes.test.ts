import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { ConfigError, KeelError, PermanentError, RetryableError } from '../lib/errors.ts';
import { EXIT, exitCodeFor } from './exit-codes.ts';

describe('exitCodeFor', () => {
  it('maps commander: help and version succeed, parse errors are usage errors', () => {
    expect(exitCodeFor(new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'))).toBe(EXIT.ok);
    expect(exitCodeFor(new CommanderError(0, 'commander.version', '1.0.0'))).toBe(EXIT.ok);
    expect(exitCodeFor(new CommanderError(1, 'commander.unknownCommand', "unknown command 'x'"))).toBe(EXIT.usage);
    expect(exitCodeFor(new CommanderError(1, 'commander.help', '(outputHelp)'))).toBe(EXIT.usage);
  });

  it('maps Keel errors by their catalogue code', () => {
    expect(exitCodeFor(new ConfigError('bad', []))).toBe(EXIT.config);
    expect(exitCodeFor(new KeelError('invalid_anchor', 'x'))).toBe(EXIT.usage);
    expect(exitCodeFor(new RetryableError('database_unavailable', 'x'))).toBe(EXIT.database);
    expect(exitCodeFor(new PermanentError('migration_modified', 'x'))).toBe(EXIT.database);
    expect(exitCodeFor(new PermanentError('dev_tooling_missing', 'x'))).toBe(EXIT.devToolingMissing);
    expect(exitCodeFor(new PermanentError('contracts_stale', 'x'))).toBe(EXIT.failure);
  });

  it('anything else is an unexpected failure', () => {
    expect(exitCodeFor(new Error('boom'))).toBe(EXIT.failure);
    expect(exitCodeFor('a string')).toBe(EXIT.failure);
  });

  it('gives every code its own number', () => {
    const codes = Object.values(EXIT);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
