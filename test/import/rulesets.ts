// Random iptables-save rule sets over a small universe (10.0.0.0-7 behind two interfaces), shared by the
// tests of the netfilter unfolding and of the native rules written from it.

import fc from 'fast-check';

export const BASE = 0x0a000000n; // 10.0.0.0
/** Zones behind the router's interfaces: lan0 holds 10.0.0.0-3, wan0 10.0.0.4-7, dmz+ nothing. */
export const BEHIND: Record<string, [number, number]> = { lan0: [0, 3], wan0: [4, 7] };


const address = fc.oneof(
  fc.nat(7).map((a) => `10.0.0.${a}`),
  fc.constantFrom('10.0.0.0/30', '10.0.0.4/30', '10.0.0.0/29', '10.0.0.2/31', '10.0.0.6/31'),
);
const neg = fc.boolean().map((b) => (b ? '! ' : ''));
/** At most one of each kind of match per rule, as iptables requires (one -p, one -s, …). */
const matches = fc
  .record(
    {
      src: fc.tuple(neg, address).map(([n, a]) => `${n}-s ${a}`),
      dst: fc.tuple(neg, address).map(([n, a]) => `${n}-d ${a}`),
      in: fc.tuple(neg, fc.constantFrom('lan0', 'wan0', 'dmz+', 'lan+')).map(([n, i]) => `${n}-i ${i}`),
      out: fc.tuple(neg, fc.constantFrom('lan0', 'wan0', 'dmz0')).map(([n, i]) => `${n}-o ${i}`),
      protocol: fc.oneof(
        fc.tuple(neg, fc.constantFrom('tcp', 'udp', 'icmp', '47')).map(([n, p]) => `${n}-p ${p}`),
        fc.tuple(fc.constantFrom('tcp', 'udp'), neg, fc.constantFrom('1', '1:2', '80', ':2', '3:')).map(([p, m, ports]) => `-p ${p} -m ${p} ${m}--dport ${ports}`),
        fc.tuple(fc.constantFrom('tcp', 'udp'), neg, fc.constantFrom('1,3', '80,443', '0:1,443')).map(([p, m, ports]) => `-p ${p} -m multiport ${m}--dports ${ports}`),
        fc.tuple(neg, fc.constantFrom('8', 'echo-reply', '3')).map(([n, t]) => `-p icmp -m icmp ${n}--icmp-type ${t}`),
      ),
      state: fc.tuple(neg, fc.constantFrom('NEW', 'ESTABLISHED,RELATED', 'NEW,ESTABLISHED', 'INVALID')).map(([n, s]) => `-m conntrack ${n}--ctstate ${s}`),
      range: fc.tuple(neg, fc.constantFrom('10.0.0.1-10.0.0.5', '10.0.0.3-10.0.0.3')).map(([n, r]) => `-m iprange ${n}--dst-range ${r}`),
    },
    { requiredKeys: [] },
  )
  .map((m) => Object.values(m));
type TargetSpec = 'ACCEPT' | 'DROP' | 'REJECT' | 'RETURN' | 'LOG' | 'none' | { jump: number } | { goto: number };
const target = (chain: number, chains: number): fc.Arbitrary<TargetSpec> => {
  const later = chains - chain - 1;
  const basic = fc.constantFrom<TargetSpec>('ACCEPT', 'DROP', 'REJECT', 'RETURN', 'LOG', 'none');
  if (later <= 0) return basic;
  const callee = fc.integer({ min: chain + 1, max: chains - 1 });
  return fc.oneof({ arbitrary: basic, weight: 3 }, { arbitrary: callee.map((c) => ({ jump: c })), weight: 2 }, { arbitrary: callee.map((c) => ({ goto: c })), weight: 2 });
};
const chainName = (i: number): string => (i === 0 ? 'FORWARD' : `USER${i}`);

/** Random iptables-save texts of the filter table: FORWARD and up to three user chains (jumps go to later chains only). */
export const rulesetText = (withInterfaces: boolean): fc.Arbitrary<string> => fc.integer({ min: 1, max: 4 }).chain((chains) =>
  fc
    .tuple(
      fc.constantFrom('ACCEPT', 'DROP'),
      fc.tuple(...Array.from({ length: chains }, (_, c) => fc.array(fc.tuple(withInterfaces ? matches : matches.map((ms) => ms.filter((m) => !/-[io] /.test(m))), target(c, chains)), { maxLength: 5 }))),
    )
    .map(([policy, bodies]) => {
      const lines = ['# generated', '*filter', ':INPUT ACCEPT [0:0]', `:FORWARD ${policy} [0:0]`, ':OUTPUT ACCEPT [0:0]'];
      for (let c = 1; c < chains; c++) lines.push(`:${chainName(c)} - [0:0]`);
      bodies.forEach((rules, c) => {
        for (const [matches, t] of rules) {
          const tail = t === 'none' ? '' : typeof t === 'string' ? ` -j ${t}` : 'jump' in t ? ` -j ${chainName(t.jump)}` : ` -g ${chainName(t.goto)}`;
          lines.push(`-A ${chainName(c)}${matches.length ? ' ' + matches.join(' ') : ''}${tail}`);
        }
      });
      lines.push('COMMIT', '');
      return lines.join('\n');
    }),
);

