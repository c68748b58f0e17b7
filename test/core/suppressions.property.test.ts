// The directive scan of inline suppressions against a line-by-line reference.

import fc from 'fast-check';
import { findSuppressions } from '../../src/core/suppressions';

describe('findSuppressions', () => {
  // The reference: every line split out and matched on its own; only a line whose first non-blank character
  // is the `#` is a comment.
  const reference = (file: string, text: string) =>
    text.split(/\r?\n/).flatMap((line, i) => {
      const hash = line.search(/\S/);
      if (hash < 0 || line[hash] !== '#') return [];
      const m = /^#\s*sanso-disable-next-line\s+([A-Za-z0-9_,\s-]*?)\s*(?:--\s*(.*?))?\s*$/.exec(line.slice(hash));
      if (!m) return [];
      const rules = m[1]!.split(/[\s,]+/).filter(Boolean);
      return [{ location: { file, line: i + 1, column: hash + 1, endLine: i + 1, endColumn: line.length + 1 }, rules, ...(m[2] ? { reason: m[2] } : {}) }];
    });

  it('finds the directives a line-by-line scan finds, at the same places', () => {
    const piece = fc.constantFrom('  ', 'a: 1', '# ', '#', '# sanso-disable-next-line ', '#sanso-disable-next-line rule-redundant', 'sanso-disable-next-line', 'rule-shadowed', ', tier-crossing', ' -- ', '理由', '- x', '\r');
    const line = fc.array(piece, { maxLength: 6 }).map((p) => p.join(''));
    const newline = fc.constantFrom('\n', '\r\n');
    fc.assert(
      fc.property(fc.array(fc.tuple(line, newline), { maxLength: 12 }), (lines) => {
        const text = lines.map(([l, nl]) => l + nl).join('');
        expect(findSuppressions('f.yaml', text)).toEqual(reference('f.yaml', text));
      }),
      { numRuns: 500 },
    );
  });

  it('takes no directive written inside a value: a JSON string, a quoted YAML scalar, text after a value', () => {
    const texts = [
      '{\n  "description": "# sanso-disable-next-line mynumber-isolation -- looks like a comment",\n  "zones": {}\n}\n',
      'description: "# sanso-disable-next-line mynumber-isolation -- inside a string"\nzones: {}\n',
      "note: '# sanso-disable-next-line tier-crossing -- single quotes'\n",
      'zones: {} # sanso-disable-next-line tier-crossing -- after a value\n',
    ];
    for (const text of texts) expect([text, findSuppressions('f', text)]).toEqual([text, []]);
    expect(findSuppressions('f.yaml', '  # sanso-disable-next-line tier-crossing -- a comment line\n  - rule\n')).toMatchObject([{ location: { line: 1, column: 3 }, rules: ['tier-crossing'] }]);
  });
});
