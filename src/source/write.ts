// The only module that writes files: the outputs asked for with `--format NAME:PATH`, and the GitHub job summary. A file is written
// whole or not at all (through a temporary file beside it), so a failed run never leaves half a report.

import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export function writeTextFile(cwd: string, path: string, text: string): void {
  const target = resolve(cwd, path);
  mkdirSync(dirname(target), { recursive: true });
  const temporary = `${target}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, text, 'utf8');
  renameSync(temporary, target);
}

/** Appends to a file others write to as well (the job summary of a GitHub Actions step). */
export function appendTextFile(cwd: string, path: string, text: string): void {
  appendFileSync(resolve(cwd, path), text, 'utf8');
}
