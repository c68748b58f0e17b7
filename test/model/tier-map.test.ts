// The tier map: which addresses each tier and outside network owns, and which parts of a set of packets
// cross a boundary of the body (never between two outside networks).

import fc from 'fast-check';
import { buildModel } from '../../src/model/build';
import { buildTierMap, isInterTier } from '../../src/model/tier-map';
import { ADDRESS_MAX, parseAddressTerm } from '../../src/net/ip';
import { IpSet } from '../../src/net/ip-set';
import { PacketSpace } from '../../src/net/packet-space';
import { ServicePorts } from '../../src/net/service';
import { parseText } from '../../src/source/document';

const MODEL = `
sanso: 1
zones:
  mn: { tier: mynumber, networks: [10.1.0.0/16] }
  lg: { tier: lgwan, networks: [10.2.0.0/16, "2001:db8:2::/48"] }
  lg-sub: { tier: lgwan, networks: [10.2.5.0/24] }
  inet: { tier: internet, networks: [10.3.0.0/16] }
  cloud: { external: security-cloud, networks: [203.0.113.0/24] }
  world: { external: internet, networks: [0.0.0.0/0, "::/0"] }
addresses:
  lg-pcs: [10.2.1.0/24]
  unused-a: [lg-pcs]
services:
  web: [http, https]
  old: [web]
hosts:
  h: { zone: lg, addresses: [10.2.1.10], services: [web] }
firewalls:
  fw:
    interfaces: { a: [lg], b: [inet] }
    rules:
      - { from: [lg-pcs], to: [inet], services: [https], action: allow }
`;

const model = () => {
  const { document } = parseText('m.yaml', MODEL);
  const built = buildModel([document!], '2026-11-28');
  expect(built.diagnostics).toEqual([]);
  return built.model;
};
const ip = (s: string): IpSet => {
  const parsed = parseAddressTerm(s);
  if ('error' in parsed) throw new Error(parsed.error);
  return IpSet.of(parsed.family, parsed.lo, parsed.hi);
};

it('gives each category the addresses its zones own, tiers first', () => {
  const tiers = buildTierMap(model());
  expect(tiers.categories).toEqual(['mynumber', 'lgwan', 'internet', 'ext:internet', 'ext:security-cloud']);
  expect(tiers.addressesOf('lgwan').covers(ip('10.2.5.0/24'))).toBe(true);
  expect(tiers.addressesOf('lgwan').covers(ip('2001:db8:2::/48'))).toBe(true);
  expect(tiers.addressesOf('ext:internet').overlaps(ip('10.0.0.0/8'))).toBe(true);
  expect(tiers.addressesOf('ext:internet').overlaps(ip('10.2.0.0/16'))).toBe(false);
  expect(tiers.outside.overlaps(ip('10.1.0.0/16'))).toBe(false);
  expect(tiers.categoriesOf(ip('10.2.0.0-10.3.0.5'))).toEqual(['lgwan', 'internet']);
});

it('splits a space into its crossings and leaves out traffic within a category or between outside networks', () => {
  const tiers = buildTierMap(model());
  const space = PacketSpace.fromRule(IpSet.ANY, IpSet.ANY, ServicePorts.ANY);
  const crossings = tiers.crossings(space);
  const pairs = crossings.map((c) => `${c.from}>${c.to}`);
  expect(pairs).toContain('mynumber>lgwan');
  expect(pairs).toContain('internet>ext:internet');
  expect(pairs).not.toContain('ext:internet>ext:security-cloud');
  expect(pairs.filter((p) => p.split('>')[0] === p.split('>')[1])).toEqual([]);
  const mnToLg = crossings.find((c) => c.from === 'mynumber' && c.to === 'lgwan')!;
  expect(mnToLg.space.srcs().equals(tiers.addressesOf('mynumber'))).toBe(true);
  // Families never mix: an IPv4 source reaches only the IPv4 part of the LGWAN tier.
  expect(mnToLg.space.dsts().equals(tiers.addressesOf('lgwan').intersect(ip('0.0.0.0/0')))).toBe(true);
  // The crossings are disjoint and together with the rest make up the space.
  const union = crossings.reduce((s, c) => s.union(c.space), PacketSpace.EMPTY);
  expect(union.size()).toBe(crossings.reduce((n, c) => n + c.space.size(), 0n));
  expect(tiers.crossings(PacketSpace.fromRule(ip('10.2.1.0/24'), ip('10.2.5.0/24'), ServicePorts.ANY))).toEqual([]);
});

