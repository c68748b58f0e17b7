// The fast path for YAML in the usual style of hand-written and generated files: block maps and sequences,
// one-line flow collections, one-line plain and quoted scalars. One hand-written pass over the char codes builds
// the data; positions are found lazily by scanning again only the collections a pointer passes through (each
// scanned once, then cached). Anything outside that subset or in doubt (anchors, tags, block scalars, multi-line
// scalars, complex or non-string keys, a repeated key, tabs, several documents…) gives up with undefined, and the
// full parser reports any problem with its position. Ranges are the yaml package's, including where it lets a
// block collection end: after the comment lines it counts in (see `trivia` and `close`).

import type { Position } from '../core/finding';
import type { SourceDocument } from './document';
import { lazyLineStarts } from './json-document';
import { decodePointer } from './pointer';

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const BANG = 0x21;
const DOUBLE_QUOTE = 0x22;
const HASH = 0x23;
const PERCENT = 0x25;
const AMPERSAND = 0x26;
const SINGLE_QUOTE = 0x27;
const ASTERISK = 0x2a;
const PLUS = 0x2b;
const COMMA = 0x2c;
const DASH = 0x2d;
const DOT = 0x2e;
const COLON = 0x3a;
const GREATER = 0x3e;
const QUESTION = 0x3f;
const AT = 0x40;
const OPEN_BRACKET = 0x5b;
const BACKSLASH = 0x5c;
const CLOSE_BRACKET = 0x5d;
const BACKTICK = 0x60;
const OPEN_BRACE = 0x7b;
const PIPE = 0x7c;
const CLOSE_BRACE = 0x7d;
const TILDE = 0x7e;

/** Kinds of node a pointer can pass through. */
const SCALAR = 0;
const BLOCK_MAP = 1;
const BLOCK_SEQ = 2;
const FLOW = 3;

/** Why a plain scalar ended. */
const AT_LINE_END = 0;
const AT_COLON = 1;
const AT_COMMENT = 2;
const AT_FLOW_INDICATOR = 3;

/** Char classes in a plain scalar; those from SPACE_CHAR on also make a ':' before them an indicator. */
const ORDINARY = 0;
const COLON_CHAR = 1;
const OTHER_CHAR = 2;
const SPACE_CHAR = 3;
const FLOW_CHAR = 4;
const BREAK_CHAR = 5;
const BLOCK_ENDS = charClasses(false);
const FLOW_ENDS = charClasses(true);

function charClasses(inFlow: boolean): Uint8Array {
  const classes = new Uint8Array(0x80);
  for (let c = 0; c < SPACE; c++) classes[c] = OTHER_CHAR;
  classes[TAB] = BREAK_CHAR;
  classes[LF] = BREAK_CHAR;
  classes[CR] = BREAK_CHAR;
  classes[SPACE] = SPACE_CHAR;
  classes[COLON] = COLON_CHAR;
  if (inFlow) for (const c of [COMMA, OPEN_BRACKET, CLOSE_BRACKET, OPEN_BRACE, CLOSE_BRACE]) classes[c] = FLOW_CHAR;
  return classes;
}

/** A node's range as the yaml package gives it ([start, end) of its text), and how to scan it again. */
interface Span {
  readonly start: number;
  readonly end: number;
  readonly kind: number;
  /** Column of a block collection's items. */
  readonly indent: number;
}
type ChildIndex = Map<string, Span> | Span[];

/** Thrown (and caught in parseFastYaml) as soon as the text leaves the subset. */
const OUTSIDE = new Error('outside the fast YAML subset');
/** A comment indent that no comment exceeds: comments are not glued to the node before them. */
const NO_GLUE = Number.MAX_SAFE_INTEGER;
/** The yaml package wants an implicit key's ':' at most 1024 chars after the key's start; stay clear of the limit. */
const MAX_KEY_SPAN = 1000;
/** Deeper nesting is left to the full parser (and so no scan, however deep the caller's stack, can overflow it). */
const MAX_DEPTH = 100;
/** Collections this many levels below one being indexed are indexed in the same scan (root → firewalls → fw → rules). */
const INDEX_AHEAD = 3;

