// The directive scan of inline suppressions against a line-by-line reference.

import fc from 'fast-check';
import { findSuppressions } from '../../src/core/suppressions';

describe('findSuppressions', () => {
  // The reference: every line split out and matched on its own.
  const reference = (file: string, text: string) =>
    text.split(/\r?\n/).flatMap((line, i) => {
      const at = line.indexOf('sanso-disable-next-line');
      const m = at < 0 ? null : /#\s*sanso-disable-next-line\s+([A-Za-z0-9_,\s-]*?)\s*(?:--\s*(.*?))?\s*$/.exec(line);
      if (!m) return [];
      const rules = m[1]!.split(/[\s,]+/).filter(Boolean);
      return [{ location: { file, line: i + 1, column: line.lastIndexOf('#', at) + 1, endLine: i + 1, endColumn: line.length + 1 }, rules, ...(m[2] ? { reason: m[2] } : {}) }];
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
});
