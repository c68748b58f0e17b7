// Short finding ids against a brute-force reference: the fewest leading digits (8 at least) that no other key
// starts with, `.n` for repeated keys; and an id typed in full or as a unique prefix finds its finding.

import fc from 'fast-check';
import { findingsById, SHORT_ID_LENGTH, shortIds } from '../../src/core/baseline';
import type { Finding } from '../../src/core/finding';

/** The reference: try every length from 8 up. */
function reference(keys: readonly string[]): string[] {
  const distinct = [...new Set(keys)];
  const count = (k: string): number => keys.filter((x) => x === k).length;
  const seen = new Map<string, number>();
  return keys.map((key) => {
    let length = SHORT_ID_LENGTH;
    while (length < key.length && distinct.some((other) => other !== key && other.startsWith(key.slice(0, length)))) length++;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return count(key) > 1 ? `${key.slice(0, length)}.${n}` : key.slice(0, length);
  });
}

// Keys over a two-letter alphabet share long prefixes, so the lengthening is exercised; repeats are drawn too.
const keyArb = fc.array(fc.constantFrom('a', 'b'), { minLength: 32, maxLength: 32 }).map((cs) => cs.join(''));
const keysArb = fc.array(keyArb, { minLength: 1, maxLength: 12 }).chain((keys) =>
  fc.array(fc.nat(keys.length - 1), { maxLength: 4 }).map((again) => [...keys, ...again.map((i) => keys[i]!)]),
);

const finding = (id: string): Finding => ({ id, ruleId: 'r', severity: 'error', messageId: 'm', message: '', data: {}, related: [] });

describe('shortIds', () => {
  it('agrees with the brute-force reference', () => {
    fc.assert(fc.property(keysArb, (keys) => expect(shortIds(keys)).toEqual(reference(keys))), { numRuns: 300 });
  });

  it('gives distinct ids, each a prefix of its key (before any .n)', () => {
    fc.assert(
      fc.property(keysArb, (keys) => {
        const ids = shortIds(keys);
        expect(new Set(ids).size).toBe(ids.length);
        ids.forEach((id, i) => expect(keys[i]!.startsWith(id.replace(/\.\d+$/, ''))).toBe(true));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps 8 digits when the keys differ early', () => {
    expect(shortIds(['0123456789abcdef', 'fedcba9876543210'])).toEqual(['01234567', 'fedcba98']);
    expect(shortIds(['0123456789abcdef', '0123456799abcdef'])).toEqual(['012345678', '012345679']);
    expect(shortIds(['00112233aa', '00112233aa', '99'])).toEqual(['00112233.1', '00112233.2', '99']);
  });
});

describe('findingsById', () => {
  it('finds a finding by its whole id or by a prefix only it has; a shared prefix finds them all', () => {
    fc.assert(
      fc.property(keysArb, fc.nat(), (keys, pick) => {
        const findings = shortIds(keys).map(finding);
        const target = findings[pick % findings.length]!;
        expect(findingsById(findings, target.id.toUpperCase())).toEqual([target]);
        const prefix = target.id.slice(0, 4);
        expect(findingsById(findings, prefix)).toEqual(findings.filter((f) => f.id.startsWith(prefix)));
      }),
      { numRuns: 200 },
    );
  });
});
