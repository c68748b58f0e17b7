// Which zone owns an address: the zone whose declared block containing it is the smallest; blocks of the
// same size in two zones both claim what they share. Checked address by address against a direct reading.

import fc from 'fast-check';
import { ownByLongestPrefix } from '../../src/model/build';
import type { Family } from '../../src/net/ip';

type Block = { family: Family; lo: bigint; hi: bigint };

const block = fc.tuple(fc.nat(63), fc.nat(63), fc.constantFrom<Family>(4, 4, 6)).map(([a, b, family]): Block => ({ family, lo: BigInt(Math.min(a, b)), hi: BigInt(Math.max(a, b)) }));
const networks = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), fc.array(block, { minLength: 1, maxLength: 3 }), { minKeys: 1 });

it('gives each address to the zones whose smallest block holds it', () => {
  fc.assert(
    fc.property(networks, (byZone) => {
      const owned = ownByLongestPrefix(new Map(Object.entries(byZone)));
      for (const family of [4, 6] as const) {
        for (let x = 0n; x <= 64n; x++) {
          const holding = Object.entries(byZone).flatMap(([zone, blocks]) => blocks.filter((b) => b.family === family && b.lo <= x && x <= b.hi).map((b) => ({ zone, size: b.hi - b.lo })));
          const smallest = holding.reduce((m, h) => (h.size < m ? h.size : m), 1n << 64n);
          const expected = [...new Set(holding.filter((h) => h.size === smallest).map((h) => h.zone))].sort();
          const actual = [...owned].filter(([, set]) => set.contains(family, x)).map(([zone]) => zone).sort();
          expect([family, x, actual]).toEqual([family, x, expected]);
        }
      }
    }),
    { numRuns: 300 },
  );
});
