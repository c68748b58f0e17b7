// The rule-base analysis against a brute-force reference on random small rule lists: addresses are ranges
// within 10.0.0.0-7 or 2001:db8::0-7 (or any), services tcp/udp with ports within 0-7 (or any), so every
// packet class has a representative in a universe of a few thousand packets, each decided by a plain
// first-match loop over numbers. A few hand-written rule bases show the intended readings.

import fc from 'fast-check';
import { compileAllowed } from '../../src/flows/allowed-space';
import { analyzeRuleBase, minimalCover, removableWithoutChange, type RuleReach } from '../../src/flows/rule-base';
import { overlappingRules } from '../../src/flows/rule-overlaps';
import type { Action, Firewall, FirewallRule } from '../../src/model/types';
import { IpSet } from '../../src/net/ip-set';
import { parseAddressTerm, type AddressTerm, type Family } from '../../src/net/ip';
import { PacketSpace, type Packet } from '../../src/net/packet-space';
import { parsePortTerm, ServicePorts, type ServiceTerm } from '../../src/net/service';

const ORIGIN = { file: 't', pointer: '' };

// ---- building rules from readable terms -----------------------------------------------------------

interface RuleText {
  action: Action;
  enabled?: boolean;
  from: 'any' | string[];
  to: 'any' | string[];
  services: string[];
}

function addresses(terms: 'any' | string[]): IpSet {
  if (terms === 'any') return IpSet.ANY;
  return IpSet.fromTerms(
    terms.map((t): AddressTerm => {
      const parsed = parseAddressTerm(t);
      if ('error' in parsed) throw new Error(`${t}: ${parsed.error}`);
      return parsed;
    }),
  );
}

function services(terms: string[]): ServicePorts {
  return ServicePorts.fromTerms(
    terms.flatMap((t): ServiceTerm[] => {
      const parsed = parsePortTerm(t);
      if ('error' in parsed) throw new Error(`${t}: ${parsed.error}`);
      return parsed;
    }),
  );
}

function space(from: 'any' | string[], to: 'any' | string[], svc: string[]): PacketSpace {
  return PacketSpace.fromRule(addresses(from), addresses(to), services(svc));
}

/**
 * As a model does, rules that write the same addresses share one set: the analyses group rules by set
 * identity, so the random rule lists exercise groups of many rules too.
 */
function sharedAddresses(): (terms: 'any' | string[]) => IpSet {
  const known = new Map<string, IpSet>();
  return (terms) => {
    const key = terms === 'any' ? 'any' : terms.join(',');
    let set = known.get(key);
    if (!set) known.set(key, (set = addresses(terms)));
    return set;
  };
}

function makeRule(index: number, r: RuleText, resolve: (terms: 'any' | string[]) => IpSet): FirewallRule {
  const from = resolve(r.from);
  const to = resolve(r.to);
  const ports = services(r.services);
  const termsOf = (x: 'any' | string[]): string[] => (x === 'any' ? ['any'] : x);
  return {
    firewall: 'fw',
    index,
    from: { set: from, any: r.from === 'any', pinned: false, terms: termsOf(r.from) },
    to: { set: to, any: r.to === 'any', pinned: false, terms: termsOf(r.to) },
    services: { ports, any: r.services.includes('any'), pinned: false, terms: r.services },
    action: r.action,
    enabled: r.enabled ?? true,
    log: false,
    space: PacketSpace.fromRule(from, to, ports),
    origin: ORIGIN,
  };
}

function makeFirewall(rules: RuleText[], defaultAction: Action): Firewall {
  const resolve = sharedAddresses();
  return {
    id: 'fw',
    interfaces: [],
    defaultAction,
    rules: rules.map((r, i) => makeRule(i, r, resolve)),
    origin: ORIGIN,
    defaultOrigin: ORIGIN,
  };
}

// ---- random rule lists and the reference over plain numbers ---------------------------------------

interface Range { family: Family; lo: number; hi: number } // offsets 0..7 from 10.0.0.0 or 2001:db8::
type AddrSpec = 'any' | Range[];
type SvcSpec = { proto: 'any' } | { proto: 'tcp' | 'udp'; ports?: [number, number] };
interface RuleSpec { action: Action; enabled: boolean; from: AddrSpec; to: AddrSpec; services: SvcSpec[] }
interface FwSpec { rules: RuleSpec[]; defaultAction: Action }

