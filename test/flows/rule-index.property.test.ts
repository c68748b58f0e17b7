// The rule index against a plain scan: for any rules and any query, the candidates are exactly the enabled
// rules that can match a packet of the query — source and destination overlapping the query's in one address
// family — in rule order: narrow, wide, IPv4 and IPv6 alike.

import fc from 'fast-check';
import { indexRules } from '../../src/flows/rule-index';
import type { FirewallRule } from '../../src/model/types';
import { IpSet } from '../../src/net/ip-set';
import { ServicePorts } from '../../src/net/service';
import { PacketSpace } from '../../src/net/packet-space';

// Addresses spread over a few /16s (and their IPv6 counterparts) so that buckets and wide entries both occur.
const V4_BASE = 0x0a000000n;
const V6_BASE = 0x20010db8n << 96n;
const block = fc.record({
  family: fc.constantFrom(4 as const, 6 as const),
  start: fc.bigInt({ min: 0n, max: 6n << 16n }),
  size: fc.oneof(fc.constant(1n), fc.bigInt({ min: 1n, max: 1n << 12n }), fc.bigInt({ min: 1n, max: 1n << 24n })),
});
const addressSet = fc.oneof(
  { weight: 1, arbitrary: fc.constant(IpSet.ANY) },
  {
    weight: 6,
    arbitrary: fc.array(block, { minLength: 1, maxLength: 3 }).map((blocks) =>
      blocks.reduce((set, b) => {
        const base = b.family === 4 ? V4_BASE : V6_BASE;
        const scale = b.family === 4 ? 1n : 1n << 64n;
        return set.union(IpSet.of(b.family, base + b.start * scale, base + (b.start + b.size) * scale - 1n));
      }, IpSet.EMPTY),
    ),
  },
);

const rules = fc.array(fc.record({ from: addressSet, to: addressSet, enabled: fc.boolean() }), { maxLength: 30 }).map((specs) =>
  specs.map(
    (r, index): FirewallRule => ({
      firewall: 'fw',
      index,
      from: { set: r.from, any: r.from.equals(IpSet.ANY), pinned: false, terms: [] },
      to: { set: r.to, any: r.to.equals(IpSet.ANY), pinned: false, terms: [] },
      services: { ports: ServicePorts.ANY, any: true, pinned: false, terms: [] },
      action: 'allow',
      enabled: r.enabled || index % 5 !== 0,
      log: false,
      space: PacketSpace.fromRule(r.from, r.to, ServicePorts.ANY),
      origin: { file: 't', pointer: '' },
    }),
  ),
);

const matches = (r: FirewallRule, srcs: IpSet, dsts: IpSet): boolean =>
  r.enabled && ([4, 6] as const).some((f) => r.from.set.family(f).overlaps(srcs.family(f)) && r.to.set.family(f).overlaps(dsts.family(f)));

it('finds exactly the enabled rules overlapping the query, in order', () => {
  fc.assert(
    fc.property(rules, addressSet, addressSet, (list, srcs, dsts) => {
      const index = indexRules(list);
      const expected = list.filter((r) => matches(r, srcs, dsts));
      expect(index.candidates(srcs, dsts).map((r) => r.index)).toEqual(expected.map((r) => r.index));
      // A second query on the same index is independent of the first.
      expect(index.candidates(dsts, srcs).map((r) => r.index)).toEqual(
        list.filter((r) => matches(r, dsts, srcs)).map((r) => r.index),
      );
    }),
    { numRuns: 500 },
  );
});

