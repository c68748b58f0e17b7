// The YAML fast path against the full parser: whenever it accepts a text, the full parser accepts it too, with
// equal data and the same position for every pointer (and for missing ones). It accepts the block and flow styles
// it exists for, and mutated texts show it never accepts what it cannot read exactly.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify, type ToStringOptions } from 'yaml';
import { parseText, parseYamlText } from '../../src/source/document';
import { jsonValues, pointers, type Json } from '../support/json-pointers';
import { parseFastYaml } from '../../src/source/yaml-fast';


/** Whether the fast path accepts the text; when it does, expects the full parser's data and positions. */
function agrees(text: string): boolean {
  const fast = parseFastYaml('t.yaml', text);
  if (!fast) return false;
  const full = parseYamlText('t.yaml', text);
  expect([text, full.problems]).toEqual([text, []]);
  const data = full.document!.data as Json;
  expect(fast.data).toEqual(data);
  for (const pointer of [...pointers(data), '/missing', '/0/x', '/0/0/0/0']) {
    expect([text, pointer, fast.locate(pointer)]).toEqual([text, pointer, full.document!.locate(pointer)]);
  }
  return true;
}

// ── Values with awkward keys and strings ──────────────────────────────────────────────────────────────────

const awkward = ['a', 'key with space', 'a:b', 'a: b', 'x#y', 'x #y', '-', '-a', '- a', "it's", 'say "hi"', '日本語', '2001:db8::/32', '::/0',
  'fe80::', '10', 'true', 'null', '1e3', '', '~', '.inf', '0x1F', '0o17', '?q', '[x]', '{y}', 'a,b', '&a', '*b', '!t', '|', '>', '%p', '@x', '<<',
  '__proto__', 'constructor', ' lead', 'trail ', 'back\\slash', 'tab\there', 'line\nbreak', '#c', ':x', 'x:', '---'];
const lookalikes = ['10.0.0.0/8', '1.5', '-1', '+1', '0o8', '1_000', '.5', '1.', '-.inf', '.NaN', 'Null', 'TRUE', 'False', 'yes', 'a  b', '-0', '007', '1e', '1e+5'];
const key = fc.oneof(fc.constantFrom(...awkward), fc.string({ maxLength: 5 }), fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/));
const text = fc.oneof(
  fc.constantFrom(...awkward, ...lookalikes),
  fc.string({ maxLength: 8 }),
  fc.string({ unit: 'binary', maxLength: 3 }),
  fc.stringMatching(/^[a-z0-9.:/ -]{1,10}$/),
);
const json: fc.Arbitrary<Json> = jsonValues(key, text, 3);
const member = fc.oneof(
  { arbitrary: fc.oneof(fc.dictionary(key, json, { minKeys: 1, maxKeys: 3 }), fc.array(json, { minLength: 1, maxLength: 3 })), weight: 2 },
  { arbitrary: json, weight: 1 },
);
const root = fc.oneof(fc.dictionary(key, member, { minKeys: 1, maxKeys: 5 }), fc.array(member, { minLength: 1, maxLength: 4 }));

// ── Our own writer, in the styles of hand-written and generated files ───────────────────────────────────

interface Style {
  /** Spaces per level; the root's column. */
  readonly indent: number;
  readonly rootIndent: number;
  /** A sequence under a key indented, or in the key's column. */
  readonly seqIndented: boolean;
  /** "- key: v" and "- - x" on the item's line. */
  readonly compact: boolean;
  /** Levels written in block style before flow style. */
  readonly flowDepth: number;
  /** json: JSON strings; plain: plain where obviously safe, else JSON; single: single-quoted; random: any, even unsafe. */
  readonly quote: 'json' | 'plain' | 'single' | 'random';
  readonly flowSpace: boolean;
  readonly comments: boolean;
  readonly trailingSpaces: boolean;
  readonly crlf: boolean;
}

const style: fc.Arbitrary<Style> = fc.record({
  indent: fc.integer({ min: 1, max: 4 }),
  rootIndent: fc.constantFrom(0, 0, 0, 2),
  seqIndented: fc.boolean(),
  compact: fc.boolean(),
  flowDepth: fc.integer({ min: 0, max: 5 }),
  quote: fc.constantFrom('json' as const, 'plain' as const, 'single' as const, 'random' as const),
  flowSpace: fc.boolean(),
  comments: fc.boolean(),
  trailingSpaces: fc.boolean(),
  crlf: fc.boolean(),
});

