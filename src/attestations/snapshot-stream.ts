import { StringDecoder } from 'node:string_decoder';
import { KeelError, ValidationError } from '../lib/errors.ts';
import { JsonSnapshotError, JsonSnapshotReader } from './snapshot-json.ts';
import { CsvLines, type RowError, type SnapshotChecker } from './snapshot-logic.ts';

/**
 * A liability snapshot read from the request stream as it arrives (POST /v1/liability-snapshots):
 * CSV split into lines chunk by chunk, JSON cut into rows by JsonSnapshotReader; every row goes
 * to the SnapshotChecker at once, so what stays in memory is the checked snapshot, never the
 * upload's text nor an array of parsed rows. The byte limit (`attestations.maxUploadBytes`) is
 * counted here, since a streamed body bypasses Fastify's own `bodyLimit`.
 *
 * The line splitter is hand-written: no CSV streaming library is installed (csv-parse,
 * papaparse absent; nothing is installed for this), the format has no quoting (CsvLines), and
 * splitting decoded chunks on `\n` is a few lines — bench/por-upload.ts compares it with
 * node:readline over the same file.
 */

/** The body of a streamed upload, as the route's content-type parser hands it over. */
export interface SnapshotUpload {
  format: 'csv' | 'json';
  body: AsyncIterable<Buffer | string>;
}

function tooLarge(max: number): KeelError {
  return new KeelError('payload_too_large', `the upload is larger than ${max} bytes (attestations.maxUploadBytes)`);
}

/** Decoded text chunks of `body`, failing with 413 past `maxBytes`. */
async function* textOf(body: AsyncIterable<Buffer | string>, maxBytes: number): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let bytes = 0;
  for await (const chunk of body) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    bytes += buf.length;
    if (bytes > maxBytes) throw tooLarge(maxBytes);
    const text = decoder.write(buf);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

/** Reads a CSV upload into `checker`; a header error, or null (row errors are in the checker). */
export async function readCsvUpload(
  body: AsyncIterable<Buffer | string>,
  checker: SnapshotChecker,
  maxBytes: number,
): Promise<RowError | null> {
  const lines = new CsvLines(checker);
  let carry = '';
  let lineNo = 0;
  for await (const text of textOf(body, maxBytes)) {
    let start = 0;
    let nl = text.indexOf('\n');
    if (nl !== -1 && carry) {
      const err = lines.line(carry + text.slice(0, nl), ++lineNo);
      if (err) return err;
      carry = '';
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    while (nl !== -1) {
      const err = lines.line(text.slice(start, nl), ++lineNo);
      if (err) return err;
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    carry += text.slice(start);
    // A line without its end past the limit of a row: no valid row is that long.
    if (carry.length > 64 * 1024) {
      checker.reject(lineNo + 1, `line[${lineNo + 1}]`, 'invalid_csv_line', 'the line is longer than 65536 characters');
      return null;
    }
  }
  if (carry) {
    const err = lines.line(carry, ++lineNo);
    if (err) return err;
  }
  return lines.end();
}

/**
 * Reads a JSON upload (`{ asOf, rows }`) into `checker`; answers `asOf`. Not JSON, or not an
 * object: 400 `invalid_json`; a missing or mistyped member: 422 `validation_failed`.
 */
export async function readJsonUpload(
  body: AsyncIterable<Buffer | string>,
  checker: SnapshotChecker,
  maxBytes: number,
): Promise<string> {
  let asOf: unknown;
  const unknownKeys: string[] = [];
  const reader = new JsonSnapshotReader({
    row(value, index) {
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        checker.reject(
          index + 1,
          `body.rows[${index}]`,
          'invalid_row',
          'a row is an object { userId, asset, balance }',
        );
      else {
        const r = value as Record<string, unknown>;
        checker.add({ userId: r.userId, asset: r.asset, balance: r.balance }, index + 1, `body.rows[${index}]`);
      }
    },
    member(key, value) {
      if (key === 'asOf') asOf = value;
      else unknownKeys.push(key);
    },
  });
  try {
    for await (const text of textOf(body, maxBytes)) reader.push(text);
    reader.end();
  } catch (err) {
    if (!(err instanceof JsonSnapshotError)) throw err;
    if (err.kind === 'json') throw new KeelError('invalid_json', `the request body is not valid JSON: ${err.message}`);
    throw new ValidationError(err.message, [{ field: err.field, code: 'invalid_type', message: err.message }]);
  }
  const errors = [
    ...unknownKeys.map((k, i) => ({
      field: 'body',
      code: 'unrecognized_keys',
      message: `unknown member #${i + 1} ${JSON.stringify(k)}; the body has asOf and rows`,
    })),
    ...(typeof asOf === 'string'
      ? []
      : [{ field: 'body.asOf', code: 'required', message: 'when the balances held (ISO 8601 string)' }]),
    ...(reader.sawRows ? [] : [{ field: 'body.rows', code: 'required', message: 'one row per user and asset' }]),
  ];
  if (errors.length) throw new ValidationError('the snapshot body is not { asOf, rows }', errors);
  return asOf as string;
}