const PROTO_NUMBER = { tcp: 6, udp: 17 } as const;
const V4_BASE = 0x0a000000n;
const V6_BASE = 0x20010db8n << 96n;
const OTHER = 8; // stands for every address (port) outside 0..7
const OTHER_PROTO = 47; // stands for every protocol but tcp and udp; carries port 0 only

function rangeText(r: Range): string {
  const a = (x: number): string => (r.family === 4 ? `10.0.0.${x}` : `2001:db8::${x}`);
  return r.lo === r.hi ? a(r.lo) : `${a(r.lo)}-${a(r.hi)}`;
}

function svcText(s: SvcSpec): string {
  if (s.proto === 'any') return 'any';
  if (s.ports === undefined) return s.proto;
  const [lo, hi] = s.ports;
  return `${s.proto}/${lo === hi ? lo : `${lo}-${hi}`}`;
}

function toText(r: RuleSpec): RuleText {
  const addr = (a: AddrSpec): 'any' | string[] => (a === 'any' ? 'any' : a.map(rangeText));
  return { action: r.action, enabled: r.enabled, from: addr(r.from), to: addr(r.to), services: r.services.map(svcText) };
}

const firewallOf = (spec: FwSpec): Firewall => makeFirewall(spec.rules.map(toText), spec.defaultAction);

interface U { family: Family; src: number; dst: number; proto: number; port: number; packet: Packet }

const UNIVERSE: U[] = (() => {
  const out: U[] = [];
  for (const family of [4, 6] as const) {
    const base = family === 4 ? V4_BASE : V6_BASE;
    for (let src = 0; src <= OTHER; src++) for (let dst = 0; dst <= OTHER; dst++) {
      for (const proto of [PROTO_NUMBER.tcp, PROTO_NUMBER.udp, OTHER_PROTO]) {
        for (let port = 0; port <= (proto === OTHER_PROTO ? 0 : OTHER); port++) {
          out.push({ family, src, dst, proto, port, packet: { family, src: base + BigInt(src), dst: base + BigInt(dst), proto, port } });
        }
      }
    }
  }
  return out;
})();

function addrMatches(a: AddrSpec, family: Family, x: number): boolean {
  return a === 'any' || a.some((r) => r.family === family && r.lo <= x && x <= r.hi);
}

function svcMatches(s: SvcSpec, proto: number, port: number): boolean {
  if (s.proto === 'any') return true;
  if (proto !== PROTO_NUMBER[s.proto]) return false;
  return s.ports === undefined || (s.ports[0] <= port && port <= s.ports[1]);
}

/** Whether the rule's match fields take the packet, enabled or not. */
function matches(r: RuleSpec, u: U): boolean {
  return addrMatches(r.from, u.family, u.src) && addrMatches(r.to, u.family, u.dst) && r.services.some((s) => svcMatches(s, u.proto, u.port));
}

/** Index of the first enabled rule taking the packet, -1 for the default; `skip` is treated as deleted. */
function firstMatch(rules: readonly RuleSpec[], u: U, skip = -1): number {
  for (let i = 0; i < rules.length; i++) if (i !== skip && rules[i]!.enabled && matches(rules[i]!, u)) return i;
  return -1;
}

function decide(spec: FwSpec, u: U, skip = -1): Action {
  const i = firstMatch(spec.rules, u, skip);
  return i < 0 ? spec.defaultAction : spec.rules[i]!.action;
}

/** The reference tables of one rule list: which rules match each packet, and which one decides it. */
function reference(spec: FwSpec): { match: boolean[][]; first: number[] } {
  const match = spec.rules.map((r) => UNIVERSE.map((u) => matches(r, u)));
  return { match, first: UNIVERSE.map((u) => firstMatch(spec.rules, u)) };
}

// ---- generators -------------------------------------------------------------------------------------

const other = (f: Family): Family => (f === 4 ? 6 : 4);
/**
 * Ranges within 0..7: often one of a few blocks that split each other (so that later rules are covered by
 * unions of earlier ones), otherwise any range.
 */
const pairArb: fc.Arbitrary<[number, number]> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<[number, number]>([0, 7], [0, 3], [4, 7], [2, 5], [0, 5], [2, 7]) },
  { weight: 2, arbitrary: fc.tuple(fc.nat(7), fc.nat(7)).map(([a, b]): [number, number] => [Math.min(a, b), Math.max(a, b)]) },
);
const rangeArb = (family: Family): fc.Arbitrary<Range> => pairArb.map(([lo, hi]) => ({ family, lo, hi }));