/** A small seeded generator, so that one drawn seed decides every optional comment and blank line. */
function random(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const RESERVED = /^(?:null|Null|NULL|true|True|TRUE|false|False|FALSE|__proto__)$/;

function isCollection(value: Json): value is Json[] | { [key: string]: Json } {
  return value !== null && typeof value === 'object' && (Array.isArray(value) ? value.length : Object.keys(value).length) > 0;
}

class Writer {
  readonly lines: string[] = [];
  constructor(
    private readonly style: Style,
    private readonly rnd: () => number,
  ) {}

  scalar(value: Json): string {
    if (value === null) return this.rnd() < 0.5 ? 'null' : '~';
    if (typeof value === 'number') return Object.is(value, -0) ? '-0' : JSON.stringify(value);
    if (typeof value !== 'string') return String(value);
    const quote = this.style.quote === 'random' ? (['plain', 'plain', 'json', 'single'] as const)[Math.floor(this.rnd() * 4)]! : this.style.quote;
    if (quote === 'plain' && (this.style.quote === 'random' || (/^[A-Za-z_][\w./-]*$/.test(value) && !RESERVED.test(value)))) return value;
    if (quote === 'single') return `'${value.replace(/'/g, "''")}'`;
    return JSON.stringify(value);
  }

  flow(value: Json): string {
    if (value === null || typeof value !== 'object') return this.scalar(value);
    const pad = this.style.flowSpace ? ' ' : '';
    const items = Array.isArray(value) ? value.map((v) => this.flow(v)) : Object.entries(value).map(([k, v]) => `${this.scalar(k)}: ${this.flow(v)}`);
    return Array.isArray(value) ? `[${pad}${items.join(', ')}${pad}]` : `{${pad}${items.join(', ')}${pad}}`;
  }

  /** Writes a collection in block style from column `indent`; false when it is written in flow style instead. */
  block(value: Json, indent: number, depth: number): boolean {
    if (!isCollection(value) || depth >= this.style.flowDepth) return false;
    const pad = ' '.repeat(indent);
    const note = () => (this.rnd() < 0.2 ? ' # note' : '');
    const nested = (v: Json) => isCollection(v) && depth + 1 < this.style.flowDepth;
    if (Array.isArray(value)) {
      for (const item of value) {
        if (nested(item) && this.style.compact) {
          const at = this.lines.length;
          this.block(item, indent + 2, depth + 1);
          this.lines[at] = `${pad}- ${this.lines[at]!.slice(indent + 2)}`;
        } else if (nested(item)) {
          this.lines.push(`${pad}-${note()}`);
          this.block(item, indent + this.style.indent, depth + 1);
        } else if (item === null && this.rnd() < 0.4) {
          this.lines.push(`${pad}-${note()}`);
        } else {
          this.lines.push(`${pad}- ${this.flow(item)}`);
        }
      }
    } else {
      for (const [k, v] of Object.entries(value)) {
        const head = `${pad}${this.scalar(k)}:`;
        if (nested(v)) {
          this.lines.push(head + note());
          this.block(v, Array.isArray(v) && !this.style.seqIndented ? indent : indent + this.style.indent, depth + 1);
        } else if (v === null && this.rnd() < 0.4) {
          this.lines.push(head + note());
        } else {
          this.lines.push(`${head} ${this.flow(v)}`);
        }
      }
    }
    return true;
  }
}

/** The value as YAML in the style: block lines with optional comment and blank lines at typical columns. */
function write(value: Json, style: Style, seed: number): string {
  const rnd = random(seed);
  const writer = new Writer(style, rnd);
  if (!writer.block(value, style.rootIndent, 0)) return writer.flow(value) + '\n';
  const column = () => Math.max(0, rnd() < 0.7 ? style.rootIndent + style.indent * Math.floor(rnd() * 4) + Math.floor(rnd() * 3) - 1 : Math.floor(rnd() * 10));
  const out: string[] = [];
  const trivia = (text: string) => {
    for (let n = Math.floor(rnd() * 3); n > 0; n--) out.push(rnd() < 0.3 ? ' '.repeat(Math.floor(rnd() * 3)) : `${' '.repeat(column())}# ${text}`);
  };
  for (const line of writer.lines) {
    if (style.comments && rnd() < 0.3) trivia('comment');
    out.push(line + (style.trailingSpaces && rnd() < 0.3 ? '   ' : '') + (style.comments && rnd() < 0.2 ? ' # end' : ''));
  }
  if (style.comments) trivia('tail');
  const eol = style.crlf ? '\r\n' : '\n';
  return out.join(eol) + (rnd() < 0.8 ? eol : '');
}

const stringifyOptions: fc.Arbitrary<ToStringOptions> = fc.record({
  indent: fc.integer({ min: 1, max: 4 }),
  indentSeq: fc.boolean(),
  lineWidth: fc.constantFrom(0, 20, 80),
  defaultStringType: fc.constantFrom('PLAIN' as const, 'QUOTE_DOUBLE' as const, 'QUOTE_SINGLE' as const),
  collectionStyle: fc.constantFrom('any' as const, 'block' as const, 'flow' as const),
  flowCollectionPadding: fc.boolean(),
});

/** No key the fast path leaves to the full parser on purpose. */
function plainKeys(value: Json): boolean {
  if (Array.isArray(value)) return value.every(plainKeys);
  if (value !== null && typeof value === 'object') return Object.entries(value).every(([k, v]) => k !== '__proto__' && plainKeys(v));
  return true;
}

it('reads every text it accepts as the full parser does, and accepts the styles it is for', () => {
  fc.assert(
    fc.property(root, style, fc.integer(), (value, s, seed) => {
      const text = write(value, s, seed);
      const accepted = agrees(text);
      // JSON strings, and plain ones where obviously safe, in block or flow style: always the fast path.
      if ((s.quote === 'json' || s.quote === 'plain') && plainKeys(value)) expect([text, accepted]).toEqual([text, true]);
    }),
    { numRuns: 500 },
  );
});

it("reads the yaml package's own output as the full parser does", () => {
  let accepted = 0;
  fc.assert(
    fc.property(root, stringifyOptions, (value, options) => {
      if (agrees(stringify(value, options))) accepted++;
    }),
    { numRuns: 200 },
  );
  expect(accepted).toBeGreaterThan(50);
});

// ── Mutations: whatever the fast path accepts after a random edit, the full parser reads the same way ────

const pool = [...": -#'\"[]{},&*!|>?%@`\t\n\r~.", 'a', 'b', '1', '0'];
const charEdit = fc.record({ op: fc.constantFrom('insert', 'delete', 'replace'), at: fc.nat(), char: fc.constantFrom(...pool), count: fc.integer({ min: 1, max: 3 }) });
const lineEdit = fc.record({
  op: fc.constantFrom('indent', 'duplicate', 'delete', 'swap', 'comment', 'blank', 'item', 'key'),
  at: fc.nat(),
  by: fc.integer({ min: -3, max: 3 }),
  column: fc.nat(10),
});

function editChars(text: string, edits: readonly { op: string; at: number; char: string; count: number }[]): string {
  for (const edit of edits) {
    const at = edit.at % (text.length + 1);
    const inserted = edit.char.repeat(edit.count);
    if (edit.op === 'insert') text = text.slice(0, at) + inserted + text.slice(at);
    else if (edit.op === 'delete') text = text.slice(0, at) + text.slice(at + edit.count);
    else text = text.slice(0, at) + inserted + text.slice(at + edit.count);
  }
  return text;
}

function editLines(text: string, edits: readonly { op: string; at: number; by: number; column: number }[]): string {
  const lines = text.split('\n');
  for (const edit of edits) {
    if (lines.length === 0) lines.push('');
    const at = edit.at % lines.length;
    const line = lines[at]!;
    const pad = ' '.repeat(edit.column);
    if (edit.op === 'indent') lines[at] = edit.by >= 0 ? ' '.repeat(edit.by) + line : line.replace(new RegExp(`^ {0,${-edit.by}}`), '');
    else if (edit.op === 'duplicate') lines.splice(at, 0, line);
    else if (edit.op === 'delete') lines.splice(at, 1);
    else if (edit.op === 'swap') [lines[at], lines[(at + 1) % lines.length]] = [lines[(at + 1) % lines.length]!, line];
    else if (edit.op === 'comment') lines.splice(at, 0, `${pad}# edit`);
    else if (edit.op === 'blank') lines.splice(at, 0, pad);
    else if (edit.op === 'item') lines.splice(at, 0, pad + (edit.by > 0 ? '- z' : '-'));
    else lines.splice(at, 0, pad + (edit.by > 0 ? 'zk: 1' : 'zk:'));
  }
  return lines.join('\n');
}

it('never accepts an edited text that the full parser reads differently or rejects', () => {
  let accepted = 0;
  fc.assert(
    fc.property(
      root,
      style,
      fc.integer(),
      fc.array(charEdit, { minLength: 1, maxLength: 3 }),
      fc.array(lineEdit, { minLength: 1, maxLength: 3 }),
      fc.boolean(),
      (value, s, seed, chars, lines, byLine) => {
        const text = write(value, s, seed);
        if (agrees(byLine ? editLines(text, lines) : editChars(text, chars))) accepted++;
      },
    ),
    { numRuns: 1000 },
  );
  // Not vacuous: many edits (in comments, strings, whole lines) leave a text the fast path still reads.
  expect(accepted).toBeGreaterThan(150);
});

// ── Examples ────────────────────────────────────────────────────────────────────────────────────────────

const ROOT = join(__dirname, '..', '..');

function yamlFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return yamlFiles(path);
    return entry.name.endsWith('.yaml') ? [path] : [];
  });
}

