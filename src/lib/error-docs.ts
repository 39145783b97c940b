import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ERROR_CODE_NAMES, ERROR_CODES } from './error-catalogue.ts';

export const ERROR_DOC = 'docs/errors.md';
const BEGIN = '<!-- error table: generated from src/lib/error-catalogue.ts by `node --import tsx src/lib/error-docs.ts`; do not edit -->';
const END = '<!-- end of error table -->';

const cell = (s: string) => s.replaceAll('|', '\\|');

/** The error table of docs/errors.md, one row per catalogued code, in catalogue order. */
export function errorTable(): string {
  const rows = ERROR_CODE_NAMES.map((code) => {
    const e = ERROR_CODES[code];
    return `| \`${code}\` | ${e.status} | ${e.retryable ? 'yes' : 'no'} | ${cell(e.userMessage)} | ${cell(e.description)} |`;
  });
  return [BEGIN, '| code | HTTP status | retryable | userMessage (default) | meaning |', '|---|---|---|---|---|', ...rows, END].join('\n');
}

/** The table as it stands in `doc` (between its markers), or null when the markers are missing. */
export function documentedErrorTable(doc: string): string | null {
  const from = doc.indexOf(BEGIN);
  const to = doc.indexOf(END);
  return from < 0 || to < from ? null : doc.slice(from, to + END.length);
}

/** Rewrites the table of docs/errors.md from the catalogue (the prose around it stays). */
export function writeErrorDoc(path = ERROR_DOC): void {
  const doc = readFileSync(path, 'utf8');
  const old = documentedErrorTable(doc);
  if (old === null) throw new Error(`${path} has no error table markers`);
  writeFileSync(path, doc.replace(old, errorTable()));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) writeErrorDoc();