/** Mostly ranges of the firewall's family, now and then one of the other family (possibly an empty rule). */
const addrArb = (f: Family, anyWeight: number): fc.Arbitrary<AddrSpec> =>
  fc.oneof(
    { weight: anyWeight, arbitrary: fc.constant<AddrSpec>('any') },
    {
      weight: 3,
      arbitrary: fc.array(fc.oneof({ weight: 8, arbitrary: rangeArb(f) }, { weight: 1, arbitrary: rangeArb(other(f)) }), { minLength: 1, maxLength: 2 }),
    },
  );

const svcArb: fc.Arbitrary<SvcSpec> = fc.oneof(
  { weight: 1, arbitrary: fc.constant<SvcSpec>({ proto: 'any' }) },
  { weight: 1, arbitrary: fc.constantFrom<SvcSpec>({ proto: 'tcp' }, { proto: 'udp' }) },
  { weight: 4, arbitrary: fc.record({ proto: fc.constantFrom('tcp' as const, 'tcp' as const, 'udp' as const), ports: pairArb }) },
);

const ruleArb = (f: Family, anyWeight: number): fc.Arbitrary<RuleSpec> =>
  fc.record({
    action: fc.constantFrom<Action>('allow', 'deny'),
    enabled: fc.integer({ min: 0, max: 99 }).map((x) => x >= 15),
    from: addrArb(f, anyWeight),
    to: addrArb(f, anyWeight),
    services: fc.array(svcArb, { minLength: 1, maxLength: 2 }),
  });

/**
 * One family per rule list (either one), so that its rules meet; 1 to 8 rules, lists of 5 or more as often
 * as shorter ones. A higher `anyWeight` makes rules meet more often, and later rules covered by earlier ones.
 */
const fwArbWith = (anyWeight: number): fc.Arbitrary<FwSpec> =>
  fc.record({
    rules: fc
      .constantFrom<Family>(4, 6)
      .chain((f) => fc.oneof(fc.array(ruleArb(f, anyWeight), { minLength: 1, maxLength: 4 }), fc.array(ruleArb(f, anyWeight), { minLength: 5, maxLength: 8 }))),
    defaultAction: fc.constantFrom<Action>('allow', 'deny'),
  });

const fwArb = fwArbWith(2);

const RUNS = { numRuns: 200 };
const COVER_ARB = fc.oneof(fwArb, fwArbWith(6));
const COVER_RUNS = { numRuns: 1000 };

function fail(spec: FwSpec, message: string): never {
  throw new Error(`${message}\nrules: ${JSON.stringify(spec.rules.map(toText))}\ndefault: ${spec.defaultAction}`);
}

/** The analysis of a random rule list, checked to list exactly the enabled rules, in order. */
function analyze(spec: FwSpec): { fw: Firewall; reaches: RuleReach[] } {
  const fw = firewallOf(spec);
  const reaches = analyzeRuleBase(fw);
  const enabled = fw.rules.filter((r) => r.enabled);
  if (reaches.length !== enabled.length || reaches.some((x, k) => x.rule !== enabled[k])) {
    fail(spec, `analyzeRuleBase lists rules ${reaches.map((x) => x.rule.index).join(',')}, enabled are ${enabled.map((r) => r.index).join(',')}`);
  }
  return { fw, reaches };
}

// ---- properties -------------------------------------------------------------------------------------