const examples = yamlFiles('examples');

it('finds the bundled examples', () => {
  expect(examples.length).toBeGreaterThanOrEqual(12);
});

it.each(examples)('reads %s on the fast path, as the full parser does', (file) => {
  expect(agrees(readFileSync(join(ROOT, file), 'utf8'))).toBe(true);
});

it.each([
  ['IPv6 prefixes as plain scalars', 'zones:\n  a: { networks: [10.0.0.0/8, ::/0, 2001:db8::/32] }\n  b: ::1\n'],
  ['a sequence in its key’s column', 'a:\n- x\n- y: 1\n  z:\nb: 2\n'],
  ['compact maps and sequences in items', '- a: 1\n  b: [x]\n- - p\n  - q\n-\n'],
  ['comment lines the parser counts into a block', 'a:\n  b:\n    - 1\n      # glued to 1\n  # kept by b\n# passed up\nc: 2\n'],
  ['empty values with comments', 'a: # none\n  # more\nb:\n- # none\n  # more\n'],
  ['quoted keys and escapes', '"k: 1": "\\u00e9\\t\\"x\\""\n\'it\'\'s\': \'\'\n"": 0x1F\n'],
  ['scalars of the core schema', 'a: [~, null, True, FALSE, 0o17, -12, 1e3, .5, -.inf, .NaN, 1_000, 2027-03-31, yes]\n'],
  ['CRLF line ends and trailing spaces', 'a: 1   \r\nb:\r\n  - x  # c\r\n'],
])('reads %s on the fast path', (_, text) => {
  expect(agrees(text)).toBe(true);
});

