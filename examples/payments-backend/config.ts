/**
 * The example's settings, from environment variables (all but the API key have defaults that
 * fit `npm start`, Keel's dev stack). Read once at start; a missing or malformed value stops it.
 */

export interface Settings {
  /** Keel's API, e.g. http://127.0.0.1:8080 (KEEL_URL). */
  keelUrl: string;
  /** An API key with payments, transactions and webhooks scopes (KEEL_API_KEY). */
  apiKey: string;
  /** Where this backend listens for Keel's webhooks (HOST, PORT; PORT=0 picks a free port). */
  host: string;
  port: number;
  /** The URL Keel posts webhooks to; default http://HOST:PORT/keel/webhooks (PUBLIC_URL). */
  publicUrl: string | undefined;
  /** The order the customer pays: amount, asset and chain (ORDER_AMOUNT, ASSET, CHAIN_ID). */
  orderAmount: string;
  asset: string;
  chainId: number;
  /** What is paid out once the order is paid: recipient, amount, Keel signer (PAYOUT_ADDRESS, PAYOUT_AMOUNT, PAYOUT_SIGNER). */
  payoutAddress: string;
  payoutAmount: string;
  payoutSigner: string;
  /** Exit once the payout has its final outcome (EXIT_WHEN_DONE=1), instead of serving on. */
  exitWhenDone: boolean;
}

/** Reads the settings from `env`; throws one message listing every problem. */
export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const problems: string[] = [];
  const required = (name: string): string => {
    const v = env[name]?.trim();
    if (!v) problems.push(`${name} is required`);
    return v ?? '';
  };
  const integer = (name: string, fallback: number): number => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) problems.push(`${name} must be a whole number, got ${JSON.stringify(raw)}`);
    return n;
  };
  const payoutAddress = required('PAYOUT_ADDRESS');
  if (payoutAddress && !/^0x[0-9a-fA-F]{40}$/.test(payoutAddress)) problems.push('PAYOUT_ADDRESS must be a 0x address');
  const settings: Settings = {
    keelUrl: env.KEEL_URL?.trim() || 'http://127.0.0.1:8080',
    apiKey: required('KEEL_API_KEY'),
    host: env.HOST?.trim() || '127.0.0.1',
    port: integer('PORT', 4000),
    publicUrl: env.PUBLIC_URL?.trim() || undefined,
    orderAmount: env.ORDER_AMOUNT?.trim() || '25.00',
    asset: env.ASSET?.trim() || 'tUSD',
    chainId: integer('CHAIN_ID', 31337),
    payoutAddress,
    payoutAmount: env.PAYOUT_AMOUNT?.trim() || '5.00',
    payoutSigner: env.PAYOUT_SIGNER?.trim() || 'treasury',
    exitWhenDone: env.EXIT_WHEN_DONE === '1',
  };
  if (problems.length > 0) throw new Error(`configuration: ${problems.join('; ')}`);
  return settings;
}
