// The unfolded netfilter chain against a brute-force reference: random iptables-save rule sets (user
// chains, jumps, gotos, RETURN, LOG, negations, interfaces, ports, protocols, connection states) are
// parsed, and every packet of a small universe is walked through the chains by a plain interpreter of the
// parsed rules, written from the iptables manual. The first entry of the unfolded list that takes the
// packet must be the rule that decides it, with the same verdict; no entry must mean the policy.

import fc from 'fast-check';
import { parseIptablesSave, type IptablesChain, type IptablesRule, type IptablesRuleset } from '../../src/import/iptables-save';
import { flattenChain } from '../../src/import/netfilter';
import { IpSet } from '../../src/net/ip-set';
import { BASE, BEHIND, rulesetText } from './rulesets';

const ADDRESSES = Array.from({ length: 9 }, (_, i) => i); // 10.0.0.0-8 (8 stands for the rest)
const PROTOCOLS = [6, 17, 1, 47];
const PORTS = [0, 1, 2, 3, 8, 80, 443];

interface Packet { src: number; dst: number; proto: number; port: number }

const behindSet = (name: string): IpSet => {
  const prefix = name.endsWith('+') ? name.slice(0, -1) : undefined;
  return Object.entries(BEHIND)
    .filter(([n]) => (prefix === undefined ? n === name : n.startsWith(prefix)))
    .reduce((set, [, [lo, hi]]) => set.union(IpSet.of(4, BASE + BigInt(lo), BASE + BigInt(hi))), IpSet.EMPTY);
};

// ---- the reference interpreter ----------------------------------------------------------------------

const inside = (set: IpSet, a: number): boolean => set.contains(4, BASE + BigInt(a === 8 ? 200 : a));
const interfaceOf = (a: number): string | undefined => Object.entries(BEHIND).find(([, [lo, hi]]) => a >= lo && a <= hi)?.[0];
const nameMatches = (pattern: string, name: string | undefined): boolean =>
  name !== undefined && (pattern.endsWith('+') ? name.startsWith(pattern.slice(0, -1)) : name === pattern);

function takes(rule: IptablesRule, p: Packet): boolean {
  const m = rule.match;
  const test = (field: { negated: boolean } | undefined, holds: () => boolean): boolean => !field || holds() !== field.negated;
  return (
    test(m.src, () => inside(m.src!.value, p.src)) &&
    test(m.dst, () => inside(m.dst!.value, p.dst)) &&
    test(m.srcRange, () => inside(m.srcRange!.value, p.src)) &&
    test(m.dstRange, () => inside(m.dstRange!.value, p.dst)) &&
    test(m.inInterface, () => nameMatches(m.inInterface!.value, interfaceOf(p.src))) &&
    test(m.outInterface, () => nameMatches(m.outInterface!.value, interfaceOf(p.dst))) &&
    test(m.protocol, () => m.protocol!.value.contains(BigInt(p.proto))) &&
    // --dport only ever appears with -p tcp/udp (iptables requires it), so the packet's protocol already matched.
    test(m.dports, () => (p.proto === 6 || p.proto === 17) && m.dports!.value.contains(BigInt(p.port))) &&
    test(m.icmpTypes, () => p.proto === 1 && m.icmpTypes!.value.contains(BigInt(p.port))) &&
    // Every packet here is the first of its connection: NEW, except ICMP other than requests, which
    // connection tracking finds INVALID (an echo reply or an error that answers nothing).
    test(m.states, () => m.states!.value.includes(p.proto === 1 && ![8, 13, 15, 17].includes(p.port) ? 'INVALID' : 'NEW'))
  );
}

type Verdict = { rule: IptablesRule; verdict: 'ACCEPT' | 'DROP' | 'REJECT' } | 'RETURN';

function walk(ruleset: IptablesRuleset, chain: IptablesChain, p: Packet): Verdict {
  const table = ruleset.tables.get('filter')!;
  for (const rule of chain.rules) {
    if (!takes(rule, p)) continue;
    const t = rule.target;
    if (t.kind === 'ACCEPT' || t.kind === 'DROP' || t.kind === 'REJECT') return { rule, verdict: t.kind };
    if (t.kind === 'RETURN') return 'RETURN';
    if (t.kind === 'jump') {
      const v = walk(ruleset, table.chains.get(t.chain)!, p);
      if (v !== 'RETURN') return v;
    }
    if (t.kind === 'goto') return walk(ruleset, table.chains.get(t.chain)!, p);
  }
  return 'RETURN';
}

const UNIVERSE: Packet[] = ADDRESSES.flatMap((src) => ADDRESSES.flatMap((dst) => PROTOCOLS.flatMap((proto) => PORTS.map((port) => ({ src, dst, proto, port })))));

