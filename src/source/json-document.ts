// The fast path for JSON text: the engine's own JSON.parse for the data, and positions found lazily by
// scanning only the containers a pointer passes through (each scanned once, then cached). A file that is not
// plain JSON, or repeats a key, is left to the YAML parser, which reports the problem with its position.

import type { Position } from '../core/finding';
import type { SourceDocument } from './document';
import { decodePointer } from './pointer';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

/** [start, end) of a value in the text. */
type Span = readonly [number, number];
/**
 * The members of an object or array: the spans of their values, flat (`[start0, end0, start1, end1, …]`),
 * and for an object its keys in the same order — searched in place when few, by a map when many. A large
 * file has a few hundred thousand members: none is an object of its own.
 */
interface ContainerIndex {
  readonly bounds: readonly number[];
  readonly keys?: readonly string[];
  readonly keyAt?: ReadonlyMap<string, number>;
}
/** From this many keys on, an object's keys are found by a map. */
const KEYS_BY_MAP = 16;

/** A document for JSON text, or undefined when the text is not JSON or repeats a key in an object. */
export function parseJsonDocument(file: string, text: string): SourceDocument | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (data === null || typeof data !== 'object' || repeatsKey(text, data)) return undefined;
  const lines = lazyLineStarts(text);
  const containers = new Map<number, ContainerIndex>();
  const start = skipWhitespace(text, 0);
  let root: Span | undefined;
  const locate = (pointer: string): Position => {
    root ??= [start, indexContainer(text, start, containers, INDEX_AHEAD)];
    let span: Span = root;
    for (const segment of decodePointer(pointer)) {
      const child = childSpan(text, span[0], segment, containers);
      if (!child) break;
      span = child;
    }
    return lines.position(span[0], span[1]);
  };
  return { file, data, locate };
}

/**
 * Whether some object of the parsed text names a key twice: the keys written outnumber the properties
 * JSON.parse made. Outside strings a colon always follows a key, so the keys written are the text's colons
 * less those inside strings, which the parsed keys and strings hold too: counted there, the text needs no
 * scan of its own, only a native count of its colons. A colon written as an escape (`\u003a`) is in a parsed
 * string but not in the text: such a text is scanned string by string instead.
 */
function repeatsKey(text: string, data: object): boolean {
  let properties = 0;
  let colonsInStrings = 0;
  const stack: unknown[] = [data];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (const item of value) {
        if (typeof item === 'string') colonsInStrings += countColons(item);
        else if (item !== null && typeof item === 'object') stack.push(item);
      }
      continue;
    }
    for (const key in value as object) {
      properties++;
      colonsInStrings += countColons(key);
      const item = (value as Record<string, unknown>)[key];
      if (typeof item === 'string') colonsInStrings += countColons(item);
      else if (item !== null && typeof item === 'object') stack.push(item);
    }
  }
  if (/\\u003a/i.test(text)) return writtenKeys(text) !== properties;
  return countColons(text) - colonsInStrings !== properties;
}

function countColons(text: string): number {
  let n = 0;
  for (let i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) n++;
  return n;
}

/**
 * The keys written in valid JSON text: its colons outside strings (outside a string, a colon always follows a
 * key). Native searches jump from quote to quote and from colon to colon; nothing is allocated.
 */
function writtenKeys(text: string): number {
  let count = 0;
  let quote = text.indexOf('"');
  let colon = text.indexOf(':');
  while (colon >= 0) {
    if (quote >= 0 && quote < colon) {
      const end = skipString(text, quote); // just after the closing quote
      quote = text.indexOf('"', end);
      if (colon < end) colon = text.indexOf(':', end);
    } else {
      count++;
      colon = text.indexOf(':', colon + 1);
    }
  }
  return count;
}

/** Containers this many levels below one being indexed are indexed in the same pass (root → firewalls → fw → rules). */
const INDEX_AHEAD = 3;

function childSpan(text: string, start: number, segment: string, cache: Map<number, ContainerIndex>): Span | undefined {
  let index = cache.get(start);
  if (!index) {
    const opener = text.charCodeAt(start);
    if (opener !== OPEN_BRACE && opener !== OPEN_BRACKET) return undefined;
    indexContainer(text, start, cache, INDEX_AHEAD);
    index = cache.get(start)!;
  }
  let member: number | undefined;
  if (index.keys === undefined) {
    const i = Number(segment);
    member = Number.isInteger(i) && i >= 0 ? i : undefined;
  } else {
    member = index.keyAt ? index.keyAt.get(segment) : index.keys.indexOf(segment);
  }
  if (member === undefined || member < 0 || 2 * member >= index.bounds.length) return undefined;
  return [index.bounds[2 * member]!, index.bounds[2 * member + 1]!];
}

/** A container indexed ahead is kept from this many characters on; a smaller one is indexed again if asked for. */
const KEEP_AHEAD_FROM = 4096;