it.each([
  ['an anchor and alias', 'a: &x 1\nb: *x\n'],
  ['a tag', 'a: !!str 1\n'],
  ['a block scalar', 'a: |\n  text\n'],
  ['a multi-line plain scalar', 'a: one\n  two\n'],
  ['a multi-line flow collection', 'a: [1,\n  2]\n'],
  ['a complex key', '? a\n: b\n'],
  ['a repeated key', 'a: 1\nb: 2\na: 3\n'],
  ['a repeated key in a flow map', 'a: {x: 1, "x": 2}\n'],
  ['a non-string key', '1: a\n'],
  ['a merge key', '<<: {a: 1}\n'],
  ['tab indentation', 'a:\n\tb: 1\n'],
  ['several documents', 'a: 1\n---\nb: 2\n'],
  ['a document start marker', '---\na: 1\n'],
  ['a nested mapping on a key’s line', 'a: b: c\n'],
  ['a dash before a flow indicator', 'a: [x, -]\n'],
  ['a colon before a flow indicator', 'a: {b: :}\n'],
  ['nesting deeper than 100 levels', `a: ${'['.repeat(100)}${']'.repeat(100)}\n`],
])('leaves %s to the full parser', (_, text) => {
  expect(parseFastYaml('t.yaml', text)).toBeUndefined();
});

it('leaves a repeated key to the full parser, which reports it with its line', () => {
  const result = parseText('t.yaml', 'sanso: 1\nzones:\n  a: {}\n  a: {}\n');
  expect(result.document).toBeUndefined();
  expect(result.problems[0]).toMatchObject({ messageId: 'syntax', position: { line: 4 } });
});