describe('analyzeRuleBase against the brute-force reference', () => {
  it('reached is exactly the packets the rule is the first enabled match for', () => {
    fc.assert(
      fc.property(fwArb, (spec) => {
        const { first } = reference(spec);
        for (const reach of analyze(spec).reaches) {
          const i = reach.rule.index;
          UNIVERSE.forEach((u, p) => {
            if (reach.reached.contains(u.packet) !== (first[p] === i)) {
              fail(spec, `rule #${i + 1}, packet ${JSON.stringify({ ...u, packet: undefined })}: reference says decided by it: ${first[p] === i}`);
            }
          });
        }
      }),
      RUNS,
    );
  });

  it('earlier and later list exactly the enabled rules before and after it that share a packet with it', () => {
    fc.assert(
      fc.property(COVER_ARB, (spec) => {
        const { match } = reference(spec);
        for (const reach of analyze(spec).reaches) {
          const i = reach.rule.index;
          const sharing = spec.rules.flatMap((r, j) => (j !== i && r.enabled && UNIVERSE.some((_, p) => match[i]![p] && match[j]![p]) ? [j] : []));
          const earlier = reach.earlier.map((r) => r.index);
          const later = reach.later.map((r) => r.index);
          if (JSON.stringify([earlier, later]) !== JSON.stringify([sharing.filter((j) => j < i), sharing.filter((j) => j > i)])) {
            fail(spec, `rule #${i + 1}: earlier ${JSON.stringify(earlier)}, later ${JSON.stringify(later)}, reference ${JSON.stringify(sharing)}`);
          }
        }
      }),
      RUNS,
    );
  });

  it('takenBy gives each earlier rule exactly the part of this rule it decides', () => {
    fc.assert(
      fc.property(fwArb, (spec) => {
        const { match, first } = reference(spec);
        for (const reach of analyze(spec).reaches) {
          const i = reach.rule.index;
          const byRule = new Map(reach.takenBy.map((d) => [d.rule?.index, d]));
          reach.takenBy.forEach((d, k) => {
            if (d.rule === undefined) fail(spec, `rule #${i + 1}: a takenBy decision without a rule`);
            if (d.rule.index >= i || !d.rule.enabled) fail(spec, `rule #${i + 1} taken by #${d.rule.index + 1}`);
            if (k > 0 && reach.takenBy[k - 1]!.rule!.index >= d.rule.index) fail(spec, `rule #${i + 1}: takenBy out of rule order`);
            if (d.action !== d.rule.action) fail(spec, `rule #${i + 1}: decision of #${d.rule.index + 1} has action ${d.action}`);
            if (d.space.isEmpty()) fail(spec, `rule #${i + 1}: empty takenBy part for #${d.rule.index + 1}`);
          });
          for (let j = 0; j < i; j++) {
            const d = byRule.get(j);
            UNIVERSE.forEach((u, p) => {
              const expected = match[i]![p]! && first[p] === j;
              if ((d?.space.contains(u.packet) ?? false) !== expected) {
                fail(spec, `rule #${i + 1}, part of #${j + 1}, packet ${JSON.stringify({ ...u, packet: undefined })}: reference ${expected}`);
              }
            });
          }
        }
      }),
      RUNS,
    );
  });
});

/** The greedy of the specification, over bitsets of the universe: drop same-action rules last to first, then the others. */
function referenceCover(spec: FwSpec, match: boolean[][], i: number, candidates: number[]): number[] {
  const action = spec.rules[i]!.action;
  const covers = (set: number[]): boolean => UNIVERSE.every((_, p) => !match[i]![p] || set.some((k) => match[k]![p]));
  const other = candidates.filter((k) => spec.rules[k]!.action !== action);
  const same = candidates.filter((k) => spec.rules[k]!.action === action);
  let kept = [...candidates];
  for (const group of [same, other]) {
    for (const k of [...group].reverse()) {
      const without = kept.filter((x) => x !== k);
      if (covers(without)) kept = without;
    }
  }
  return [...other, ...same].filter((k) => kept.includes(k));
}