/** A document for YAML text in the subset, or undefined: then the full parser must read it. */
export function parseFastYaml(file: string, text: string): SourceDocument | undefined {
  let data: unknown;
  let root: Span;
  try {
    const scanner = new Scanner(text, true);
    data = scanner.document();
    root = scanner.span();
  } catch (error) {
    if (error === OUTSIDE) return undefined;
    throw error;
  }
  const lines = lazyLineStarts(text);
  const index = new Map<number, ChildIndex>();
  const locate = (pointer: string): Position => {
    let span = root;
    for (const segment of decodePointer(pointer)) {
      const child = childSpan(text, span, segment, index);
      if (!child) break;
      span = child;
    }
    return lines.position(span.start, span.end);
  };
  return { file, data, locate };
}

/** The child a segment names, as the full parser's `childOf` finds it: a key, or an integer index. */
function childSpan(text: string, span: Span, segment: string, index: Map<number, ChildIndex>): Span | undefined {
  if (span.kind === SCALAR) return undefined;
  let children = index.get(span.start);
  if (!children) {
    new Scanner(text, false, index).collection(span);
    children = index.get(span.start)!;
  }
  if (Array.isArray(children)) {
    const i = Number(segment);
    return Number.isInteger(i) ? children[i] : undefined;
  }
  return children.get(segment);
}

/**
 * A recursive-descent scanner over the subset. Each node method leaves the node's span in `node*` and what
 * follows it in `next*` (the next content line) and `trivia*` (blank and comment lines before that line).
 * With `build` false it only finds spans; with an `index` it records the children of the collections it passes.
 */
