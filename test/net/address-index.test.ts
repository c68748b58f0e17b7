/** The address indexes: every item that truly overlaps a query is a candidate, in the order items were added. */
import fc from 'fast-check';
import { AddressIndex, AddressPairIndex } from '../../src/net/address-index';
import { IntervalSet } from '../../src/net/interval-set';
import { IpSet } from '../../src/net/ip-set';

// Addresses near a few bases, so that sets share blocks at every level: IPv4, small IPv6 values and IPv6
// values far above 2^53, where block numbers are rounded.
const base = fc.constantFrom<[4 | 6, bigint]>([4, 0x0a000000n], [4, 0xc0a80000n], [6, 0n], [6, 0x20010db8n << 96n], [6, (0x20010db8n << 96n) + (1n << 64n)]);
const width = fc.constantFrom(0n, 1n, 255n, 256n, 65535n, 1n << 20n, 1n << 70n);
const arbSet = fc
  .array(fc.tuple(base, fc.bigInt({ min: 0n, max: 1n << 18n }), width), { minLength: 1, maxLength: 3 })
  .map((pieces) => {
    const v4 = pieces.filter(([[f]]) => f === 4).map(([[, b], at, w]): [bigint, bigint] => [b + at, b + at + (w > 1n << 20n ? 1n << 20n : w)]);
    const v6 = pieces.filter(([[f]]) => f === 6).map(([[, b], at, w]): [bigint, bigint] => [b + at, b + at + w]);
    return IpSet.from(IntervalSet.fromIntervals(v4), IntervalSet.fromIntervals(v6));
  });

describe('AddressIndex', () => {
  it('finds every overlapping item, in order', () => {
    fc.assert(
      fc.property(fc.array(arbSet, { maxLength: 25 }), arbSet, (items, query) => {
        const index = new AddressIndex<number>();
        items.forEach((set, i) => index.add(i, set));
        const found = index.candidates(query);
        expect(found).toEqual([...found].sort((a, b) => a - b));
        for (const [i, set] of items.entries()) if (set.overlaps(query)) expect(found).toContain(i);
      }),
      { numRuns: 300 },
    );
  });
});

describe('AddressPairIndex', () => {
  it('finds every item overlapping both sets within one family, in order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(arbSet, arbSet), { maxLength: 25 }), arbSet, arbSet, (items, first, second) => {
        const index = new AddressPairIndex<number>();
        items.forEach(([a, b], i) => index.add(i, a, b));
        const found = index.candidates(first, second);
        expect(found).toEqual([...found].sort((a, b) => a - b));
        // A packet's source and destination are of one family: an item matches when both sets meet in one.
        const meets = (a: IpSet, b: IpSet): boolean => ([4, 6] as const).some((f) => a.family(f).overlaps(first.family(f)) && b.family(f).overlaps(second.family(f)));
        for (const [i, [a, b]] of items.entries()) if (meets(a, b)) expect(found).toContain(i);
      }),
      { numRuns: 300 },
    );
  });
});
