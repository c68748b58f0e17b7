/**
 * sanso's reading of iptables-save and of nftables JSON against the Linux kernel: random rule sets (user chains, jumps, gotos,
 * RETURN, LOG, negations, ranges, multiport, iprange, interfaces, connection states, IPv4 and IPv6) are
 * loaded into a router network namespace, boundary packets are sent through it one at a time, and the
 * rule the kernel's counters name as deciding must be the rule sanso's unfolded chain decides the packet
 * by — same chain, same position, same verdict — or the policy for both. Every address is a documentation
 * address the test assigns to its own namespace hosts. A disagreement is shrunk by fast-check and printed
 * with the rule set and the packet. Skipped, with one line saying why, where the kernel oracle cannot run.
 */
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { parseIptablesSave, type IptablesRule } from '../../src/import/iptables-save';
import { flattenForward, parseNftablesJson } from '../../src/import/nftables-json';
import { flattenChain, type FlatChain } from '../../src/import/netfilter';
import { parseAddressTerm, type Family } from '../../src/net/ip';
import { IpSet } from '../../src/net/ip-set';
import type { Packet } from '../../src/net/packet-space';
import { createRouter, kernelStatus, type Probe, type Router } from './oracle';

const status = kernelStatus();
if (!status.ok) console.log(`kernel differential test skipped: ${status.reason}`);
const describeKernel = status.ok ? describe : describe.skip;

interface Side { readonly a: string[]; readonly b: string[] }
/** The address blocks of each side, and the rule terms and probe addresses drawn from them (at their edges). */
const FAMILY: Record<Family, { readonly blocks: Side; readonly terms: Side; readonly probes: Side }> = {
  4: {
    blocks: { a: ['192.0.2.0/24', '203.0.113.0/24'], b: ['198.51.100.0/24'] },
    terms: {
      a: ['192.0.2.0/25', '192.0.2.8/29', '192.0.2.77', '203.0.113.0/24', '203.0.113.64/26', '192.0.2.0/24,203.0.113.128/25'],
      b: ['198.51.100.0/25', '198.51.100.10', '198.51.100.128/26', '198.51.100.53/32', '198.51.100.0/24'],
    },
    probes: {
      a: ['192.0.2.2', '192.0.2.7', '192.0.2.8', '192.0.2.15', '192.0.2.16', '192.0.2.77', '192.0.2.127', '192.0.2.128', '203.0.113.63', '203.0.113.64', '203.0.113.127', '203.0.113.128', '203.0.113.254'],
      b: ['198.51.100.2', '198.51.100.9', '198.51.100.10', '198.51.100.11', '198.51.100.20', '198.51.100.21', '198.51.100.53', '198.51.100.127', '198.51.100.128', '198.51.100.191', '198.51.100.192'],
    },
  },
  6: {
    blocks: { a: ['2001:db8:a::/64', '2001:db8:c::/64'], b: ['2001:db8:b::/64'] },
    terms: {
      a: ['2001:db8:a::/120', '2001:db8:a::8/125', '2001:db8:a::77', '2001:db8:c::/64', '2001:db8:c::40/122'],
      b: ['2001:db8:b::/121', '2001:db8:b::10', '2001:db8:b::80/122', '2001:db8:b::/64'],
    },
    probes: {
      a: ['2001:db8:a::2', '2001:db8:a::7', '2001:db8:a::8', '2001:db8:a::f', '2001:db8:a::10', '2001:db8:a::77', '2001:db8:a::100', '2001:db8:c::3f', '2001:db8:c::40', '2001:db8:c::7f', '2001:db8:c::80'],
      b: ['2001:db8:b::2', '2001:db8:b::f', '2001:db8:b::10', '2001:db8:b::11', '2001:db8:b::7f', '2001:db8:b::80', '2001:db8:b::bf', '2001:db8:b::c0'],
    },
  },
};
const RANGES: Record<Family, { a: string[]; b: string[] }> = {
  4: { a: ['192.0.2.10-192.0.2.20', '203.0.113.60-203.0.113.70'], b: ['198.51.100.10-198.51.100.20'] },
  6: { a: ['2001:db8:a::10-2001:db8:a::20'], b: ['2001:db8:b::10-2001:db8:b::20'] },
};
const PORTS = [21, 22, 23, 52, 53, 54, 79, 80, 81, 442, 443, 444, 1023, 1024, 7999, 8000, 8099, 8100];
const PORT_TERMS = ['22', '53', '80', '443', '8000:8099', '1024:65535', ':1023', '80:443'];
const MULTIPORT_TERMS = ['80,443', '22,53,8000:8099', '1024:2048,443'];