class Scanner {
  private readonly length: number;
  private nodeStart = 0;
  private nodeEnd = 0;
  private nodeKind = SCALAR;
  private nodeIndent = 0;
  /** Where the parent collection counts the node to end (the yaml package's range[2]). */
  private nodeTail = 0;
  /** Indent and offset of the next content line's first char; indent -1 at the end of the text. */
  private nextIndent = -1;
  private nextPos = 0;
  /** End of the comment lines glued to the last inline node, -1 if none. */
  private glueEnd = -1;
  /** Comments after those (not yet claimed by a node), the largest indent among them, and where the trivia ends. */
  private triviaComment = false;
  private triviaIndent = -1;
  private triviaEnd = 0;
  /** Why the last plain scalar ended, and where (the ':' or '#'). */
  private stop = AT_LINE_END;
  private stopAt = 0;
  /** Offset of the ':' after the last key. */
  private keyColon = 0;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly build: boolean,
    private readonly index?: Map<number, ChildIndex>,
  ) {
    this.length = text.length;
  }

  span(): Span {
    return { start: this.nodeStart, end: this.nodeEnd, kind: this.nodeKind, indent: this.nodeIndent };
  }

  document(): unknown {
    this.trivia(0, NO_GLUE);
    const indent = this.nextIndent;
    const start = this.nextPos;
    if (indent < 0) throw OUTSIDE;
    let data: unknown;
    const c = this.text.charCodeAt(start);
    if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      data = this.flow(start);
      this.trivia(this.lineEnd(this.nodeEnd), NO_GLUE);
    } else {
      data = this.isDash(start) ? this.seq(start, indent) : this.map(start, indent);
    }
    if (this.nextIndent >= 0) throw OUTSIDE;
    return data;
  }

  /** Scans a collection again from its span, recording children into the index. */
  collection(span: Span): void {
    if (span.kind === BLOCK_MAP) this.map(span.start, span.indent);
    else if (span.kind === BLOCK_SEQ) this.seq(span.start, span.indent);
    else this.flow(span.start);
  }

  private recorder(): boolean {
    return this.index !== undefined && this.depth <= INDEX_AHEAD;
  }

  /** A block map whose first key is at `start`, in column `indent`. */
  private map(start: number, indent: number): Record<string, unknown> | undefined {
    const object: Record<string, unknown> | undefined = this.build ? {} : undefined;
    const children = this.recorder() ? new Map<string, Span>() : undefined;
    if (++this.depth > MAX_DEPTH) throw OUTSIDE;
    let pos = start;
    let tail: number;
    for (;;) {
      const key = this.key(pos);
      const p = this.keyColon + 1;
      const q = this.skipSpaces(p);
      const c = this.text.charCodeAt(q);
      const value = q >= this.length || c === LF || c === CR || c === HASH ? this.emptyOrNested(p, q, indent, true, false) : this.inline(q, 0, indent, false);
      if (object) {
        if (Object.hasOwn(object, key)) throw OUTSIDE;
        object[key] = value;
      }
      children?.set(key, this.span());
      tail = this.nodeTail;
      if (this.nextIndent !== indent) break;
      if (this.isDash(this.nextPos)) throw OUTSIDE;
      this.triviaComment = false;
      pos = this.nextPos;
    }
    if (this.nextIndent > indent) throw OUTSIDE;
    this.depth--;
    if (children) this.index!.set(start, children);
    this.close(start, indent, BLOCK_MAP, tail);
    return object;
  }

  /** A block sequence whose first '-' is at `start`, in column `indent`. */
  private seq(start: number, indent: number): unknown[] | undefined {
    const list: unknown[] | undefined = this.build ? [] : undefined;
    const children: Span[] | undefined = this.recorder() ? [] : undefined;
    if (++this.depth > MAX_DEPTH) throw OUTSIDE;
    let dash = start;
    // Comments between the previous item and this '-' belong to this item (they count for an empty one).
    let commentBefore = false;
    let tail: number;
    for (;;) {
      const q = this.skipSpaces(dash + 1);
      const c = this.text.charCodeAt(q);
      const value =
        q >= this.length || c === LF || c === CR || c === HASH
          ? this.emptyOrNested(dash + 1, q, indent, false, commentBefore)
          : this.inline(q, indent + q - dash, indent, true);
      list?.push(value);
      children?.push(this.span());
      tail = this.nodeTail;
      if (this.nextIndent !== indent || !this.isDash(this.nextPos)) break;
      commentBefore = this.triviaComment;
      this.triviaComment = false;
      dash = this.nextPos;
    }
    // A key line in the same column ends a sequence that is the value of a key in that column.
    if (this.nextIndent > indent) throw OUTSIDE;
    this.depth--;
    if (children) this.index!.set(start, children);
    this.close(start, indent, BLOCK_SEQ, tail);
    return list;
  }

  /**
   * Ends a block collection at its last item's tail. Comment lines after it that the yaml package keeps in the
   * collection (some as indented as its items, and it is not in column 0) make the collection's own tail.
   */
  private close(start: number, indent: number, kind: number, tail: number): void {
    this.nodeStart = start;
    this.nodeEnd = tail;
    this.nodeKind = kind;
    this.nodeIndent = indent;
    if (this.triviaComment && indent !== 0 && this.triviaIndent >= indent) {
      this.nodeTail = this.triviaEnd;
      this.triviaComment = false;
    } else {
      this.nodeTail = tail;
    }
  }

  /**
   * After a ':' or '-' (ending at p) with nothing more on the line (q: its end or a comment): a block collection
   * on the following lines, or an empty value (null) at q.
   */
  private emptyOrNested(p: number, q: number, indent: number, inMap: boolean, commentBefore: boolean): unknown {
    const comment = this.text.charCodeAt(q) === HASH;
    this.trivia(this.lineEnd(p), NO_GLUE);
    const k = this.nextIndent;
    const next = this.nextPos;
    // A sequence may be the value of a key in the key's own column.
    if (k > indent || (inMap && k === indent && this.isDash(next))) return this.isDash(next) ? this.seq(next, k) : this.map(next, k);
    this.nodeStart = q;
    this.nodeEnd = q;
    this.nodeKind = SCALAR;
    // An empty node ends at the last of the comments (and lines) after its indicator, if there is any comment.
    this.nodeTail = comment || commentBefore || this.triviaComment ? this.triviaEnd : q;
    this.triviaComment = false;
    return null;
  }

  /**
   * A node starting at q on the line of its ':' or '-': a scalar or flow collection and the rest of its line, or
   * (when `compact`, after a '-') a map or sequence starting on this line in column `column`.
   */
  private inline(q: number, column: number, owner: number, compact: boolean): unknown {
    const c = this.text.charCodeAt(q);
    let value: unknown;
    if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      value = this.flow(q);
    } else {
      if (compact && this.isDash(q)) return this.seq(q, column);
      value = this.scalar(q, false);
      if (this.stop === AT_COLON) {
        if (!compact) throw OUTSIDE;
        return this.map(q, column);
      }
    }
    const lineEnd = this.lineEnd(this.nodeEnd);
    // (A more indented line next would continue a plain scalar, or be misplaced: the collection rejects it.)
    this.trivia(lineEnd, owner);
    this.nodeTail = this.glueEnd >= 0 ? this.glueEnd : lineEnd;
    return value;
  }

  /** The key at pos and its ':' (left in keyColon): quoted, or plain and resolving to a string. */
  private key(pos: number): string {
    const text = this.text;
    const c = text.charCodeAt(pos);
    let key: string;
    let colon: number;
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
      key = this.quoted(pos);
      colon = this.skipSpaces(this.nodeEnd);
      if (text.charCodeAt(colon) !== COLON || !isBlankOrEnd(text, colon + 1)) throw OUTSIDE;
    } else {
      if (!plainStart(text, pos, false)) throw OUTSIDE;
      const end = this.plainEnd(pos, false);
      if (this.stop !== AT_COLON) throw OUTSIDE;
      key = text.slice(pos, end);
      if (key === '<<' || typeof plainValue(key) !== 'string') throw OUTSIDE;
      colon = this.stopAt;
    }
    if (colon - pos > MAX_KEY_SPAN || key === '__proto__') throw OUTSIDE;
    this.keyColon = colon;
    return key;
  }

  /** A flow collection on one line, from its '[' or '{'. */
  private flow(open: number): unknown {
    const text = this.text;
    const isMap = text.charCodeAt(open) === OPEN_BRACE;
    const closer = isMap ? CLOSE_BRACE : CLOSE_BRACKET;
    const object: Record<string, unknown> | undefined = this.build && isMap ? {} : undefined;
    const list: unknown[] | undefined = this.build && !isMap ? [] : undefined;
    const record = this.recorder();
    const keys = record && isMap ? new Map<string, Span>() : undefined;
    const items: Span[] | undefined = record && !isMap ? [] : undefined;
    if (++this.depth > MAX_DEPTH) throw OUTSIDE;
    let i = this.skipSpaces(open + 1);
    if (text.charCodeAt(i) !== closer) {
      for (;;) {
        let key = '';
        if (isMap) {
          key = this.flowKey(i);
          i = this.skipSpaces(this.keyColon + 1);
        }
        const c = text.charCodeAt(i);
        const value = c === OPEN_BRACKET || c === OPEN_BRACE ? this.flow(i) : this.scalar(i, true);
        if (object) {
          if (Object.hasOwn(object, key)) throw OUTSIDE;
          object[key] = value;
        }
        list?.push(value);
        keys?.set(key, this.span());
        items?.push(this.span());
        i = this.skipSpaces(this.nodeEnd);
        const d = text.charCodeAt(i);
        if (d === closer) break;
        if (d !== COMMA) throw OUTSIDE;
        i = this.skipSpaces(i + 1);
        // A trailing comma is valid YAML, but left to the full parser.
        if (text.charCodeAt(i) === closer) throw OUTSIDE;
      }
    }
    this.depth--;
    if (keys) this.index!.set(open, keys);
    if (items) this.index!.set(open, items);
    this.nodeStart = open;
    this.nodeEnd = i + 1;
    this.nodeKind = FLOW;
    this.nodeIndent = 0;
    return isMap ? object : list;
  }

  /** A key in a flow map and its ':' (left in keyColon). */
  private flowKey(pos: number): string {
    const text = this.text;
    const c = text.charCodeAt(pos);
    let key: string;
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
      key = this.quoted(pos);
      // After a quoted key the ':' needs no space.
      this.keyColon = this.skipSpaces(this.nodeEnd);
      if (text.charCodeAt(this.keyColon) !== COLON) throw OUTSIDE;
    } else {
      if (!plainStart(text, pos, true)) throw OUTSIDE;
      const end = this.plainEnd(pos, true);
      if (this.stop !== AT_COLON) throw OUTSIDE;
      key = text.slice(pos, end);
      if (key === '<<' || typeof plainValue(key) !== 'string') throw OUTSIDE;
      this.keyColon = this.stopAt;
    }
    if (key === '__proto__') throw OUTSIDE;
    // An empty value ("{a: }", "{a:,}") is valid YAML, but left to the full parser.
    const v = text.charCodeAt(this.skipSpaces(this.keyColon + 1));
    if (v === COMMA || v === CLOSE_BRACE || v === CLOSE_BRACKET) throw OUTSIDE;
    return key;
  }

  /** A scalar on one line; `stop` tells whether it ends at a ':' indicator (a key). */
  private scalar(q: number, inFlow: boolean): unknown {
    const text = this.text;
    const c = text.charCodeAt(q);
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
      const value = this.quoted(q);
      this.stop = AT_LINE_END;
      if (!inFlow) {
        const colon = this.skipSpaces(this.nodeEnd);
        if (text.charCodeAt(colon) === COLON && isBlankOrEnd(text, colon + 1)) this.stop = AT_COLON;
      }
      return value;
    }
    if (!plainStart(text, q, inFlow)) throw OUTSIDE;
    const end = this.plainEnd(q, inFlow);
    this.nodeStart = q;
    this.nodeEnd = end;
    this.nodeKind = SCALAR;
    return this.build ? plainValue(text.slice(q, end)) : undefined;
  }

  /** End of a plain scalar (without trailing spaces) starting at q; `stop` and `stopAt` tell what ended it. */
  private plainEnd(q: number, inFlow: boolean): number {
    const text = this.text;
    const length = this.length;
    // In a flow collection, flow indicators end the scalar and make a ':' before them an indicator.
    const ends = inFlow ? FLOW_ENDS : BLOCK_ENDS;
    let end = q + 1;
    for (let i = q + 1; ; ) {
      const c = text.charCodeAt(i);
      // Past the end, c is NaN: no class, the line's end.
      const kind = c >= 0x80 ? ORDINARY : (ends[c] ?? BREAK_CHAR);
      if (kind === ORDINARY) {
        end = ++i;
      } else if (kind === SPACE_CHAR) {
        if (text.charCodeAt(i + 1) === HASH) {
          this.stop = AT_COMMENT;
          this.stopAt = i + 1;
          return end;
        }
        i++;
      } else if (kind === COLON_CHAR) {
        const n = text.charCodeAt(i + 1);
        if (i + 1 >= length || (n < 0x80 && ends[n]! >= SPACE_CHAR)) {
          this.stop = AT_COLON;
          this.stopAt = i;
          return end;
        }
        end = ++i;
      } else if (kind === FLOW_CHAR) {
        this.stop = AT_FLOW_INDICATOR;
        this.stopAt = i;
        return end;
      } else if (c === LF || c === CR || i >= length) {
        this.stop = AT_LINE_END;
        this.stopAt = i;
        return end;
      } else {
        throw OUTSIDE;
      }
    }
  }

  /** A quoted scalar on one line, opened by the quote at `q`: "…" with backslash escapes, or '…' where '' is a quote. */
  private quoted(q: number): string {
    const text = this.text;
    const quote = text.charCodeAt(q);
    let special = false;
    let i = q + 1;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === quote) {
        if (quote === DOUBLE_QUOTE || text.charCodeAt(i + 1) !== SINGLE_QUOTE) break;
        special = true;
        i += 2;
      } else if (c === BACKSLASH && quote === DOUBLE_QUOTE) {
        if (!(text.charCodeAt(i + 1) >= SPACE)) throw OUTSIDE;
        special = true;
        i += 2;
      } else if (c >= SPACE) {
        i++;
      } else {
        throw OUTSIDE;
      }
    }
    this.nodeStart = q;
    this.nodeEnd = i + 1;
    this.nodeKind = SCALAR;
    const raw = text.slice(q + 1, i);
    if (!special) return raw;
    return quote === DOUBLE_QUOTE ? unescape(text, q + 1, i) : raw.replace(/''/g, "'");
  }

  /** From after a node: spaces, a comment (after a space) and the line break; returns the next line's start. */
  private lineEnd(i: number): number {
    const text = this.text;
    const j = this.skipSpaces(i);
    if (j >= this.length) return this.length;
    const c = text.charCodeAt(j);
    if (c === LF) return j + 1;
    if (c === CR && text.charCodeAt(j + 1) === LF) return j + 2;
    if (c === HASH && j > i) {
      const nl = text.indexOf('\n', j);
      return nl < 0 ? this.length : nl + 1;
    }
    throw OUTSIDE;
  }

  /**
   * Skips blank and comment lines from a line start to the next content line (left in next*). Comment lines more
   * indented than `glue` (with only blank lines between) extend the node before them, as in the yaml package;
   * the rest is trivia that an empty node or an enclosing collection may claim.
   */
  private trivia(from: number, glue: number): void {
    const text = this.text;
    const length = this.length;
    let glueEnd = -1;
    let gluing = true;
    let comment = false;
    let commentIndent = -1;
    let i = from;
    for (;;) {
      let j = i;
      while (text.charCodeAt(j) === SPACE) j++;
      if (j >= length) {
        this.nextIndent = -1;
        this.nextPos = length;
        this.triviaEnd = length;
        break;
      }
      const c = text.charCodeAt(j);
      if (c === LF) {
        i = j + 1;
      } else if (c === CR) {
        if (text.charCodeAt(j + 1) !== LF) throw OUTSIDE;
        i = j + 2;
      } else if (c === HASH) {
        const nl = text.indexOf('\n', j);
        const end = nl < 0 ? length : nl + 1;
        if (gluing && j - i > glue) {
          glueEnd = end;
        } else {
          gluing = false;
          comment = true;
          if (j - i > commentIndent) commentIndent = j - i;
        }
        i = end;
      } else {
        // Tabs as indentation, and document markers, are for the full parser.
        if (c === TAB || (j === i && (c === DASH || c === DOT) && isDocumentMarker(text, j))) throw OUTSIDE;
        this.nextIndent = j - i;
        this.nextPos = j;
        this.triviaEnd = j > i ? j : i;
        break;
      }
    }
    this.glueEnd = glueEnd;
    this.triviaComment = comment;
    this.triviaIndent = commentIndent;
  }

  /** A '-' indicator: followed by a space or the line's end. */
  private isDash(p: number): boolean {
    return this.text.charCodeAt(p) === DASH && isBlankOrEnd(this.text, p + 1);
  }

  private skipSpaces(i: number): number {
    while (this.text.charCodeAt(i) === SPACE) i++;
    return i;
  }
}

