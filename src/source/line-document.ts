// A vendor file (an imported rule set) as a source document: its data is the text, and a pointer
// `/line/N` (anything after it is ignored) names line N, so findings on imported rules point at the
// line the rule is written on.

import type { Position } from '../core/finding';
import type { SourceDocument } from './document';
import { decodePointer } from './pointer';

export function linePointer(line: number): string {
  return `/line/${line}`;
}

export function lineDocument(file: string, text: string): SourceDocument {
  let lines: string[] | undefined;
  const locate = (pointer: string): Position => {
    lines ??= text.split(/\r?\n/);
    const [kind, value] = decodePointer(pointer);
    const line = kind === 'line' && Number.isInteger(Number(value)) ? Math.min(Math.max(Number(value), 1), lines.length) : 1;
    const length = lines[line - 1]?.length ?? 0;
    return { line, column: 1, endLine: line, endColumn: length + 1 };
  };
  return { file, data: text, locate };
}