type TargetSpec = 'ACCEPT' | 'DROP' | 'REJECT' | 'RETURN' | 'LOG' | 'none' | { jump: number } | { goto: number };
const chainName = (i: number): string => (i === 0 ? 'FORWARD' : `SANSO${i}`);

function rulesetArb(family: Family, lan: string, wan: string): fc.Arbitrary<string> {
  const { terms } = FAMILY[family];
  const neg = fc.boolean().map((b) => (b ? '! ' : ''));
  const icmp = (n: string): string => (family === 4 ? `-p icmp -m icmp ${n}--icmp-type` : `-p ipv6-icmp -m icmp6 ${n}--icmpv6-type`);
  const matches = fc
    .record(
      {
        src: fc.tuple(neg, fc.constantFrom(...terms.a)).map(([n, a]) => `${n}-s ${a}`),
        dst: fc.tuple(neg, fc.constantFrom(...terms.b)).map(([n, a]) => `${n}-d ${a}`),
        range: fc.tuple(neg, fc.constantFrom(...RANGES[family].b)).map(([n, r]) => `-m iprange ${n}--dst-range ${r}`),
        in: fc.tuple(neg, fc.constantFrom(lan, wan, 'lan+', 'wan+')).map(([n, i]) => `${n}-i ${i}`),
        out: fc.tuple(neg, fc.constantFrom(lan, wan)).map(([n, i]) => `${n}-o ${i}`),
        protocol: fc.oneof(
          fc.tuple(neg, fc.constantFrom('tcp', 'udp')).map(([n, p]) => `${n}-p ${p}`),
          fc.tuple(fc.constantFrom('tcp', 'udp'), neg, fc.constantFrom(...PORT_TERMS)).map(([p, n, ports]) => `-p ${p} -m ${p} ${n}--dport ${ports}`),
          fc.tuple(fc.constantFrom('tcp', 'udp'), neg, fc.constantFrom(...MULTIPORT_TERMS)).map(([p, n, ports]) => `-p ${p} -m multiport ${n}--dports ${ports}`),
          fc.tuple(neg, fc.constantFrom('echo-request', family === 4 ? '0' : '129')).map(([n, t]) => `${icmp(n)} ${t}`),
        ),
        state: fc.tuple(neg, fc.constantFrom('NEW', 'RELATED,ESTABLISHED', 'NEW,ESTABLISHED', 'INVALID')).map(([n, s]) => `-m conntrack ${n}--ctstate ${s}`),
      },
      { requiredKeys: [] },
    )
    .map((m) => {
      // iptables refuses `!` on -s or -d when either names a list of addresses.
      const list = m.src?.includes(',') ?? false;
      return Object.entries(m).map(([k, v]) => (list && (k === 'src' || k === 'dst') ? v.replace(/^! /, '') : v));
    });
  const target = (chain: number, chains: number): fc.Arbitrary<TargetSpec> => {
    const basic = fc.constantFrom<TargetSpec>('ACCEPT', 'DROP', 'REJECT', 'RETURN', 'LOG', 'none');
    if (chain >= chains - 1) return basic;
    const callee = fc.integer({ min: chain + 1, max: chains - 1 });
    return fc.oneof({ arbitrary: basic, weight: 3 }, { arbitrary: callee.map((c): TargetSpec => ({ jump: c })), weight: 2 }, { arbitrary: callee.map((c): TargetSpec => ({ goto: c })), weight: 1 });
  };
  return fc.integer({ min: 1, max: 4 }).chain((chains) =>
    fc
      .tuple(
        fc.constantFrom('ACCEPT', 'DROP'),
        fc.tuple(...Array.from({ length: chains }, (_, c) => fc.array(fc.tuple(matches, target(c, chains)), { minLength: c === 0 ? 1 : 0, maxLength: 6 }))),
      )
      .map(([policy, bodies]) => {
        const lines = ['*filter', ':INPUT ACCEPT [0:0]', `:FORWARD ${policy} [0:0]`, ':OUTPUT ACCEPT [0:0]'];
        for (let c = 1; c < chains; c++) lines.push(`:${chainName(c)} - [0:0]`);
        bodies.forEach((rules, c) => {
          for (const [ms, t] of rules) {
            const tail =
              t === 'none' ? '' : t === 'LOG' ? ' -j LOG --log-prefix "sanso "' : t === 'REJECT' ? ' -j REJECT' : typeof t === 'string' ? ` -j ${t}` : 'jump' in t ? ` -j ${chainName(t.jump)}` : ` -g ${chainName(t.goto)}`;
            lines.push(`-A ${chainName(c)}${ms.length ? ' ' + ms.join(' ') : ''}${tail}`);
          }
        });
        lines.push('COMMIT', '');
        return lines.join('\n');
      }),
  );
}