it('decides every packet as the chains do when walked one packet at a time', () => {
  fc.assert(
    fc.property(rulesetText(true), (text) => {
      const ruleset = parseIptablesSave(text, 4);
      expect(ruleset.problems).toEqual([]);
      const flat = flattenChain(ruleset, behindSet)!;
      const forward = ruleset.tables.get('filter')!.chains.get('FORWARD')!;
      for (const p of UNIVERSE) {
        const expected = walk(ruleset, forward, p);
        const packet = { family: 4 as const, src: BASE + BigInt(p.src === 8 ? 200 : p.src), dst: BASE + BigInt(p.dst === 8 ? 200 : p.dst), proto: p.proto, port: p.port };
        const entry = flat.entries.find((e) => e.space.contains(packet));
        const got = entry ? `line ${entry.rule.line} ${entry.action}` : `policy ${flat.policy === 'ACCEPT' ? 'allow' : 'deny'}`;
        const want = expected === 'RETURN' ? `policy ${forward.policy === 'ACCEPT' ? 'allow' : 'deny'}` : `line ${expected.rule.line} ${expected.verdict === 'ACCEPT' ? 'allow' : 'deny'}`;
        if (got !== want) throw new Error(`${JSON.stringify(p)}: unfolded ${got}, walked ${want}\n${text}`);
      }
    }),
    { numRuns: 300 },
  );
});

it('marks a LOG rule before an entry as logging it, and counts nothing else as a log', () => {
  const text = ['*filter', ':FORWARD DROP [0:0]', '-A FORWARD -s 10.0.0.0/30 -j LOG --log-prefix "lan "', '-A FORWARD -s 10.0.0.1 -j ACCEPT', '-A FORWARD -s 10.0.0.5 -j ACCEPT', 'COMMIT'].join('\n');
  const flat = flattenChain(parseIptablesSave(text, 4), behindSet)!;
  expect(flat.entries.map((e) => [e.rule.line, e.logged])).toEqual([[4, true], [5, false]]);
});

it('takes a rule with an unmodelled match as accepting all it may, and as stopping nothing', () => {
  const text = [
    '*filter', ':FORWARD DROP [0:0]', ':USER - [0:0]',
    '-A FORWARD -p udp --sport 53 -j ACCEPT',
    '-A FORWARD -s 10.0.0.1 -m limit --limit 5/sec -j DROP',
    '-A FORWARD -m set --match-set blocked src -j USER',
    '-A USER -j DROP',
    '-A USER -s 10.0.0.2 -j ACCEPT',
    '-A FORWARD -s 10.0.0.1 -j ACCEPT',
    'COMMIT',
  ].join('\n');
  const flat = flattenChain(parseIptablesSave(text, 4), behindSet)!;
  expect(flat.entries.map((e) => [e.rule.line, e.action, e.approximate])).toEqual([
    [4, 'allow', ['--sport 53']],
    // Reached through a jump on an unmodelled match: may accept, and the DROP before it is ignored.
    [8, 'allow', ['--match-set blocked src']],
    [9, 'allow', []],
  ]);
  expect(flat.ignored.map((r) => r.rule.line)).toEqual([5, 7]);
});

it('sends what a goto target does not decide back past the chain that went there', () => {
  const text = [
    '*filter', ':FORWARD DROP [0:0]', ':FROM-LAN - [0:0]', ':WEB - [0:0]',
    '-A FORWARD -i lan0 -j FROM-LAN',
    '-A FORWARD -j ACCEPT',
    '-A FROM-LAN -s 10.0.0.1 -g WEB',
    '-A FROM-LAN -j ACCEPT',
    '-A WEB -p tcp --dport 80 -j ACCEPT',
    'COMMIT',
  ].join('\n');
  const flat = flattenChain(parseIptablesSave(text, 4), behindSet)!;
  const decide = (src: number, port: number): string => {
    const packet = { family: 4 as const, src: BASE + BigInt(src), dst: BASE + 5n, proto: 6, port };
    const entry = flat.entries.find((e) => e.space.contains(packet));
    return entry ? `line ${entry.rule.line}` : 'policy';
  };
  // 10.0.0.1 went to WEB: port 80 is accepted there; anything else returns to FORWARD after the jump.
  expect([decide(1, 80), decide(1, 22), decide(2, 22), decide(5, 22)]).toEqual(['line 9', 'line 6', 'line 8', 'line 6']);
});

it('reads protocol and ICMP type names that every JavaScript object has as unknown names', () => {
  const text = ['*filter', ':FORWARD DROP [0:0]', '-A FORWARD -p constructor -j ACCEPT', '-A FORWARD -p icmp --icmp-type toString -j ACCEPT', '-A FORWARD -p ipv6-icmp --icmpv6-type __proto__ -j ACCEPT', 'COMMIT', ''].join('\n');
  for (const family of [4, 6] as const) {
    const ruleset = parseIptablesSave(text, family);
    expect(ruleset.problems.map((p) => [p.line, p.messageId])).toEqual([
      [3, 'bad-protocol'],
      [4, expect.any(String)],
      [5, expect.any(String)],
    ]);
  }
});
