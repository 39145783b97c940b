import { decodeTruncated } from './sender.ts';
import { isForbiddenAddress } from './url-guard.ts';

/**
 * What the delivery log keeps of a receiver's response body. The log is readable through
 * the API, so a webhook URL must not turn Keel into a proxy that reads other services'
 * answers: a body is kept only when it came from a public address (a private or loopback
 * receiver, allowed in development, may be an internal service that answers with its
 * configuration), and then only a short excerpt with control characters stripped and
 * obvious secrets redacted. Pure functions; the worker applies them before recording.
 */

/** Replaces every redacted value. */
export const REDACTED = '[redacted]';

// Key names whose values are secrets: `db_password=…`, `"api_key": "…"`, `Authorization: …`.
const SECRET_KEY = String.raw`[\w.-]*(?:passw(?:or)?d|passwd|passphrase|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|authorization|credential|session[_-]?id|cookie|signature|client[_-]?secret)[\w.-]*`;
// A value: quoted (possibly cut off by the excerpt's end), or bare up to a separator, with an
// optional auth scheme before it (`Bearer abc`).
const VALUE = String.raw`(?:(?:bearer|basic|digest|token)\s+)?(?:\[redacted\]|"(?:[^"\\]|\\.)*"?|'[^']*'?|[^\s,;&}\]\)]+)`;
const KEY_VALUE = new RegExp(String.raw`(["']?${SECRET_KEY}["']?\s*[:=]\s*)${VALUE}`, 'gi');

/** Token shapes that are secrets wherever they appear, whatever key holds them. */
const SECRET_SHAPES: readonly RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  /\b(?:bearer|basic)\s+[A-Za-z0-9._~+/-]+=*/gi,
  /\b(?:keel_sk|whsec|sk_live|sk_test|rk_live)_[A-Za-z0-9_+/=-]+/g,
  /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, // JWT
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, // AWS access key ids
  /\bgh[pousr]_[A-Za-z0-9]{20,}/g, // GitHub tokens
  /\bxox[abprs]-[A-Za-z0-9-]+/g, // Slack tokens
  /(?<=:\/\/)[^/\s:@]+:[^/\s@]+(?=@)/g, // credentials in a URL
  // Long opaque strings (base64 keys, hex private keys); 43+ so that 0x-prefixed addresses stay readable.
  /(?<![A-Za-z0-9+/_-])(?=[A-Za-z0-9+/_-]*\d)(?=[A-Za-z0-9+/_-]*[A-Za-z])[A-Za-z0-9+/_-]{43,}={0,2}/g,
];

/**
 * Control characters (C0, DEL, C1) and invisible format characters (zero-width, bidi
 * overrides) would let a receiver forge or hide text in a log an operator reads: line breaks
 * and tabs become spaces, the rest is dropped, runs of spaces collapse.
 */
function stripControls(text: string): string {
  return (
    text
      .replace(/[\t\n\r\v\f]/g, ' ')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
      .replace(/[\u0000-\u001f\u007f-\u009f]|\p{Cf}/gu, '')
      .replace(/ {2,}/g, ' ')
      .trim()
  );
}

/** `text` with the values of secret-looking keys and secret-shaped tokens replaced by `[redacted]`. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const shape of SECRET_SHAPES)
    out = out.replace(shape, (m) => (/^(bearer|basic)\s/i.test(m) ? `${m.split(/\s+/)[0]} ${REDACTED}` : REDACTED));
  return out.replace(KEY_VALUE, (_m, key: string) => `${key}${REDACTED}`);
}

/**
 * A short, sanitised excerpt of a response body: controls stripped, secrets redacted, then
 * cut to at most `limitBytes` bytes of UTF-8 on a character boundary. Redaction runs on the
 * whole text read, before the cut, so a secret straddling the limit is still recognised.
 */
export function responseExcerpt(body: string, limitBytes: number): string {
  const clean = redactSecrets(stripControls(body));
  return decodeTruncated(Buffer.from(clean, 'utf8'), limitBytes).trimEnd();
}

/**
 * What the attempt log keeps of a response: an excerpt (`responseExcerpt`) when the response
 * came from a public address, nothing when it came from a loopback, private or otherwise
 * non-public one — or when the address is unknown (fail closed).
 */
export function keptResponseBody(
  result: { responseBody?: string | undefined; remoteAddress?: string | undefined },
  limitBytes: number,
): string | undefined {
  if (!result.responseBody || !result.remoteAddress || isForbiddenAddress(result.remoteAddress) !== undefined)
    return undefined;
  const excerpt = responseExcerpt(result.responseBody, limitBytes);
  return excerpt === '' ? undefined : excerpt;
}