/** A space, line break or the end of the text (a tab is left to the full parser). */
function isBlankOrEnd(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c === SPACE || c === LF || c === CR || i >= text.length;
}

function isFlowIndicator(c: number): boolean {
  return c === COMMA || c === OPEN_BRACKET || c === CLOSE_BRACKET || c === OPEN_BRACE || c === CLOSE_BRACE;
}

function isDocumentMarker(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (text.charCodeAt(i + 1) !== c || text.charCodeAt(i + 2) !== c) return false;
  const n = text.charCodeAt(i + 3);
  return n === SPACE || n === TAB || n === LF || n === CR || i + 3 >= text.length;
}

/** Whether a plain scalar may start at q; indicators (and '?', to be safe) start something else. */
function plainStart(text: string, q: number, inFlow: boolean): boolean {
  const c = text.charCodeAt(q);
  switch (c) {
    case HASH:
    case COMMA:
    case OPEN_BRACKET:
    case CLOSE_BRACKET:
    case OPEN_BRACE:
    case CLOSE_BRACE:
    case AMPERSAND:
    case ASTERISK:
    case BANG:
    case PIPE:
    case GREATER:
    case SINGLE_QUOTE:
    case DOUBLE_QUOTE:
    case PERCENT:
    case AT:
    case BACKTICK:
    case QUESTION:
      return false;
    case DASH:
    case COLON: {
      const n = text.charCodeAt(q + 1);
      return n > SPACE && !(inFlow && isFlowIndicator(n));
    }
    default:
      return c > SPACE;
  }
}

