// Parses YAML or JSON text into plain data while keeping the syntax tree, so any JSON pointer into the
// data can be turned into a 1-based line:column afterwards. Parse problems are collected, never thrown.
// JSON, then YAML in the common subset, take fast paths with the same data and positions; all else, and any
// text with a problem, the full yaml parser.

import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Node } from 'yaml';
import type { Origin, Position } from '../core/finding';
import { parseJsonDocument } from './json-document';
import { decodePointer } from './pointer';
import { parseFastYaml } from './yaml-fast';

export { decodePointer, encodePointer } from './pointer';

export interface SourceDocument {
  /** Path as given to the user: relative to the working directory. */
  readonly file: string;
  readonly data: unknown;
  /** Position of the node a JSON pointer names; of its deepest existing ancestor if it does not exist. */
  locate(pointer: string): Position;
  /** The text it was read from (model files), for what lies outside the data: comments. */
  readonly text?: string;
}

export interface ParseProblem {
  readonly messageId: 'syntax' | 'multiple-documents' | 'alias-limit' | 'too-large' | 'empty' | 'not-readable';
  readonly origin: Origin;
  readonly data: Readonly<Record<string, string | number>>;
  /** A position known from the parser (the pointer is then empty). */
  readonly position?: Position;
}

export interface ParseResult {
  readonly document?: SourceDocument;
  readonly problems: readonly ParseProblem[];
}

/** Aliases expanded beyond this count make the parse fail (guards against "billion laughs" alias bombs). */
export const MAX_ALIAS_COUNT = 1000;

function childOf(node: unknown, segment: string): Node | undefined {
  if (isMap(node)) {
    for (const item of node.items) {
      if (isPair(item)) {
        const key = isScalar(item.key) ? item.key.value : item.key;
        if (String(key) === segment) return (item.value ?? item.key) as Node;
      }
    }
    return undefined;
  }
  if (isSeq(node)) {
    const index = Number(segment);
    return Number.isInteger(index) ? (node.items[index] as Node | undefined) : undefined;
  }
  return undefined;
}

export function parseText(file: string, text: string): ParseResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // JSON (what generators and converters write) takes the fast path; YAML, and JSON with problems, the full parser.
  const withText = (document: SourceDocument): ParseResult => ({ document: { ...document, text: body }, problems: [] });
  if (/^\s*\{/.test(body)) {
    const json = parseJsonDocument(file, body);
    if (json) return withText(json);
  }
  const yaml = parseFastYaml(file, body);
  if (yaml) return withText(yaml);
  const full = parseYamlText(file, body);
  return full.document ? withText(full.document) : full;
}

/** The full YAML parser (JSON is YAML too): every syntax problem with its position. */
export function parseYamlText(file: string, body: string): ParseResult {
  const lineCounter = new LineCounter();
  const toPosition = (start: number, end: number): Position => {
    const a = lineCounter.linePos(start);
    const b = lineCounter.linePos(Math.max(start, end));
    return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
  };
  const origin = { file, pointer: '' };
  const docs = parseAllDocuments(body, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    strict: true,
  });
  const list = Array.isArray(docs) ? docs : [];
  if (list.length === 0) return { problems: [{ messageId: 'empty', origin, data: {} }] };
  const problems: ParseProblem[] = [];
  for (const doc of list) {
    for (const error of doc.errors) {
      const [start, end] = error.pos;
      problems.push({ messageId: 'syntax', origin, data: { detail: firstLine(error.message) }, position: toPosition(start, end) });
    }
  }
  if (list.length > 1) {
    const second = list[1]!;
    const start = second.range[0];
    problems.push({ messageId: 'multiple-documents', origin, data: {}, position: toPosition(start, start + 3) });
  }
  if (problems.length > 0) return { problems };
  const doc = list[0]!;
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (error instanceof ReferenceError || error instanceof RangeError) {
      return { problems: [{ messageId: 'alias-limit', origin, data: { limit: MAX_ALIAS_COUNT } }] };
    }
    throw error;
  }
  const locate = (pointer: string): Position => {
    let node: unknown = doc.contents;
    for (const segment of decodePointer(pointer)) {
      const next = childOf(node, segment);
      if (next === undefined) break;
      node = next;
    }
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? toPosition(range[0], range[1]) : { line: 1, column: 1, endLine: 1, endColumn: 1 };
  };
  return { document: { file, data, locate }, problems: [] };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
