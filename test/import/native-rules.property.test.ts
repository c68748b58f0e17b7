// `sanso import` against the unfolded chain it writes out: the native rules, read back as a firewall of a
// model, decide every packet of a small universe as the iptables-save rule set does (same action; the
// default for what no rule takes), and each names the line it came from.

import fc from 'fast-check';
import { decidePacket } from '../../src/flows/first-match';
import { parseIptablesSave } from '../../src/import/iptables-save';
import { toNativeRules } from '../../src/import/native-rules';
import { flattenChain } from '../../src/import/netfilter';
import { buildModel } from '../../src/model/build';
import { IpSet } from '../../src/net/ip-set';
import { parseText } from '../../src/source/document';
import { BASE, rulesetText } from './rulesets';

const PACKETS = [0, 1, 2, 3, 4, 5, 6, 7, 200].flatMap((src) =>
  [0, 1, 3, 5, 200].flatMap((dst) => [6, 17, 1, 47].flatMap((proto) => [0, 1, 3, 8, 80, 443].map((port) => ({ family: 4 as const, src: BASE + BigInt(src), dst: BASE + BigInt(dst), proto, port })))),
);

it('writes rules that decide every packet as the imported chain does', () => {
  fc.assert(
    fc.property(rulesetText(false), (text) => {
      const flat = flattenChain(parseIptablesSave(text, 4), () => IpSet.EMPTY)!;
      const yaml = toNativeRules([{ family: 4, flat }], { file: 'fw.rules', format: 'iptables-save', what: 'table filter, chain FORWARD', where: (line) => `fw.rules:${line}` });
      const body = yaml.split('\n').map((l) => `    ${l}`).join('\n');
      const model = `sanso: 1\nzones:\n  all: { external: other, networks: [0.0.0.0/0] }\nfirewalls:\n  fw:\n    interfaces: { a: [all] }\n${body}\n`;
      const parsed = parseText('m.yaml', model);
      expect(parsed.problems).toEqual([]);
      const built = buildModel([parsed.document!], '2026-11-28');
      expect(built.diagnostics).toEqual([]);
      const native = built.model.firewalls.get('fw')!;
      for (const packet of PACKETS) {
        const entry = flat.entries.find((e) => e.space.contains(packet));
        const expected = entry ? entry.action : flat.policy === 'ACCEPT' ? 'allow' : 'deny';
        const decided = decidePacket(native, packet);
        if (decided.action !== expected) throw new Error(`${JSON.stringify({ ...packet, src: String(packet.src), dst: String(packet.dst) })}: native ${decided.action}, imported ${expected}\n${text}\n${yaml}`);
        if (entry) expect(decided.rule?.comment).toContain(`fw.rules:${entry.rule.line}`);
      }
    }),
    { numRuns: 200 },
  );
});