describe('minimalCover against the brute-force reference', () => {
  it('covers the rule, is minimal, prefers and lists first the rules of the other action', () => {
    let covered = 0;
    let severalRules = 0;
    let mixed = 0;
    fc.assert(
      fc.property(COVER_ARB, (spec) => {
        const { match, first } = reference(spec);
        for (const reach of analyze(spec).reaches) {
          const i = reach.rule.index;
          const cover = minimalCover(reach);
          if (!reach.reached.isEmpty()) {
            if (cover.length !== 0) fail(spec, `rule #${i + 1} is reachable but has a cover`);
            continue;
          }
          covered++;
          const action = reach.rule.action;
          const idx = cover.map((r) => r.index);
          // The rules deciding part of rule i, from the reference alone.
          const deciders = [...new Set(UNIVERSE.flatMap((_, p) => (match[i]![p] && first[p] !== i ? [first[p]!] : [])))].sort((a, b) => a - b);
          const show = `rule #${i + 1}: cover [${idx.map((k) => `#${k + 1}`).join(', ')}]`;
          if (new Set(idx).size !== idx.length) fail(spec, `${show} has duplicates`);
          if (idx.some((k) => !deciders.includes(k))) fail(spec, `${show} includes a rule that decides no part of it`);
          if (cover.some((r) => !reach.takenBy.some((d) => d.rule === r))) fail(spec, `${show}: not all rules of takenBy`);
          const coversWith = (set: number[]): boolean => UNIVERSE.every((_, p) => !match[i]![p] || set.some((k) => match[k]![p]));
          if (!coversWith(idx)) fail(spec, `${show} does not cover it`);
          for (const k of idx) if (coversWith(idx.filter((x) => x !== k))) fail(spec, `${show} still covers without #${k + 1}`);
          // Order: other-action rules first, then same-action ones, each group in rule order.
          const otherIdx = idx.filter((k) => spec.rules[k]!.action !== action);
          const sameIdx = idx.filter((k) => spec.rules[k]!.action === action);
          if (idx.length > 1) severalRules++;
          if (otherIdx.length > 0 && sameIdx.length > 0) mixed++;
          const ordered = [...otherIdx.sort((a, b) => a - b), ...sameIdx.sort((a, b) => a - b)];
          if (ordered.join() !== idx.join()) fail(spec, `${show} is not ordered other action first, then rule order`);
          // Preference: each same-action rule kept is needed even with every other-action decider present.
          const allOther = deciders.filter((k) => spec.rules[k]!.action !== action);
          for (const s of sameIdx) {
            if (coversWith([...allOther, ...sameIdx.filter((x) => x !== s)])) fail(spec, `${show}: same-action #${s + 1} kept though the other-action rules make it unnecessary`);
          }
          if (!coversWith(deciders.filter((k) => spec.rules[k]!.action === action)) && otherIdx.length === 0) {
            fail(spec, `${show}: the same-action rules alone do not cover, yet no other-action rule is listed`);
          }
          const expected = referenceCover(spec, match, i, deciders);
          if (expected.join() !== idx.join()) fail(spec, `${show}, the specified greedy gives [${expected.map((k) => `#${k + 1}`).join(', ')}]`);
        }
      }),
      COVER_RUNS,
    );
    // The generator must actually produce covered rules, covers of several rules and covers mixing both
    // actions for this property to say anything.
    expect(covered).toBeGreaterThan(COVER_RUNS.numRuns / 2);
    expect(severalRules).toBeGreaterThanOrEqual(5);
    expect(mixed).toBeGreaterThanOrEqual(1);
  });
});

describe('removableWithoutChange against the brute-force reference', () => {
  it('is true exactly when deleting the rule changes the action of no packet', () => {
    let removable = 0;
    let kept = 0;
    fc.assert(
      fc.property(fwArb, (spec) => {
        const { fw, reaches } = analyze(spec);
        for (const reach of reaches) {
          const i = reach.rule.index;
          const expected = UNIVERSE.every((u) => decide(spec, u) === decide(spec, u, i));
          if (removableWithoutChange(fw, reach) !== expected) fail(spec, `rule #${i + 1}: reference says removable ${expected}`);
          if (expected && !reach.reached.isEmpty()) removable++;
          if (!expected) kept++;
        }
      }),
      RUNS,
    );
    // Both answers, and removable rules that are reachable, must occur for this property to say anything.
    expect(removable).toBeGreaterThan(20);
    expect(kept).toBeGreaterThan(20);
  });
});

// ---- examples ---------------------------------------------------------------------------------------

const allowTcp80 = (from: 'any' | string[]): RuleText => ({ action: 'allow', from, to: ['192.168.1.10'], services: ['tcp/80'] });

describe('compileAllowed against the brute-force reference', () => {
  // Rules at odd positions count as pinned; the destinations followed are 10.0.0.0-3 and 2001:db8::0-3, and
  // the sources 10.0.0.2-5 and 2001:db8::2-5.
  const pinned = (reach: RuleReach): boolean => reach.rule.index % 2 === 1;
  const scope = IpSet.fromTerms(['10.0.0.0-10.0.0.3', '2001:db8::-2001:db8::3'].map((t) => parseAddressTerm(t) as AddressTerm));
  const sources = IpSet.fromTerms(['10.0.0.2-10.0.0.5', '2001:db8::2-2001:db8::5'].map((t) => parseAddressTerm(t) as AddressTerm));
  it('passes exactly the packets a default-deny firewall allows, and names the allowing rule', () => {
    fc.assert(
      fc.property(fwArb, (generated) => {
        const spec: FwSpec = { ...generated, defaultAction: 'deny' };
        const { first } = reference(spec);
        const allowed = compileAllowed(analyze(spec).reaches, pinned);
        const all = allowed.pass(PacketSpace.ANY, true, IpSet.ANY, IpSet.ANY);
        const unpinned = allowed.pass(PacketSpace.ANY, false, IpSet.ANY, IpSet.ANY);
        const scoped = allowed.pass(PacketSpace.ANY.restrict(undefined, scope), true, scope, IpSet.ANY);
        const fromSources = allowed.pass(PacketSpace.ANY.restrict(sources, scope), false, scope, sources);
        // Asked again with the same sets, the same answer (the relevant parts are remembered).
        const again = allowed.pass(PacketSpace.ANY.restrict(sources, scope), false, scope, sources);
        UNIVERSE.forEach((u, p) => {
          const i = first[p]!;
          const byRule = i >= 0 && spec.rules[i]!.action === 'allow' ? i : undefined;
          const where = `packet ${JSON.stringify({ ...u, packet: undefined })}, allowed by ${byRule === undefined ? 'no rule' : `#${byRule + 1}`}`;
          if (allowed.allowing(u.packet)?.rule.index !== byRule) fail(spec, `${where}: allowing says ${allowed.allowing(u.packet)?.rule.index}`);
          if (all.contains(u.packet) !== (byRule !== undefined)) fail(spec, `${where}: pass disagrees`);
          if (unpinned.contains(u.packet) !== (byRule !== undefined && byRule % 2 === 0)) fail(spec, `${where}: pass without pinned rules disagrees`);
          if (scoped.contains(u.packet) !== (byRule !== undefined && scope.contains(u.family, u.packet.dst))) fail(spec, `${where}: pass within the scope disagrees`);
          const expected = byRule !== undefined && byRule % 2 === 0 && scope.contains(u.family, u.packet.dst) && sources.contains(u.family, u.packet.src);
          if (fromSources.contains(u.packet) !== expected || again.contains(u.packet) !== expected) fail(spec, `${where}: pass from the sources disagrees`);
        });
      }),
      RUNS,
    );
  });
});

describe('examples', () => {
  it('a rule covered by two earlier rules together but by neither alone', () => {
    const fw = makeFirewall([allowTcp80(['10.0.0.0/25']), allowTcp80(['10.0.0.128/25']), allowTcp80(['10.0.0.0/24'])], 'deny');
    const reaches = analyzeRuleBase(fw);
    const third = reaches[2]!;
    expect(third.reached.isEmpty()).toBe(true);
    expect(third.takenBy.map((d) => d.rule!.index)).toEqual([0, 1]);
    expect(third.takenBy[0]!.space.equals(fw.rules[0]!.space)).toBe(true);
    expect(third.takenBy[1]!.space.equals(fw.rules[1]!.space)).toBe(true);
    expect(minimalCover(third).map((r) => r.index)).toEqual([0, 1]);
    expect(removableWithoutChange(fw, third)).toBe(true);
    // The first two decide their own packets, but the third would take them over with the same action.
    expect(reaches[0]!.reached.equals(fw.rules[0]!.space)).toBe(true);
    expect(reaches[1]!.takenBy).toEqual([]);
    expect(minimalCover(reaches[0]!)).toEqual([]);
    expect(removableWithoutChange(fw, reaches[0]!)).toBe(true);
    // Without the third, the default deny would take them: then they matter.
    const two = { ...fw, rules: fw.rules.slice(0, 2) };
    expect(analyzeRuleBase(two).map((x) => removableWithoutChange(two, x))).toEqual([false, false]);
  });

  it('a deny right before the default deny is removable, the allow before it is not', () => {
    const fw = makeFirewall(
      [
        { action: 'allow', from: ['10.1.0.0/16'], to: ['10.2.0.0/16'], services: ['tcp/443'] },
        { action: 'deny', from: 'any', to: 'any', services: ['any'] },
      ],
      'deny',
    );
    const [allow, deny] = analyzeRuleBase(fw);
    expect(deny!.reached.isEmpty()).toBe(false);
    expect(deny!.reached.equals(PacketSpace.ANY.difference(fw.rules[0]!.space))).toBe(true);
    expect(deny!.takenBy.map((d) => [d.rule!.index, d.action])).toEqual([[0, 'allow']]);
    expect(removableWithoutChange(fw, deny!)).toBe(true);
    expect(removableWithoutChange(fw, allow!)).toBe(false);
    // With a default allow, the explicit deny matters.
    expect(removableWithoutChange({ ...fw, defaultAction: 'allow' }, deny!)).toBe(false);
  });

  it('an allow shadowed by an earlier deny', () => {
    const fw = makeFirewall(
      [
        { action: 'deny', from: ['10.0.0.0/8'], to: 'any', services: ['any'] },
        { action: 'allow', from: ['10.1.2.3'], to: ['10.9.9.9'], services: ['tcp/22'] },
      ],
      'deny',
    );
    const reach = analyzeRuleBase(fw)[1]!;
    expect(reach.reached.isEmpty()).toBe(true);
    expect(reach.takenBy).toHaveLength(1);
    expect(reach.takenBy[0]!.rule).toBe(fw.rules[0]);
    expect(reach.takenBy[0]!.action).toBe('deny');
    expect(reach.takenBy[0]!.space.equals(fw.rules[1]!.space)).toBe(true);
    expect(minimalCover(reach)).toEqual([fw.rules[0]]);
    expect(removableWithoutChange(fw, reach)).toBe(true);
  });

  it('a partially shadowed allow keeps the rest of its packets', () => {
    const fw = makeFirewall(
      [
        { action: 'deny', from: 'any', to: ['10.0.0.5'], services: ['any'] },
        { action: 'allow', from: ['10.0.0.0/24'], to: ['10.0.0.0/29'], services: ['tcp/22'] },
      ],
      'deny',
    );
    const reach = analyzeRuleBase(fw)[1]!;
    expect(reach.reached.equals(space(['10.0.0.0/24'], ['10.0.0.0-10.0.0.4', '10.0.0.6-10.0.0.7'], ['tcp/22']))).toBe(true);
    expect(reach.takenBy).toHaveLength(1);
    expect(reach.takenBy[0]!.action).toBe('deny');
    expect(reach.takenBy[0]!.space.equals(space(['10.0.0.0/24'], ['10.0.0.5'], ['tcp/22']))).toBe(true);
    expect(minimalCover(reach)).toEqual([]);
    expect(removableWithoutChange(fw, reach)).toBe(false);
  });

  it('disabled rules neither match nor appear', () => {
    const fw = makeFirewall(
      [
        { action: 'deny', enabled: false, from: 'any', to: 'any', services: ['any'] },
        { action: 'allow', from: ['2001:db8::/64'], to: ['2001:db8:1::/64'], services: ['udp/53'] },
      ],
      'deny',
    );
    const reaches = analyzeRuleBase(fw);
    expect(reaches.map((x) => x.rule)).toEqual([fw.rules[1]]);
    expect(reaches[0]!.reached.equals(fw.rules[1]!.space)).toBe(true);
    expect(reaches[0]!.takenBy).toEqual([]);
  });

  it('the other action is kept in preference when two minimal covers exist', () => {
    // #4 (tcp/1-10) is covered by {#1, #3} (1-5 and 6-10) and by {#2, #3} (1-7 and 6-10).
    const fw = makeFirewall(
      [
        { action: 'deny', from: 'any', to: 'any', services: ['tcp/1-5'] },
        { action: 'allow', from: 'any', to: 'any', services: ['tcp/1-7'] },
        { action: 'allow', from: 'any', to: 'any', services: ['tcp/6-10'] },
        { action: 'allow', from: 'any', to: 'any', services: ['tcp/1-10'] },
      ],
      'deny',
    );
    const reach = analyzeRuleBase(fw)[3]!;
    expect(reach.takenBy.map((d) => d.rule!.index)).toEqual([0, 1, 2]);
    expect(minimalCover(reach).map((r) => r.index)).toEqual([0, 2]);
  });

  it('among same-action rules, later ones are dropped first', () => {
    // #4 (tcp/1-10) is covered by {#1, #3} and by {#2, #3}; dropping from the last, #2 goes before #1 is tried.
    const fw = makeFirewall(
      [
        { action: 'allow', from: 'any', to: 'any', services: ['tcp/1-5'] },
        { action: 'allow', from: 'any', to: 'any', services: ['tcp/1-7'] },
        { action: 'allow', from: 'any', to: 'any', services: ['tcp/6-10'] },
        { action: 'allow', from: 'any', to: 'any', services: ['tcp/1-10'] },
      ],
      'deny',
    );
    const reach = analyzeRuleBase(fw)[3]!;
    expect(reach.takenBy.map((d) => d.rule!.index)).toEqual([0, 1, 2]);
    expect(minimalCover(reach).map((r) => r.index)).toEqual([0, 2]);
  });

  it('the other-action rules of a cover are listed first', () => {
    const fw = makeFirewall(
      [
        { action: 'allow', from: 'any', to: 'any', services: ['udp/1-5'] },
        { action: 'deny', from: 'any', to: 'any', services: ['udp/6-10'] },
        { action: 'allow', from: ['2001:db8::1'], to: 'any', services: ['udp/1-10'] },
      ],
      'allow',
    );
    const reach = analyzeRuleBase(fw)[2]!;
    expect(reach.takenBy.map((d) => d.rule!.index)).toEqual([0, 1]);
    expect(minimalCover(reach).map((r) => r.index)).toEqual([1, 0]);
  });

  it('an other-action rule that takes part of the rule is left out when it is not needed for a minimal cover', () => {
    // #3 is partly decided by the deny #1, but #2 alone covers it: {#2} is the only minimal cover.
    const fw = makeFirewall(
      [
        { action: 'deny', from: 'any', to: 'any', services: ['tcp/22'] },
        { action: 'allow', from: 'any', to: 'any', services: ['tcp'] },
        { action: 'allow', from: ['10.0.0.1'], to: 'any', services: ['tcp/20-30'] },
      ],
      'deny',
    );
    const reach = analyzeRuleBase(fw)[2]!;
    expect(reach.reached.isEmpty()).toBe(true);
    expect(reach.takenBy.map((d) => [d.rule!.index, d.action])).toEqual([
      [0, 'deny'],
      [1, 'allow'],
    ]);
    expect(minimalCover(reach).map((r) => r.index)).toEqual([1]);
  });
});

describe('overlappingRules against the brute-force reference', () => {
  it('pairs exactly the enabled rules some packet of the universe matches both', () => {
    fc.assert(
      fc.property(fc.oneof(fwArb, fwArbWith(6)), (spec) => {
        const { match } = reference(spec);
        const fw = firewallOf(spec);
        const pairs = overlappingRules(fw.rules);
        fw.rules.forEach((a, i) => {
          const expected = fw.rules.flatMap((b, j) => (j !== i && a.enabled && b.enabled && UNIVERSE.some((_, p) => match[i]![p] && match[j]![p]) ? [j] : []));
          if (JSON.stringify(pairs[i]) !== JSON.stringify(expected)) fail(spec, `rule #${i + 1} overlaps ${JSON.stringify(pairs[i])}, reference ${JSON.stringify(expected)}`);
        });
      }),
      COVER_RUNS,
    );
  });

  it('pairs the same rules when every offset stands for a whole block of addresses', () => {
    // Offset x becomes the block 10.0.x.0/24 (2001:db8:0:x::/64): a range of offsets covers whole blocks, so
    // two rules overlap exactly when they do at the scale of single addresses, with bounds far apart.
    const blockText = (r: Range): string =>
      r.family === 4 ? `10.0.${r.lo}.0-10.0.${r.hi}.255` : `2001:db8:0:${r.lo}::-2001:db8:0:${r.hi}:ffff:ffff:ffff:ffff`;
    const blocks = (r: RuleSpec): RuleText => ({ ...toText(r), from: r.from === 'any' ? 'any' : r.from.map(blockText), to: r.to === 'any' ? 'any' : r.to.map(blockText) });
    fc.assert(
      fc.property(fc.oneof(fwArb, fwArbWith(6)), (spec) => {
        const expected = overlappingRules(firewallOf(spec).rules);
        const scaled = overlappingRules(makeFirewall(spec.rules.map(blocks), spec.defaultAction).rules);
        if (JSON.stringify(scaled) !== JSON.stringify(expected)) fail(spec, `scaled ${JSON.stringify(scaled)}, unscaled ${JSON.stringify(expected)}`);
      }),
      COVER_RUNS,
    );
  });
});