function probesArb(family: Family): fc.Arbitrary<Probe[]> {
  const { probes } = FAMILY[family];
  const probe = fc.record({
    src: fc.constantFrom(...probes.a),
    dst: fc.constantFrom(...probes.b),
    proto: fc.constantFrom<'tcp' | 'udp' | 'icmp'>('tcp', 'tcp', 'udp', 'icmp'),
    dport: fc.constantFrom(...PORTS),
    icmpType: fc.constantFrom(...(family === 4 ? [8, 0] : [128, 129])),
  });
  return fc.array(probe, { minLength: 8, maxLength: 12 }).map((list) =>
    list.map((p): Probe => (p.proto === 'icmp' ? { family, src: p.src, dst: p.dst, proto: 'icmp', icmpType: p.icmpType } : { family, src: p.src, dst: p.dst, proto: p.proto, dport: p.dport })),
  );
}

const value = (address: string): bigint => {
  const parsed = parseAddressTerm(address);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed.lo;
};
const setOf = (family: Family, blocks: string[]): IpSet =>
  blocks.reduce((set, b) => {
    const parsed = parseAddressTerm(b);
    if ('error' in parsed) throw new Error(parsed.error);
    return set.union(IpSet.of(family, parsed.lo, parsed.hi));
  }, IpSet.EMPTY);

/** The router's interfaces as the model sees them: the zones of host A behind lan, of host B behind wan. */
function behindOf(router: Router, family: Family): (name: string) => IpSet {
  const { blocks } = FAMILY[family];
  return (name) => {
    const prefix = name.endsWith('+') ? name.slice(0, -1) : undefined;
    const is = (iface: string): boolean => (prefix === undefined ? name === iface : iface.startsWith(prefix));
    return (is(router.lanIf) ? setOf(family, blocks.a) : IpSet.EMPTY).union(is(router.wanIf) ? setOf(family, blocks.b) : IpSet.EMPTY);
  };
}

/** What an unfolded list decides for the probe: "NAME allow|deny" (NAME of the deciding rule), or "policy allow|deny". */
function decisionOf(flat: FlatChain, p: Probe, name: (rule: IptablesRule) => string): string {
  const proto = p.proto === 'tcp' ? 6 : p.proto === 'udp' ? 17 : p.family === 4 ? 1 : 58;
  const packet: Packet = { family: p.family, src: value(p.src), dst: value(p.dst), proto, port: p.proto === 'icmp' ? p.icmpType! : p.dport! };
  const entry = flat.entries.find((e) => e.space.contains(packet));
  return entry ? `${name(entry.rule)} ${entry.action}` : `policy ${flat.policy === 'ACCEPT' ? 'allow' : 'deny'}`;
}

/** One router for every test, with every probe address on its hosts. */
function routerForProbes(): Router {
  const router = createRouter();
  for (const family of [4, 6] as const) {
    for (const a of FAMILY[family].probes.a) router.addAddress('a', a);
    for (const b of FAMILY[family].probes.b) router.addAddress('b', b);
  }
  return router;
}

