import { hashMessage, hexToBytes, type Hex } from 'viem';
import { warning, type SigningWarning } from './warnings.ts';

/**
 * EIP-191 personal messages (`personal_sign`): what the wallet will show, and what is wrong
 * with it. PURE. A 0x-hex message is signed as bytes: readable UTF-8 text is shown as text, and
 * anything else — a 32-byte hash, an encoded transaction, binary — is a blind signature.
 */

export interface DecodedMessage {
  /** The text the wallet shows, or null when the bytes are not readable text. */
  text: string | null;
  /** The bytes as hex when the message was given as hex. */
  hex: Hex | null;
  byteLength: number;
  /** Domains the text names (URLs, bare host names, a Sign-In with Ethereum header). */
  domains: string[];
  digest: Hex;
  warnings: SigningWarning[];
}

/** Invisible and direction-changing characters (bidi controls, zero-width, BOM). */
const HIDDEN = /[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad]/u;
/** Control characters other than tab, line feed and carriage return. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/u;
/** A URL's host, or a bare host name with a letter-only top-level domain. */
const HOSTS = /\b(?:https?:\/\/)?((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24})(?::\d{1,5})?\b/gi;

/** The host of `origin` ("https://app.example.com:443/x" → "app.example.com"), lower case. */
export function originHost(origin: string): string {
  const s = origin.trim().toLowerCase();
  try {
    return new URL(s.includes('://') ? s : `https://${s}`).hostname;
  } catch {
    return s;
  }
}

/** Whether `host` is `expected` or one of its subdomains. */
function sameSite(host: string, expected: string): boolean {
  return host === expected || host.endsWith(`.${expected}`);
}

/** Domains named in a text, lower case, each once, in order. */
export function domainsIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(HOSTS)) {
    const h = m[1]!.toLowerCase();
    // Over-inclusive on purpose ("terms.pdf" counts): a name that is not the origin is worth a look.
    if (!out.includes(h)) out.push(h);
  }
  return out;
}

function readable(bytes: Uint8Array): string | null {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  return CONTROL.test(text) ? null : text;
}

/** Decodes and judges a personal message; `origin` is the site the fintech expects. */
export function decodePersonalMessage(message: string, origin?: string): DecodedMessage {
  const warnings: SigningWarning[] = [];
  const isHex = /^0x([0-9a-fA-F]{2})*$/.test(message) && message.length > 2;
  let text: string | null;
  let hex: Hex | null = null;
  let byteLength: number;
  let digest: Hex;
  if (isHex) {
    hex = message.toLowerCase() as Hex;
    const bytes = hexToBytes(hex);
    byteLength = bytes.length;
    text = readable(bytes);
    digest = hashMessage({ raw: hex });
    if (byteLength === 32)
      warnings.push(
        warning(
          'blind_signature',
          'message',
          'The message is 32 bytes of hex: it looks like a hash of something you cannot see (a transaction or an order).',
        ),
      );
    else if (text === null)
      warnings.push(
        warning(
          'blind_signature',
          'message',
          /^0x(0[0-4]|f[89a-f])/.test(hex)
            ? 'The message is binary data that looks like an encoded transaction.'
            : 'The message is binary data, not readable text.',
        ),
      );
  } else {
    text = message;
    byteLength = new TextEncoder().encode(message).length;
    digest = hashMessage(message);
    if (/^(0x)?[0-9a-fA-F]{64}$/.test(message.trim()))
      warnings.push(
        warning(
          'blind_signature',
          'message',
          'The text is a 64-digit hex number: it looks like a hash of something you cannot see.',
        ),
      );
  }
  if (text !== null && (HIDDEN.test(text) || CONTROL.test(text)))
    warnings.push(
      warning('hidden_characters', 'message', 'The text contains invisible or direction-changing characters.'),
    );
  const domains = text === null ? [] : domainsIn(text);
  if (origin) {
    const expected = originHost(origin);
    const others = domains.filter((d) => !sameSite(d, expected));
    if (others.length)
      warnings.push(
        warning(
          'origin_mismatch',
          'message',
          `The message names ${others.join(', ')}, not ${expected} (the site asking for the signature).`,
        ),
      );
  }
  return { text, hex, byteLength, domains, digest, warnings };
}