/** What the yaml package's core schema (YAML 1.2) makes of a plain scalar: null, a boolean, a number or the string. */
function plainValue(s: string): unknown {
  switch (s.charCodeAt(0)) {
    case TILDE:
      return s.length === 1 ? null : s;
    case 0x6e: // n
    case 0x4e: // N
      return s === 'null' || s === 'Null' || s === 'NULL' ? null : s;
    case 0x74: // t
    case 0x54: // T
      return s === 'true' || s === 'True' || s === 'TRUE' ? true : s;
    case 0x66: // f
    case 0x46: // F
      return s === 'false' || s === 'False' || s === 'FALSE' ? false : s;
    case DOT:
    case PLUS:
    case DASH:
      return numeric(s);
    default: {
      const c = s.charCodeAt(0);
      return c >= 0x30 && c <= 0x39 ? numeric(s) : s;
    }
  }
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** The core schema's int (0o, decimal, 0x) and float (.inf, .nan, exponents) forms, else the string. */
function numeric(s: string): unknown {
  const n = s.length;
  let c = s.charCodeAt(0);
  if (c === 0x30 && n > 2) {
    const prefix = s.charCodeAt(1);
    if (prefix === 0x6f /* o */) return allDigits(s, 2, 8) ? parseInt(s.substring(2), 8) : s;
    if (prefix === 0x78 /* x */) return allDigits(s, 2, 16) ? parseInt(s.substring(2), 16) : s;
  }
  let i = 0;
  if (c === PLUS || c === DASH) c = s.charCodeAt(++i);
  if (c === DOT) {
    const rest = i === 0 ? s : s.substring(i);
    if (rest === '.inf' || rest === '.Inf' || rest === '.INF') return s.charCodeAt(0) === DASH ? -Infinity : Infinity;
    if (i === 0 && (rest === '.nan' || rest === '.NaN' || rest === '.NAN')) return NaN;
  }
  const intStart = i;
  while (isDigit(s.charCodeAt(i))) i++;
  const intDigits = i - intStart;
  if (i === n) return intDigits > 0 ? parseInt(s, 10) : s;
  let fractionDigits = 0;
  let dot = false;
  if (s.charCodeAt(i) === DOT) {
    dot = true;
    const fractionStart = ++i;
    while (isDigit(s.charCodeAt(i))) i++;
    fractionDigits = i - fractionStart;
  }
  if (intDigits === 0 && fractionDigits === 0) return s;
  if (i === n) return dot ? parseFloat(s) : s;
  const e = s.charCodeAt(i);
  if (e !== 0x65 && e !== 0x45) return s;
  const sign = s.charCodeAt(++i);
  if (sign === PLUS || sign === DASH) i++;
  const exponentStart = i;
  while (isDigit(s.charCodeAt(i))) i++;
  return i === n && i > exponentStart ? parseFloat(s) : s;
}

function allDigits(s: string, from: number, radix: 8 | 16): boolean {
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ok = radix === 8 ? c >= 0x30 && c <= 0x37 : isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
    if (!ok) return false;
  }
  return true;
}

const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
};

/** The body of a double-quoted scalar (from..to, no line breaks) with its escapes decoded, as the yaml package does. */
function unescape(text: string, from: number, to: number): string {
  let out = '';
  let run = from;
  for (let i = from; i < to; i++) {
    if (text.charCodeAt(i) !== BACKSLASH) continue;
    out += text.slice(run, i);
    const next = text[i + 1]!;
    const simple = ESCAPES[next];
    if (simple !== undefined) {
      out += simple;
      i += 1;
    } else {
      const digits = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
      if (digits === 0 || i + 2 + digits > to || !allDigits(text.slice(i + 2, i + 2 + digits), 0, 16)) throw OUTSIDE;
      const code = parseInt(text.slice(i + 2, i + 2 + digits), 16);
      if (code > 0x10ffff) throw OUTSIDE;
      out += String.fromCodePoint(code);
      i += 1 + digits;
    }
    run = i + 1;
  }
  return out + text.slice(run, to);
}