describeKernel('sanso against the kernel', () => {
  let router: Router;
  beforeAll(() => (router = routerForProbes()));
  afterAll(() => router?.destroy());

  it.each([
    [4, 45],
    [6, 20],
  ] as const)('IPv%s: every probe is decided by the same rule, or the policy, as in the kernel', (family, runs) => {
    let probes = 0;
    fc.assert(
      fc.property(rulesetArb(family, router.lanIf, router.wanIf), probesArb(family), (text, list) => {
        if (family === 4) router.loadIptables(text);
        else router.loadIptables('', text);
        for (const p of list) {
          probes++;
          const verdict = router.probe(p);
          const d = verdict.decision;
          if (!d) throw new Error(`the kernel gave no decision for ${JSON.stringify(p)}; trace ${verdict.trace.join(' | ')}`);
          const kernel = d.kind === 'policy' ? `policy ${d.policy === 'ACCEPT' ? 'allow' : 'deny'}` : `${d.chain} ${d.index} ${d.target === 'ACCEPT' ? 'allow' : 'deny'}`;
          const ruleset = parseIptablesSave(text, family);
          if (ruleset.problems.length > 0) throw new Error(`sanso could not read the rule set: ${JSON.stringify(ruleset.problems)}`);
          const sanso = decisionOf(flattenChain(ruleset, behindOf(router, family))!, p, (rule) => `${rule.chain} ${rule.position}`);
          if (kernel !== sanso) throw new Error(`probe ${JSON.stringify(p)}: kernel "${kernel}", sanso "${sanso}"\n${text}`);
          if (verdict.delivered !== sanso.endsWith('allow')) throw new Error(`probe ${JSON.stringify(p)}: delivered ${verdict.delivered}, sanso "${sanso}"\n${text}`);
        }
      }),
      { numRuns: runs },
    );
    console.log(`IPv${family}: ${probes} probes agreed with the kernel`);
  });
});

// ---- nftables: the same rules in nft syntax, each with a counter and a comment naming it ----------------

function nftRulesetArb(lan: string, wan: string): fc.Arbitrary<string> {
  const neg = fc.constantFrom('', '!= ');
  const v4 = FAMILY[4].terms;
  const v6 = FAMILY[6].terms;
  const single = (t: string): string => (t.includes(',') ? `{ ${t} }` : t);
  // One family per rule: nft refuses `ip6 saddr` with `ip daddr` in one rule.
  const matches = fc.constantFrom<Family>(4, 6).chain((f) =>
    fc
      .record(
        {
          src: fc.tuple(neg, fc.constantFrom(...(f === 4 ? v4 : v6).a)).map(([n, a]) => `${f === 4 ? 'ip' : 'ip6'} saddr ${n}${single(a)}`),
          dst: fc.tuple(neg, fc.constantFrom(...(f === 4 ? [...v4.b, ...RANGES[4].b] : v6.b))).map(([n, a]) => `${f === 4 ? 'ip' : 'ip6'} daddr ${n}${a}`),
          in: fc.tuple(neg, fc.constantFrom(lan, wan, 'lan*')).map(([n, i]) => `iifname ${n}"${i}"`),
          out: fc.tuple(neg, fc.constantFrom(lan, wan)).map(([n, i]) => `oifname ${n}"${i}"`),
          protocol: fc.oneof(
            fc.tuple(neg, fc.constantFrom('tcp', 'udp')).map(([n, p]) => `meta l4proto ${n}${p}`),
            fc.tuple(fc.constantFrom('tcp', 'udp'), neg, fc.constantFrom('22', '53', '80', '443', '8000-8099', '1024-65535', '{ 80, 443 }', '{ 22, 53, 8000-8099 }')).map(([p, n, ports]) => `${p} dport ${n}${ports}`),
            fc.tuple(neg, fc.constantFrom('echo-request', 'echo-reply')).map(([n, t]) => `${f === 4 ? 'icmp' : 'icmpv6'} type ${n}${t}`),
          ),
          state: fc.constantFrom('ct state new', 'ct state established,related', 'ct state { new, established }', 'ct state invalid', 'ct state != established'),
        },
        { requiredKeys: [] },
      )
      .map((m) => Object.values(m)),
  );
  const verdict = (chain: number, chains: number): fc.Arbitrary<string> => {
    const basic = fc.constantFrom('accept', 'drop', 'reject', 'return', 'log prefix "sanso "', '');
    if (chain >= chains - 1) return basic;
    const callee = fc.integer({ min: chain + 1, max: chains - 1 });
    return fc.oneof({ arbitrary: basic, weight: 3 }, { arbitrary: callee.map((c) => `jump c${c}`), weight: 2 }, { arbitrary: callee.map((c) => `goto c${c}`), weight: 1 });
  };
  return fc.integer({ min: 1, max: 4 }).chain((chains) =>
    fc
      .tuple(fc.constantFrom('accept', 'drop'), fc.tuple(...Array.from({ length: chains }, (_, c) => fc.array(fc.tuple(matches, verdict(c, chains)), { minLength: c === 0 ? 1 : 0, maxLength: 6 }))))
      .map(([policy, bodies]) => {
        let n = 0;
        const body = (rules: [string[], string][]): string[] => rules.map(([ms, v]) => `    ${[...ms, 'counter', v].filter((x) => x !== '').join(' ')} comment "r${++n}"`);
        const lines = ['flush ruleset', 'table inet sanso {'];
        for (let c = chains - 1; c >= 1; c--) lines.push(`  chain c${c} {`, ...body(bodies[c]!), '  }');
        lines.push('  chain forward_filter {', `    type filter hook forward priority filter; policy ${policy};`, ...body(bodies[0]!), '  }', '}', '');
        return lines.join('\n');
      }),
  );
}

