/**
 * Tests of the kernel oracle harness itself (test/kernel/oracle.ts): hand-written rule sets whose
 * decisions are derived by reading them, checked against what the kernel does.
 * Skipped (as jest skips, with one line saying why) where the oracle cannot run.
 */
import { spawnSync } from 'child_process';
import { createRouter, kernelStatus, type Decision, type Probe, type Router } from './oracle';

const status = kernelStatus();
if (!status.ok) console.log(`kernel oracle tests skipped: ${status.reason}`);
const describeKernel = status.ok ? describe : describe.skip;

function netnsList(): string[] {
  const r = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8', timeout: 10_000 });
  return String(r.stdout ?? '')
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    .filter((n) => n !== '');
}

const rule = (chain: string, index: number, target: string): Decision => ({ kind: 'rule', chain, index, target });
const policy = (p: 'ACCEPT' | 'DROP'): Decision => ({ kind: 'policy', chain: 'FORWARD', policy: p });

// In the spirit of kernel-oracle.md §2.6: a user chain with a RETURN for a source range, jumps, a
// goto whose RETURN ends FORWARD (so the policy applies, not the later FORWARD rules), `! -s`,
// multiport, iprange, -i/-o with the router's interface names, conntrack NEW, REJECT, a counting
// rule without target, and a DROP policy on FORWARD.
const V4 = `*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:F_web - [0:0]
:F_dns - [0:0]
:F_mgmt - [0:0]
:F_deny - [0:0]
-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A FORWARD -i lan0 -o wan0 -p tcp -m multiport --dports 80,443 -j F_web
-A FORWARD -i lan0 -o wan0 -p udp -m udp --dport 53 -j F_dns
-A FORWARD -p tcp -m tcp --dport 22 -g F_mgmt
-A FORWARD -p icmp -m icmp --icmp-type echo-request -m conntrack --ctstate NEW -j ACCEPT
-A FORWARD -p tcp -m tcp --dport 8000:8099
-A FORWARD -p tcp -m tcp --dport 8080 -j REJECT --reject-with tcp-reset
-A FORWARD -s 203.0.113.0/24 -p tcp -j ACCEPT
-A FORWARD -i wan0 -j DROP
-A F_web -s 192.0.2.8/29 -j RETURN
-A F_web -m iprange --dst-range 198.51.100.10-198.51.100.20 -m conntrack --ctstate NEW -j ACCEPT
-A F_web ! -s 203.0.113.0/24 -j F_deny
-A F_dns -d 198.51.100.53/32 -j ACCEPT
-A F_dns -p udp -j REJECT --reject-with icmp-port-unreachable
-A F_mgmt -s 192.0.2.100/32 -j ACCEPT
-A F_mgmt -s 203.0.113.0/25 -j RETURN
-A F_mgmt -j DROP
-A F_deny -m comment --comment "deny -j ACCEPT in a comment" -j DROP
COMMIT
`;

const V6 = `*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:F6_web - [0:0]
-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A FORWARD -p ipv6-icmp -m icmp6 --icmpv6-type echo-request -j ACCEPT
-A FORWARD -i lan0 -o wan0 -p tcp -m multiport --dports 80,443 -j F6_web
-A FORWARD -p udp -m udp --dport 500:510 -j REJECT --reject-with icmp6-adm-prohibited
-A FORWARD ! -s 2001:db8:a::/64 -p udp -j ACCEPT
-A F6_web -s 2001:db8:a::8/125 -j RETURN
-A F6_web -m iprange --dst-range 2001:db8:b::10-2001:db8:b::20 -m conntrack --ctstate NEW -j ACCEPT
-A F6_web -j DROP
COMMIT
`;

const NFT = `flush ruleset
table inet fw {
  chain web {
    ip saddr 192.0.2.8/29 counter return comment "web-except"
    ip daddr 198.51.100.10-198.51.100.20 counter accept comment "web-ok"
    counter drop comment "web-deny"
  }
  chain forward {
    type filter hook forward priority filter; policy drop;
    ct state established,related counter accept comment "return-traffic"
    iifname "lan0" oifname "wan0" tcp dport { 80, 443 } counter jump web comment "to-web"
    ip6 saddr 2001:db8:c::/64 udp dport 53 counter accept comment "dns6"
    udp dport 54 counter reject comment "dns-reject"
    meta l4proto icmp ct state new counter accept comment "ping"
    counter comment "policy-drop"
  }
}
`;

const A4 = ['192.0.2.7', '192.0.2.8', '192.0.2.15', '192.0.2.16', '192.0.2.100', '192.0.2.101', '203.0.113.5', '203.0.113.200'];
const B4 = ['198.51.100.9', '198.51.100.10', '198.51.100.20', '198.51.100.21', '198.51.100.53'];
const A6 = ['2001:db8:a::7', '2001:db8:a::8', '2001:db8:a::f', '2001:db8:a::10', '2001:db8:c::5'];
const B6 = ['2001:db8:b::f', '2001:db8:b::10', '2001:db8:b::20', '2001:db8:b::21'];

