/**
 * An incremental reader of the JSON snapshot body `{ "asOf": "…", "rows": [ {…}, {…}, … ] }`
 * (pure: text chunks in, callbacks out). Each element of `rows` is cut out of the text as it
 * arrives and parsed on its own with `JSON.parse`, so a million-row upload never exists as one
 * string nor as one parsed array: memory stays bounded by the checked snapshot.
 *
 * Hand-written because no streaming JSON library is installed (stream-json, JSONStream, oboe are
 * absent from node_modules and this work installs nothing); it only finds where the top-level
 * members and the elements of `rows` start and end (strings, escapes, nesting) and leaves the
 * JSON grammar of each piece to `JSON.parse`. A top-level value other than `rows`, and each row,
 * is limited to MAX_PIECE_CHARS characters.
 */

/** Longest top-level value (other than `rows`) or single row, in characters. */
export const MAX_PIECE_CHARS = 64 * 1024;

export class JsonSnapshotError extends Error {
  constructor(
    message: string,
    /** `json`: the text is not JSON of the expected shape (400); `shape`: a member is wrong (422). */
    readonly kind: 'json' | 'shape',
    readonly field = 'body',
  ) {
    super(message);
  }
}

export interface JsonSnapshotSink {
  /** One element of `rows`, parsed; `index` counts from 0. */
  row(value: unknown, index: number): void;
  /** A top-level member other than `rows`, parsed. */
  member(key: string, value: unknown): void;
}

type Phase =
  | 'start' // before `{`
  | 'key' // expecting a key or `}`
  | 'keyString' // inside a key's quotes
  | 'colon'
  | 'value' // expecting a value
  | 'piece' // inside a value or a row (generic scan)
  | 'rowsNext' // inside `rows`: expecting a row or `]`
  | 'afterRow' // after a row: `,` or `]`
  | 'after' // after a member: `,` or `}`
  | 'end';

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

export class JsonSnapshotReader {
  readonly #sink: JsonSnapshotSink;
  #phase: Phase = 'start';
  #key = '';
  #keyEscaped = false;
  #seen = new Set<string>();
  #piece = ''; // text of the value or row being cut out (from earlier chunks)
  #inRows = false; // the piece is a row
  #depth = 0;
  #inString = false;
  #escaped = false;
  #rowIndex = 0;
  #rowsDone = false;
  #members = 0;

  constructor(sink: JsonSnapshotSink) {
    this.#sink = sink;
  }

  /** Whether `rows` was read to its closing bracket. */
  get sawRows(): boolean {
    return this.#rowsDone;
  }

