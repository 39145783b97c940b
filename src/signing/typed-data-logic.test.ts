import { describe, expect, it } from 'vitest';
import { KeelError } from '../lib/errors.ts';
import { erc2612, permitSingle, USER } from './test-support.ts';
import { normaliseTypedData, parseType, type TypedDataInput } from './typed-data-logic.ts';

/** The field errors `normaliseTypedData` throws for `td` (fails when it does not throw). */
function errorsOf(td: TypedDataInput): Array<{ field: string; code: string }> {
  try {
    normaliseTypedData(td);
  } catch (err) {
    expect(err).toBeInstanceOf(KeelError);
    expect((err as KeelError).code).toBe('typed_data_invalid');
    return ((err as KeelError).errors ?? []).map(({ field, code }) => ({ field, code }));
  }
  throw new Error('expected typed_data_invalid');
}

const withMessage = (td: TypedDataInput, message: Record<string, unknown>): TypedDataInput => ({
  ...td,
  message: { ...td.message, ...message },
});

describe('normaliseTypedData', () => {
  it('normalises integers to bigint and addresses to checksummed form', () => {
    const n = normaliseTypedData(withMessage(erc2612(), { owner: USER.toLowerCase(), value: '0x10' }));
    expect(n.message.owner).toBe(USER);
    expect(n.message.value).toBe(16n);
    expect(n.domain.chainId).toBe(31337n);
  });

  it('names each field at fault', () => {
    const td = erc2612();
    expect(errorsOf(withMessage(td, { value: '-1' }))).toEqual([
      { field: 'typedData.message.value', code: 'out_of_range' },
    ]);
    expect(errorsOf(withMessage(td, { value: 2 ** 60 }))).toEqual([
      { field: 'typedData.message.value', code: 'imprecise_number' },
    ]);
    expect(errorsOf(withMessage(td, { spender: '0x12' }))).toEqual([
      { field: 'typedData.message.spender', code: 'invalid_address' },
    ]);
    expect(errorsOf(withMessage(td, { deadline: undefined, extra: 1 }))).toEqual([
      { field: 'typedData.message.deadline', code: 'missing' },
      { field: 'typedData.message.extra', code: 'not_in_type' },
    ]);
    expect(errorsOf({ ...td, domain: { ...td.domain, chainId: 'one' } })).toEqual([
      { field: 'typedData.domain.chainId', code: 'invalid_integer' },
    ]);
    expect(errorsOf({ ...td, primaryType: 'Nope' })).toEqual([
      { field: 'typedData.primaryType', code: 'unknown_type' },
    ]);
    expect(errorsOf({ ...td, primaryType: 'EIP712Domain' })[0]!.code).toBe('invalid_primary_type');
  });

  it('checks nested structs, uint160/uint48 ranges and undeclared types', () => {
    const td = permitSingle();
    const details = td.message.details as Record<string, unknown>;
    expect(errorsOf(withMessage(td, { details: { ...details, amount: (1n << 160n).toString() } }))).toEqual([
      { field: 'typedData.message.details.amount', code: 'out_of_range' },
    ]);
    expect(errorsOf(withMessage(td, { details: { ...details, expiration: (1n << 48n).toString() } }))).toEqual([
      { field: 'typedData.message.details.expiration', code: 'out_of_range' },
    ]);
    expect(errorsOf({ ...td, types: { ...td.types, PermitDetails: [{ name: 'x', type: 'Missing' }] } })).toEqual([
      { field: 'typedData.types.PermitDetails[0].type', code: 'unknown_type' },
    ]);
  });

  it('bytes, fixed arrays, booleans and unknown domain fields', () => {
    const td: TypedDataInput = {
      domain: { name: 'x', salt: `0x${'00'.repeat(31)}`, colour: 'red' },
      types: {
        M: [
          { name: 'b', type: 'bytes4' },
          { name: 'pair', type: 'uint8[2]' },
          { name: 'ok', type: 'bool' },
        ],
      },
      primaryType: 'M',
      message: { b: '0x1234', pair: [1], ok: 'yes' },
    };
    expect(errorsOf(td)).toEqual([
      { field: 'typedData.domain.salt', code: 'invalid_length' },
      { field: 'typedData.domain.colour', code: 'not_in_type' },
      { field: 'typedData.message.b', code: 'invalid_length' },
      { field: 'typedData.message.pair', code: 'invalid_length' },
      { field: 'typedData.message.ok', code: 'invalid_value' },
    ]);
  });

  it('parses array types', () => {
    expect(parseType('Leg[2][]')).toEqual({ base: 'Leg', dims: [2, null] });
    expect(parseType('uint256')).toEqual({ base: 'uint256', dims: [] });
    expect(parseType('a b')).toBeNull();
  });
});
