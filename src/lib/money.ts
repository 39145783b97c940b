import { z } from 'zod';

/**
 * Money as it enters the API: decimal strings in an asset's units (`"12.5"` USDC), turned into
 * bigint base units with the asset's decimals by the use case (which answers `too_many_decimals`,
 * `not_positive` or `too_big` with the asset named). The bounds are the widest any valid amount
 * can need: a uint256 has 78 digits and a configured asset at most 36 decimals, so a longer
 * string can never be a valid amount and is refused before any arithmetic.
 */
export const decimalAmountSchema = z
  .string()
  .regex(/^\d{1,78}(\.\d{1,36})?$/, 'a non-negative decimal string such as "12.5"');

/** A USD amount (policy limits, dry-run facts): at most 8 decimals, Keel's USD precision. */
export const usdAmountSchema = z
  .string()
  .regex(/^(0|[1-9]\d{0,60})(\.\d{1,8})?$/, 'must be a USD amount such as "10000" or "2500.50" (at most 8 decimals)');