it('never says a pair of address sets cannot cross when some packet between them crosses', () => {
  const tiers = buildTierMap(model());
  const sets = ['10.1.0.0/16', '10.2.1.0/24', '10.2.0.0-10.3.0.5', '10.3.0.0/16', '203.0.113.0/24', '8.8.8.0/24', '2001:db8:2::/64', '::/0'].map(ip);
  for (const srcs of sets) {
    for (const dsts of sets) {
      const crosses = tiers.crossings(PacketSpace.fromRule(srcs, dsts, ServicePorts.ANY)).length > 0;
      if (crosses) expect([srcs.toString(), dsts.toString(), tiers.mayCross(srcs, dsts)]).toEqual([srcs.toString(), dsts.toString(), true]);
    }
  }
  expect(tiers.mayCross(ip('10.2.1.0/24'), ip('10.3.0.0/16'))).toBe(true);
  expect(tiers.mayCross(ip('203.0.113.0/24'), ip('8.8.8.0/24'))).toBe(false);
  expect(tiers.mayCross(ip('10.2.1.0/24'), ip('10.2.0.0/16'))).toBe(false);
});

it('finds the categories a set touches exactly, as the overlaps with each category say', () => {
  const tiers = buildTierMap(model());
  // Boundaries of the zones and their neighbours, so that sets start and end on either side of them.
  const near = (base: bigint, max: bigint) => fc.integer({ min: -2, max: 2 }).map((d) => (base + BigInt(d) < 0n ? 0n : base + BigInt(d) > max ? max : base + BigInt(d)));
  const v4Points = ['10.1.0.0', '10.2.0.0', '10.2.5.0', '10.2.5.255', '10.3.255.255', '203.0.113.0', '203.0.113.255', '0.0.0.0', '255.255.255.255'].map((a) => ip(a).v4.min()!);
  const v6Points = ['2001:db8:2::', '2001:db8:2:ffff:ffff:ffff:ffff:ffff', '::'].map((a) => ip(a).v6.min()!);
  const interval = (points: bigint[], max: bigint) =>
    fc.tuple(fc.constantFrom(...points).chain((p) => near(p, max)), fc.constantFrom(...points).chain((p) => near(p, max))).map(([a, b]): [bigint, bigint] => (a <= b ? [a, b] : [b, a]));
  const set = fc
    .tuple(fc.array(interval(v4Points, ADDRESS_MAX[4]), { maxLength: 3 }), fc.array(interval(v6Points, ADDRESS_MAX[6]), { maxLength: 2 }))
    .map(([v4, v6]) => [...v4.map(([lo, hi]) => IpSet.of(4, lo, hi)), ...v6.map(([lo, hi]) => IpSet.of(6, lo, hi))].reduce((s, x) => s.union(x), IpSet.EMPTY));
  fc.assert(
    fc.property(set, (addresses) => {
      expect(tiers.categoriesOf(addresses)).toEqual(tiers.categories.filter((c) => tiers.addressesOf(c).overlaps(addresses)));
    }),
    { numRuns: 500 },
  );
});

it('tells inter-tier crossings from crossings to outside networks', () => {
  expect(isInterTier({ from: 'lgwan', to: 'internet' })).toBe(true);
  expect(isInterTier({ from: 'mynumber', to: 'ext:juki' })).toBe(true);
  expect(isInterTier({ from: 'internet', to: 'ext:internet' })).toBe(false);
});

it('records which named objects are used, directly and by other objects', () => {
  const m = model();
  expect([...m.usedObjects].sort()).toEqual(['address:lg-pcs', 'service:web']);
  expect(m.objects.address.get('unused-a')!.references).toEqual(['lg-pcs']);
  expect(m.objects.service.get('old')!.references).toEqual(['web']);
  expect(m.zones.get('lg')!.blocks.map((b) => b.term)).toEqual(['10.2.0.0/16', '2001:db8:2::/48']);
});
