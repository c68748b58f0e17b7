// The JSON fast path against the full YAML parser: same positions for every pointer into any JSON object,
// however it is indented, and a duplicate key is found exactly when an object repeats one.

import fc from 'fast-check';
import { parseText, parseYamlText } from '../../src/source/document';
import { jsonValues, pointers, type Json } from '../support/json-pointers';
import { parseJsonDocument } from '../../src/source/json-document';


const key = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('a/b', 'c~d', 'é', '"q"', 'back\\slash', '日本'));
const json: fc.Arbitrary<Json> = jsonValues(key, fc.string({ maxLength: 8 }), 4);
const root = fc.dictionary(key, json, { maxKeys: 5 });
const indent = fc.constantFrom(undefined, 0, 1, 2, '\t');

it('locates every pointer where the YAML parser does', () => {
  fc.assert(
    fc.property(root, indent, (value, space) => {
      const text = JSON.stringify(value, null, space);
      const fast = parseJsonDocument('t.json', text)!;
      const full = parseYamlText('t.json', text).document!;
      expect(fast).toBeDefined();
      expect(fast.data).toEqual(full.data);
      for (const pointer of [...pointers(value as Json), '/missing', '/0/x']) expect([pointer, fast.locate(pointer)]).toEqual([pointer, full.locate(pointer)]);
    }),
    { numRuns: 300 },
  );
});

it('locates every pointer of a large document, in any order, where the YAML parser does', () => {
  // Objects with many keys (found by a map), containers larger than what is kept when indexed ahead, and
  // small ones inside them that are indexed again when asked for, before or after their neighbours.
  const wide = fc.dictionary(key, fc.array(json, { maxLength: 12 }), { minKeys: 16, maxKeys: 40 });
  fc.assert(
    fc.property(fc.array(wide, { minLength: 1, maxLength: 4 }), indent, fc.nat(), (value, space, seed) => {
      const text = JSON.stringify({ big: value, tail: value.length }, null, space);
      const fast = parseJsonDocument('t.json', text)!;
      const full = parseYamlText('t.json', text).document!;
      expect(fast).toBeDefined();
      const all = [...pointers({ big: value, tail: value.length } as Json), '/big/9/missing'];
      // A shuffled order: deep pointers may come before the containers around them, and the other way round.
      const order = all.map((pointer, k) => ({ pointer, rank: (k * 2654435761 + seed) % 4294967296 })).sort((a, b) => a.rank - b.rank);
      for (const { pointer } of order) expect([pointer, fast.locate(pointer)]).toEqual([pointer, full.locate(pointer)]);
    }),
    { numRuns: 40 },
  );
});

it('finds a repeated key exactly when an object repeats one', () => {
  const entries = fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c', 'a\\u0062', 'k:v', 'k\\u003av'), fc.constantFrom('1', '"x"', '"x: y"', '"t\\u003A"', '["::1", "a:b"]', '"s\\": 1, \\"a\\": 2"', '{"a":1,"b":2}', '["a","a"]', '{"c":{"c":3}}')), { maxLength: 4 });
  fc.assert(
    fc.property(entries, entries, (outer, inner) => {
      const object = (es: [string, string][]) => `{${es.map(([k, v]) => `"${k}": ${v}`).join(', ')}}`;
      const text = object([...outer, ['nested', object(inner)]]);
      const decoded = (es: [string, string][]) => es.map(([k]) => JSON.parse(`"${k}"`) as string);
      const repeats = (ks: string[]) => new Set(ks).size !== ks.length;
      // The values used never repeat a key inside themselves.
      const expected = repeats([...decoded(outer), 'nested']) || repeats(decoded(inner));
      expect(parseJsonDocument('t.json', text) === undefined).toBe(expected);
    }),
    { numRuns: 300 },
  );
});

it('leaves JSON with a repeated key or a syntax error to the YAML parser, which reports it with a position', () => {
  const repeated = parseText('t.json', '{\n  "sanso": 1,\n  "sanso": 1\n}\n');
  expect(repeated.document).toBeUndefined();
  expect(repeated.problems[0]).toMatchObject({ messageId: 'syntax', position: { line: 3 } });
  const broken = parseText('t.json', '{\n  "sanso": 1\n  "zones": {}\n}\n');
  expect(broken.document).toBeUndefined();
  expect(broken.problems.length).toBeGreaterThan(0);
});

it('passes strings and runs of spaces too long for the regex engine, and still places what follows', () => {
  // Ten million characters overflow the stack of a regex test: the scan then falls back to plain steps. The
  // long parts lie deeper than the first scan indexes, so they are skipped as a whole.
  const long = 'x'.repeat(10_000_000);
  const deep = `{ "w": ["${long}",${' '.repeat(10_000_000)}{ "k": 1 }] }`;
  const text = `{\n  "x": { "y": { "z": ${deep} } },\n  "tail": 1\n}\n`;
  const doc = parseJsonDocument('t.json', text)!;
  expect(doc.locate('/tail')).toMatchObject({ line: 3, column: 11 });
  expect(doc.locate('/x/y/z/w/1/k')).toMatchObject({ line: 2, column: text.split('\n')[1]!.indexOf('1 }]') + 1 });
});