describeKernel('sanso against the kernel (nftables)', () => {
  let router: Router;
  beforeAll(() => (router = routerForProbes()));
  afterAll(() => router?.destroy());

  it('every probe is decided by the same rule (by its comment), or the policy, as in the kernel', () => {
    let probes = 0;
    fc.assert(
      fc.property(nftRulesetArb(router.lanIf, router.wanIf), fc.constantFrom<Family>(4, 6).chain((f) => probesArb(f)), (text, list) => {
        router.loadNft(text);
        // What sanso reads is what the kernel holds, as `nft -j list ruleset` prints it (without the harness's own table).
        const listed = JSON.parse(execFileSync('ip', ['netns', 'exec', router.namespaces.r, 'nft', '-j', 'list', 'ruleset'], { encoding: 'utf8' })) as { nftables: Record<string, { table?: string; name?: string }>[] };
        const json = { nftables: listed.nftables.filter((o) => Object.values(o)[0]?.table !== 'sanso_oracle_obs' && !(o.table?.name === 'sanso_oracle_obs')) };
        for (const p of list) {
          probes++;
          const verdict = router.probe(p);
          const d = verdict.nftRule;
          if (!d) throw new Error(`the kernel gave no decision for ${JSON.stringify(p)}; trace ${verdict.trace.join(' | ')}`);
          const kernel = 'policy' in d ? `policy ${d.verdict === 'accept' ? 'allow' : 'deny'}` : `${d.comment} ${d.verdict === 'accept' ? 'allow' : 'deny'}`;
          const nft = parseNftablesJson(json, p.family);
          if (nft.problems.length > 0) throw new Error(`sanso could not read the ruleset: ${JSON.stringify(nft.problems)}\n${text}`);
          const sanso = decisionOf(flattenForward(nft, behindOf(router, p.family))!, p, (rule) => rule.comment ?? 'policy');
          if (kernel !== sanso) throw new Error(`probe ${JSON.stringify(p)}: kernel "${kernel}", sanso "${sanso}"\n${text}`);
          if (verdict.delivered !== sanso.endsWith('allow')) throw new Error(`probe ${JSON.stringify(p)}: delivered ${verdict.delivered}, sanso "${sanso}"\n${text}`);
        }
      }),
      { numRuns: 40 },
    );
    console.log(`nftables: ${probes} probes agreed with the kernel`);
  });
});