/**
 * Indexes the object or array starting at `start` — keys (or positions) to the spans of their values — and,
 * `depth` levels down, the containers inside it, all in one scan; returns where the container ends. The
 * container itself is kept; those inside it only when large (scanning them again would cost, keeping the
 * many small ones would cost memory).
 */
function indexContainer(text: string, start: number, cache: Map<number, ContainerIndex>, depth: number, keep = true): number {
  const isObject = text.charCodeAt(start) === OPEN_BRACE;
  const bounds: number[] = [];
  const keys: string[] = [];
  let i = skipWhitespace(text, start + 1);
  const closer = isObject ? CLOSE_BRACE : CLOSE_BRACKET;
  while (i < text.length && text.charCodeAt(i) !== closer) {
    let key = '';
    if (isObject) {
      const keyEnd = skipString(text, i);
      key = decodeString(text, i, keyEnd);
      i = skipWhitespace(text, keyEnd);
      if (text.charCodeAt(i) === COLON) i = skipWhitespace(text, i + 1);
    }
    const c = text.charCodeAt(i);
    const nested = depth > 0 && (c === OPEN_BRACE || c === OPEN_BRACKET) && !cache.has(i);
    const end = nested ? indexContainer(text, i, cache, depth - 1, false) : skipValue(text, i);
    if (isObject) keys.push(key);
    bounds.push(i, end);
    i = skipWhitespace(text, end);
    if (text.charCodeAt(i) === COMMA) i = skipWhitespace(text, i + 1);
  }
  if (keep || i - start >= KEEP_AHEAD_FROM) {
    if (!isObject) cache.set(start, { bounds });
    else if (keys.length < KEYS_BY_MAP) cache.set(start, { bounds, keys });
    else cache.set(start, { bounds, keys, keyAt: new Map(keys.map((key, k) => [key, k])) });
  }
  return Math.min(i + 1, text.length);
}

function skipWhitespace(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
    else return i;
  }
}

/** From an opening quote to just after the closing one. */
function skipString(text: string, i: number): number {
  for (let j = i + 1; ; ) {
    const close = text.indexOf('"', j);
    if (close < 0) return text.length;
    let backslashes = 0;
    for (let k = close - 1; text.charCodeAt(k) === BACKSLASH; k--) backslashes++;
    if (backslashes % 2 === 0) return close + 1;
    j = close + 1;
  }
}

function decodeString(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end - 1);
  return raw.includes('\\') ? (JSON.parse(text.slice(start, end)) as string) : raw;
}

/** Text without quotes or brackets (sticky: matches from `lastIndex`, possibly nothing). */
const PLAIN = /[^"{}[\]]*/y;
/**
 * Text without brackets outside strings, and whole strings (sticky, possibly nothing). Written as runs of
 * plain text between whole strings (the loop unrolled), which the regex engine passes about a third faster
 * than one alternative per character.
 */
const RUN = /[^"{}[\]]*(?:"[^"\\]*(?:\\[^][^"\\]*)*"[^"{}[\]]*)*/y;

/** From `j` to the next bracket outside a string, or to a quote that opens no complete string. */
function skipRun(text: string, j: number): number {
  try {
    RUN.lastIndex = j;
    RUN.test(text);
    return RUN.lastIndex;
  } catch {
    // A run of millions of characters overflows the regex engine's stack: plain text alone then, strings by skipString.
    PLAIN.lastIndex = j;
    PLAIN.test(text);
    return PLAIN.lastIndex;
  }
}

/** From the start of a value to just after it. */
function skipValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === QUOTE) return skipString(text, i);
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    // Plain text and whole strings are passed by one native regex test per run between brackets (no match
    // objects); a quote left over opens a string the regex could not take, passed by skipString.
    let depth = 0;
    let j = i;
    while (j < text.length) {
      j = skipRun(text, j);
      if (j >= text.length) break;
      const d = text.charCodeAt(j);
      if (d === QUOTE) j = skipString(text, j);
      else {
        if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
        else if (--depth === 0) return j + 1;
        j++;
      }
    }
    return text.length;
  }
  let j = i;
  while (j < text.length) {
    const d = text.charCodeAt(j);
    if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) break;
    j++;
  }
  return j;
}

/** Offsets to 1-based line:column, with the line starts found on first use. */
export function lazyLineStarts(text: string): { position(start: number, end: number): Position } {
  let starts: Uint32Array | undefined;
  /** How many entries of `starts` are lines (the rest is room to grow). */
  let lines = 0;
  const at = (offset: number): { line: number; column: number } => {
    if (!starts) {
      // One pass into a typed array that doubles when full (a large file has millions of lines).
      let found: Uint32Array = new Uint32Array(1024);
      let k = 1;
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
        if (k === found.length) {
          const grown = new Uint32Array(k * 2);
          grown.set(found);
          found = grown;
        }
        found[k++] = i + 1;
      }
      starts = found;
      lines = k;
    }
    let lo = 0;
    let hi = lines - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
  return {
    position(start, end) {
      const a = at(start);
      const b = at(Math.max(start, end));
      return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
    },
  };
}