const tcp4 = (src: string, dst: string, dport: number): Probe => ({ family: 4, src, dst, proto: 'tcp', dport });
const udp4 = (src: string, dst: string, dport: number): Probe => ({ family: 4, src, dst, proto: 'udp', dport });
const tcp6 = (src: string, dst: string, dport: number): Probe => ({ family: 6, src, dst, proto: 'tcp', dport });
const udp6 = (src: string, dst: string, dport: number): Probe => ({ family: 6, src, dst, proto: 'udp', dport });

describeKernel('kernel oracle harness', () => {
  let router: Router | undefined;
  const r = (): Router => {
    if (!router) throw new Error('no router');
    return router;
  };

  beforeAll(() => {
    router = createRouter();
    for (const a of [...A4, ...A6]) router.addAddress('a', a);
    for (const b of [...B4, ...B6]) router.addAddress('b', b);
  }, 60_000);

  afterAll(() => {
    router?.destroy();
  }, 60_000);

  it('addAddress accepts only documentation ranges, on the right side, and is idempotent', () => {
    r().addAddress('a', '192.0.2.7');
    r().addAddress('a', '2001:0db8:000a:0000:0000:0000:0000:0007');
    expect(() => r().addAddress('a', '198.51.100.30')).toThrow(/documentation ranges/);
    expect(() => r().addAddress('b', '192.0.2.30')).toThrow(/documentation ranges/);
    expect(() => r().addAddress('a', '10.0.0.1')).toThrow(/documentation ranges/);
    expect(() => r().addAddress('b', '2001:db8:a::9')).toThrow(/documentation ranges/);
    expect(() => r().addAddress('a', '192.0.2.1')).toThrow(/router/);
    expect(() => r().addAddress('b', '2001:db8:b::1')).toThrow(/router/);
    expect(() => r().addAddress('b', '198.51.100.255')).toThrow(/broadcast/);
    expect(() => r().addAddress('a', 'not-an-address')).toThrow();
    expect(() => r().probe(tcp4('192.0.2.77', '198.51.100.10', 80))).toThrow(/host A/);
  });

  it('IPv4 via iptables-restore: exact deciding rule and delivery at host B', () => {
    r().loadIptables(V4);
    const cases: [Probe, Decision, boolean][] = [
      // F_web: RETURN for 192.0.2.8/29 (8..15), iprange 198.51.100.10-20 with ctstate NEW
      [tcp4('192.0.2.7', '198.51.100.10', 80), rule('F_web', 2, 'ACCEPT'), true],
      [tcp4('192.0.2.8', '198.51.100.10', 80), policy('DROP'), false],
      [tcp4('192.0.2.15', '198.51.100.10', 443), policy('DROP'), false],
      [tcp4('192.0.2.16', '198.51.100.10', 443), rule('F_web', 2, 'ACCEPT'), true],
      [tcp4('192.0.2.7', '198.51.100.9', 80), rule('F_deny', 1, 'DROP'), false],
      [tcp4('192.0.2.7', '198.51.100.20', 443), rule('F_web', 2, 'ACCEPT'), true],
      [tcp4('192.0.2.7', '198.51.100.21', 443), rule('F_deny', 1, 'DROP'), false],
      // ! -s 203.0.113.0/24 does not match: back in FORWARD, rule 8 accepts
      [tcp4('203.0.113.5', '198.51.100.21', 80), rule('FORWARD', 8, 'ACCEPT'), true],
      // multiport edges
      [tcp4('192.0.2.7', '198.51.100.10', 79), policy('DROP'), false],
      [tcp4('192.0.2.7', '198.51.100.10', 81), policy('DROP'), false],
      // F_dns
      [udp4('192.0.2.7', '198.51.100.53', 53), rule('F_dns', 1, 'ACCEPT'), true],
      [udp4('192.0.2.7', '198.51.100.20', 53), rule('F_dns', 2, 'REJECT'), false],
      [udp4('192.0.2.7', '198.51.100.53', 54), policy('DROP'), false],
      // goto F_mgmt: its RETURN ends FORWARD, so the policy decides and FORWARD rule 8 is never reached
      [tcp4('192.0.2.100', '198.51.100.20', 22), rule('F_mgmt', 1, 'ACCEPT'), true],
      [tcp4('192.0.2.101', '198.51.100.20', 22), rule('F_mgmt', 3, 'DROP'), false],
      [tcp4('203.0.113.5', '198.51.100.20', 22), policy('DROP'), false],
      [tcp4('203.0.113.200', '198.51.100.20', 22), rule('F_mgmt', 3, 'DROP'), false],
      // rule 6 only counts (no target); rule 7 rejects
      [tcp4('192.0.2.7', '198.51.100.20', 8080), rule('FORWARD', 7, 'REJECT'), false],
      [tcp4('192.0.2.7', '198.51.100.20', 8099), policy('DROP'), false],
      [tcp4('203.0.113.5', '198.51.100.20', 8100), rule('FORWARD', 8, 'ACCEPT'), true],
      // ICMP echo request (NEW) vs timestamp request
      [{ family: 4, src: '192.0.2.7', dst: '198.51.100.20', proto: 'icmp' }, rule('FORWARD', 5, 'ACCEPT'), true],
      [{ family: 4, src: '192.0.2.7', dst: '198.51.100.20', proto: 'icmp', icmpType: 13 }, policy('DROP'), false],
    ];
    const got = cases.map(([p]) => {
      const v = r().probe(p);
      return { probe: p, decision: v.decision, delivered: v.delivered, trace: v.trace };
    });
    const want = cases.map(([p, decision, delivered]) => ({ probe: p, decision, delivered }));
    expect(got.map(({ probe, decision, delivered }) => ({ probe, decision, delivered }))).toEqual(want);
    // the counting rule without a target shows in the trace before the REJECT
    expect(got[17]?.trace.slice(0, 2)).toEqual(['FORWARD#6 (no target)', 'FORWARD#7 -j REJECT']);
    // same probe twice: conntrack still says NEW (host B never answers), same decision
    expect(r().probe(tcp4('192.0.2.7', '198.51.100.10', 80)).decision).toEqual(rule('F_web', 2, 'ACCEPT'));
    // the IPv6 side has no rules (no ip6 filter table): forwarded, no decision
    const v6 = r().probe(tcp6('2001:db8:a::7', '2001:db8:b::10', 22));
    expect(v6.decision).toBeUndefined();
    expect(v6.delivered).toBe(true);
  }, 60_000);

  it('IPv6 via ip6tables-restore, loaded with an IPv4 set', () => {
    r().loadIptables(V4, V6);
    const cases: [Probe, Decision, boolean][] = [
      // F6_web: RETURN for 2001:db8:a::8/125 (::8..::f), iprange b::10-b::20
      [tcp6('2001:db8:a::7', '2001:db8:b::10', 80), rule('F6_web', 2, 'ACCEPT'), true],
      [tcp6('2001:db8:a::8', '2001:db8:b::10', 80), policy('DROP'), false],
      [tcp6('2001:db8:a::f', '2001:db8:b::10', 80), policy('DROP'), false],
      [tcp6('2001:db8:a::10', '2001:db8:b::10', 80), rule('F6_web', 2, 'ACCEPT'), true],
      [tcp6('2001:db8:a::7', '2001:db8:b::f', 443), rule('F6_web', 3, 'DROP'), false],
      [tcp6('2001:db8:a::7', '2001:db8:b::20', 443), rule('F6_web', 2, 'ACCEPT'), true],
      [tcp6('2001:db8:a::7', '2001:db8:b::21', 443), rule('F6_web', 3, 'DROP'), false],
      [{ family: 6, src: '2001:db8:a::7', dst: '2001:db8:b::20', proto: 'icmp' }, rule('FORWARD', 2, 'ACCEPT'), true],
      [udp6('2001:db8:a::7', '2001:db8:b::20', 500), rule('FORWARD', 4, 'REJECT'), false],
      [udp6('2001:db8:a::7', '2001:db8:b::20', 511), policy('DROP'), false],
      [udp6('2001:db8:c::5', '2001:db8:b::20', 511), rule('FORWARD', 5, 'ACCEPT'), true],
      [udp6('2001:db8:c::5', '2001:db8:b::20', 510), rule('FORWARD', 4, 'REJECT'), false],
      [tcp6('2001:db8:c::5', '2001:db8:b::20', 22), policy('DROP'), false],
    ];
    const got = cases.map(([p]) => {
      const v = r().probe(p);
      return { probe: p, decision: v.decision, delivered: v.delivered };
    });
    expect(got).toEqual(cases.map(([p, decision, delivered]) => ({ probe: p, decision, delivered })));
    // and IPv4 still answers from its own table
    expect(r().probe(udp4('192.0.2.7', '198.51.100.53', 53)).decision).toEqual(rule('F_dns', 1, 'ACCEPT'));
  }, 60_000);

  it('nft ruleset with counters and comments', () => {
    expect(() => r().loadNft('table inet t {\n  chain f { type filter hook forward priority 0; tcp dport 1 accept; }\n}\n')).toThrow(
      /counter/,
    );
    r().loadNft(NFT);
    const cases: [Probe, string | undefined, boolean][] = [
      [tcp4('192.0.2.7', '198.51.100.10', 80), 'web-ok', true],
      [tcp4('192.0.2.8', '198.51.100.10', 80), undefined, false], // RETURN, then the policy
      [tcp4('192.0.2.7', '198.51.100.21', 443), 'web-deny', false],
      [udp6('2001:db8:c::5', '2001:db8:b::20', 53), 'dns6', true],
      [udp6('2001:db8:a::7', '2001:db8:b::20', 53), undefined, false],
      [udp4('192.0.2.7', '198.51.100.20', 54), 'dns-reject', false],
      [{ family: 4, src: '192.0.2.7', dst: '198.51.100.20', proto: 'icmp' }, 'ping', true],
      [{ family: 6, src: '2001:db8:a::7', dst: '2001:db8:b::20', proto: 'icmp' }, undefined, false],
    ];
    const handles = new Map<string, number>();
    for (const [p, comment, delivered] of cases) {
      const v = r().probe(p);
      expect({ probe: p, delivered: v.delivered }).toEqual({ probe: p, delivered });
      expect(v.decision).toBeUndefined();
      if (comment === undefined) {
        expect(v.nftRule).toEqual({ policy: true, chain: 'forward', table: 'fw', family: 'inet', verdict: 'drop' });
      } else {
        const nr = v.nftRule;
        if (!nr || 'policy' in nr) throw new Error(`expected rule ${comment}, got ${JSON.stringify(v)}`);
        expect({ comment: nr.comment, chain: nr.chain }).toEqual({
          comment,
          chain: comment.startsWith('web') ? 'web' : 'forward',
        });
        expect(nr.handle).toBeGreaterThan(0);
        expect(handles.get(comment) ?? nr.handle).toBe(nr.handle);
        handles.set(comment, nr.handle);
      }
    }
    expect(r().probe(tcp4('192.0.2.16', '198.51.100.20', 443)).nftRule).toMatchObject({ comment: 'web-ok', handle: handles.get('web-ok') });
  }, 60_000);

  it('a packet dropped before FORWARD (raw table) has no decision and is not delivered', () => {
    r().loadIptables(`${V4}*raw\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A PREROUTING -p udp -m udp --dport 7 -j DROP\nCOMMIT\n`);
    const v = r().probe(udp4('192.0.2.7', '198.51.100.53', 7));
    expect({ decision: v.decision, delivered: v.delivered }).toEqual({ decision: undefined, delivered: false });
    expect(v.trace.join('\n')).toMatch(/not settled/);
    // the next probe is unaffected
    expect(r().probe(udp4('192.0.2.7', '198.51.100.53', 53))).toMatchObject({ delivered: true, decision: rule('F_dns', 1, 'ACCEPT') });
  }, 60_000);

  it('200 probes in a loop (timing is informative)', () => {
    r().loadIptables(V4, V6);
    const probes: [Probe, boolean][] = [
      [tcp4('192.0.2.7', '198.51.100.10', 80), true],
      [tcp4('192.0.2.8', '198.51.100.10', 80), false],
      [udp4('192.0.2.7', '198.51.100.20', 53), false],
      [tcp6('2001:db8:a::7', '2001:db8:b::10', 80), true],
    ];
    const started = process.hrtime.bigint();
    let delivered = 0;
    for (let i = 0; i < 200; i++) {
      const [p, want] = probes[i % probes.length] as [Probe, boolean];
      const v = r().probe({ ...p, sport: 40000 + (i % 1000) });
      expect(v.delivered).toBe(want);
      if (v.delivered) delivered++;
    }
    const avgMs = Number(process.hrtime.bigint() - started) / 1e6 / 200;
    console.log(`kernel oracle: 200 probes, ${avgMs.toFixed(1)} ms per probe on average`);
    expect(delivered).toBe(100);
    expect(avgMs).toBeLessThan(500);
  }, 120_000);
});

describeKernel('kernel oracle cleanup', () => {
  it('destroy() removes every namespace, twice is harmless, and a destroyed router refuses work', () => {
    const router = createRouter();
    const names = Object.values(router.namespaces);
    try {
      expect(netnsList()).toEqual(expect.arrayContaining(names));
      router.addAddress('a', '192.0.2.7');
      router.addAddress('b', '198.51.100.20');
      router.loadIptables('*filter\n:FORWARD ACCEPT [0:0]\nCOMMIT\n');
      expect(router.probe(udp4('192.0.2.7', '198.51.100.20', 9))).toMatchObject({
        delivered: true,
        decision: { kind: 'policy', chain: 'FORWARD', policy: 'ACCEPT' },
      });
    } finally {
      router.destroy();
    }
    const left = netnsList();
    for (const n of names) expect(left).not.toContain(n);
    expect(() => router.destroy()).not.toThrow();
    expect(() => router.probe(udp4('192.0.2.7', '198.51.100.20', 9))).toThrow(/destroyed/);
  }, 60_000);
});