  push(chunk: string): void {
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      const c = chunk.charCodeAt(i);
      switch (this.#phase) {
        case 'start':
          if (WS.has(c)) i++;
          else if (c === 0x7b) {
            this.#phase = 'key';
            i++;
          } else throw new JsonSnapshotError('the body is not a JSON object', 'json');
          break;
        case 'key':
          if (WS.has(c)) i++;
          else if (c === 0x22) {
            this.#phase = 'keyString';
            this.#key = '';
            i++;
          } else if (c === 0x7d && this.#members === 0) {
            this.#phase = 'end';
            i++;
          } else throw new JsonSnapshotError('expected a member name in the body object', 'json');
          break;
        case 'keyString': {
          const start = i;
          while (i < n) {
            const k = chunk.charCodeAt(i);
            if (this.#keyEscaped) this.#keyEscaped = false;
            else if (k === 0x5c) this.#keyEscaped = true;
            else if (k === 0x22) break;
            i++;
          }
          this.#key += chunk.slice(start, i);
          if (this.#key.length > 256) throw new JsonSnapshotError('a member name is too long', 'json');
          if (i < n) {
            i++;
            this.#key = JSON.parse(`"${this.#key}"`) as string;
            if (this.#seen.has(this.#key))
              throw new JsonSnapshotError(`the member ${JSON.stringify(this.#key)} appears twice`, 'json');
            this.#seen.add(this.#key);
            this.#phase = 'colon';
          }
          break;
        }
        case 'colon':
          if (WS.has(c)) i++;
          else if (c === 0x3a) {
            this.#phase = 'value';
            i++;
          } else throw new JsonSnapshotError('expected `:` after a member name', 'json');
          break;
        case 'value':
          if (WS.has(c)) i++;
          else if (this.#key === 'rows') {
            if (c !== 0x5b) throw new JsonSnapshotError('rows is an array of rows', 'shape', 'body.rows');
            this.#phase = 'rowsNext';
            i++;
          } else this.#startPiece(false);
          break;
        case 'rowsNext':
          if (WS.has(c)) i++;
          else if (c === 0x5d && this.#rowIndex === 0) {
            this.#endRows();
            i++;
          } else this.#startPiece(true);
          break;
        case 'afterRow':
          if (WS.has(c)) i++;
          else if (c === 0x2c) {
            this.#phase = 'rowsNext';
            i++;
          } else if (c === 0x5d) {
            this.#endRows();
            i++;
          } else throw new JsonSnapshotError(`expected \`,\` or \`]\` after row ${this.#rowIndex}`, 'json');
          break;
        case 'after':
          if (WS.has(c)) i++;
          else if (c === 0x2c) {
            this.#phase = 'key';
            i++;
          } else if (c === 0x7d) {
            this.#phase = 'end';
            i++;
          } else throw new JsonSnapshotError('expected `,` or `}` after a member', 'json');
          break;
        case 'piece':
          i = this.#scanPiece(chunk, i);
          break;
        case 'end':
          if (WS.has(c)) i++;
          else throw new JsonSnapshotError('unexpected text after the body object', 'json');
          break;
      }
    }
  }

  /** After the last chunk: the body must have been complete. */
  end(): void {
    if (this.#phase !== 'end') throw new JsonSnapshotError('the JSON body ends too early', 'json');
  }

  #startPiece(row: boolean): void {
    this.#phase = 'piece';
    this.#inRows = row;
    this.#piece = '';
    this.#depth = 0;
    this.#inString = false;
    this.#escaped = false;
  }

  #endRows(): void {
    this.#rowsDone = true;
    this.#members++;
    this.#phase = 'after';
  }

  /** Scans a value from `i`; cuts it out when it ends (at its parent's `,` `}` `]`, not consumed). */
  #scanPiece(chunk: string, from: number): number {
    let i = from;
    const n = chunk.length;
    let ended = false;
    while (i < n) {
      const c = chunk.charCodeAt(i);
      if (this.#inString) {
        if (this.#escaped) this.#escaped = false;
        else if (c === 0x5c) this.#escaped = true;
        else if (c === 0x22) this.#inString = false;
      } else if (c === 0x22) this.#inString = true;
      else if (c === 0x7b || c === 0x5b) this.#depth++;
      else if (c === 0x7d || c === 0x5d || c === 0x2c) {
        if (this.#depth === 0) {
          ended = true;
          break;
        }
        if (c !== 0x2c) this.#depth--;
      }
      i++;
    }
    this.#piece += chunk.slice(from, i);
    if (this.#piece.length > MAX_PIECE_CHARS)
      throw this.#inRows
        ? new JsonSnapshotError(
            `row ${this.#rowIndex + 1} is longer than ${MAX_PIECE_CHARS} characters`,
            'shape',
            `body.rows[${this.#rowIndex}]`,
          )
        : new JsonSnapshotError(
            `the member ${JSON.stringify(this.#key)} is longer than ${MAX_PIECE_CHARS} characters`,
            'shape',
            `body.${this.#key}`,
          );
    if (!ended) return i;
    let value: unknown;
    try {
      value = JSON.parse(this.#piece);
    } catch (err) {
      const where = this.#inRows ? `row ${this.#rowIndex + 1}` : `the member ${JSON.stringify(this.#key)}`;
      throw new JsonSnapshotError(`${where} is not valid JSON: ${(err as Error).message}`, 'json');
    }
    this.#piece = '';
    if (this.#inRows) {
      this.#sink.row(value, this.#rowIndex++);
      this.#phase = 'afterRow';
    } else {
      this.#sink.member(this.#key, value);
      this.#members++;
      this.#phase = 'after';
    }
    return i;
  }
}
