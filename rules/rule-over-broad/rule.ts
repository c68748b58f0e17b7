// rule-over-broad: allow rules that cross a tier boundary with more than they need — `any` where a
// tier's hosts should be named, very wide address blocks, wide port ranges. Over-broad rules are how
// an exposure nobody intended gets in.

import type { Severity } from '../../src/core/finding';
import { crossingFacts, defineRule, type CrossingRule } from '../../src/engine/rule';
import { involvesMyNumber, isInterTier, type Crossing } from '../../src/model/tier-map';
import type { AddressMatch } from '../../src/model/types';
import { IpSet } from '../../src/net/ip-set';
import { PROTO_TCP, PROTO_UDP } from '../../src/net/service';

export default defineRule({
  meta: {
    id: 'rule-over-broad',
    title: { ja: '範囲が広すぎる領域間許可ルール', en: 'Over-broad cross-tier allow rule' },
    description: {
      ja: '領域の境界を越える許可ルールのうち、送信元・宛先・サービスが `any` のもの、アドレス範囲が非常に広いもの、ポート範囲が広いものを検出します。',
      en: 'Finds allow rules crossing a tier boundary whose source, destination or service is `any`, whose address blocks are very wide, or whose port ranges are wide.',
    },
    category: 'rule-base',
    severity: 'warning',
    references: ['GL 対策基準 3(1)', 'GL 対策基準 3(2)', 'GL 対策基準 6.1'],
    options: {
      schema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          wideIpv4Prefix: { type: 'integer', minimum: 0, maximum: 32, description: 'IPv4 blocks larger than a prefix of this length are wide. / この長さのプレフィックスより広い IPv4 範囲を「広い」とする' },
          wideIpv6Prefix: { type: 'integer', minimum: 0, maximum: 128, description: 'IPv6 blocks larger than a prefix of this length are wide. / この長さのプレフィックスより広い IPv6 範囲を「広い」とする' },
          maxPortRange: { type: 'integer', minimum: 1, maximum: 65536, description: 'Contiguous TCP or UDP port ranges longer than this are wide. / これより長い TCP・UDP の連続ポート範囲を「広い」とする' },
        },
      },
      defaults: { wideIpv4Prefix: 16, wideIpv6Prefix: 48, maxPortRange: 256 },
    },
    messages: {
      'any-source': {
        ja: '{{firewall}} のルール {{firewallRule}} は送信元が any のため、{{fromTier}}から{{toTier}}への通信まで許可しています。送信元を必要なホスト・セグメントに限定してください。',
        en: 'Rule {{firewallRule}} of {{firewall}} has source any, so it also allows traffic from {{fromTier}} to {{toTier}}. Limit the source to the hosts or segments that need it.',
      },
      'any-destination': {
        ja: '{{firewall}} のルール {{firewallRule}} は宛先が any のため、{{fromTier}}から{{toTier}}への通信まで許可しています。宛先を必要なホスト・セグメントに限定してください。',
        en: 'Rule {{firewallRule}} of {{firewall}} has destination any, so it also allows traffic from {{fromTier}} to {{toTier}}. Limit the destination to the hosts or segments that need it.',
      },
      'any-service': {
        ja: '{{firewall}} のルール {{firewallRule}} は{{fromTier}}から{{toTier}}への通信を、すべてのサービス（any）で許可しています。領域をまたぐ通信は必要なプロトコル・ポートだけに限定してください。',
        en: 'Rule {{firewallRule}} of {{firewall}} allows traffic from {{fromTier}} to {{toTier}} on every service (any). Limit cross-tier traffic to the protocols and ports it needs.',
      },
      'wide-source': {
        ja: '{{firewall}} のルール {{firewallRule}} の送信元 {{addresses}} は {{count}} 個のアドレスを含み、上限（/{{limit}} 相当）より広い範囲で領域をまたぐ通信を許可しています。必要なホスト・セグメントに限定してください。',
        en: 'The source of rule {{firewallRule}} of {{firewall}}, {{addresses}}, holds {{count}} addresses, wider than the limit (a /{{limit}}), and crosses a tier boundary. Limit it to the hosts or segments that need it.',
      },
      'wide-destination': {
        ja: '{{firewall}} のルール {{firewallRule}} の宛先 {{addresses}} は {{count}} 個のアドレスを含み、上限（/{{limit}} 相当）より広い範囲で領域をまたぐ通信を許可しています。必要なホスト・セグメントに限定してください。',
        en: 'The destination of rule {{firewallRule}} of {{firewall}}, {{addresses}}, holds {{count}} addresses, wider than the limit (a /{{limit}}), and crosses a tier boundary. Limit it to the hosts or segments that need it.',
      },
      'wide-ports': {
        ja: '{{firewall}} のルール {{firewallRule}} はポート範囲 {{range}}（{{count}} ポート、上限 {{limit}}）で領域をまたぐ通信を許可しています。必要なポートだけに限定してください。',
        en: 'Rule {{firewallRule}} of {{firewall}} allows the port range {{range}} ({{count}} ports, limit {{limit}}) across a tier boundary. Limit it to the ports that are needed.',
      },
    },
  },
  check(context) {
    const v4Prefix = Number(context.options.wideIpv4Prefix);
    const v6Prefix = Number(context.options.wideIpv6Prefix);
    const maxPortRange = BigInt(Number(context.options.maxPortRange));
    for (const crossing of context.crossingRules()) {
      const rule = crossing.reach.rule;
      const report = (messageId: string, pointer: string, c: Crossing, data: Record<string, string | number>, severity?: Severity): void => {
        const facts = crossingFacts(crossing, c);
        context.report({
          messageId,
          data: { ...facts.data, ...data },
          origin: { file: rule.origin.file, pointer: `${rule.origin.pointer}/${pointer}` },
          ...(facts.witness ? { witness: facts.witness } : {}),
          ...(facts.possible ? { possible: facts.possible } : {}),
          ...(severity ? { severity } : {}),
        });
      };

      // A wildcard address is over-broad where it lets the rule reach between two tiers of the body or
      // into or out of the My Number tier; towards an outside network `any` is often the only way to say it.
      const worst = pickCrossing(crossing);
      if (isInterTier(worst)) {
        const severity: Severity = involvesMyNumber(worst) ? 'error' : 'warning';
        if (wildcard(rule.from)) report('any-source', 'from', worst, {}, severity);
        if (wildcard(rule.to)) report('any-destination', 'to', worst, {}, severity);
      }
      if (rule.services.any) report('any-service', 'services', worst, {}, involvesMyNumber(worst) ? 'error' : 'warning');

      for (const [side, messageId] of [['from', 'wide-source'], ['to', 'wide-destination']] as const) {
        const match = rule[side];
        if (wildcard(match)) continue;
        const inside = match.set.difference(context.tiers.outside);
        const v4 = inside.v4.size();
        const v6 = inside.v6.size();
        const wide4 = v4 > 1n << BigInt(32 - v4Prefix);
        const wide6 = v6 > 1n << BigInt(128 - v6Prefix);
        if (!wide4 && !wide6) continue;
        report(messageId, side, worst, {
          addresses: match.terms.join(', '),
          count: (wide4 ? v4 : v6).toLocaleString('en-US'),
          limit: wide4 ? v4Prefix : v6Prefix,
        });
      }

      if (!rule.services.any) {
        for (const proto of [PROTO_TCP, PROTO_UDP]) {
          const widest = rule.services.ports.ports(proto).intervals.reduce<readonly [bigint, bigint] | undefined>(
            (w, iv) => (!w || iv[1] - iv[0] > w[1] - w[0] ? iv : w),
            undefined,
          );
          if (!widest || widest[1] - widest[0] + 1n <= maxPortRange) continue;
          report('wide-ports', 'services', worst, {
            range: `${proto === PROTO_TCP ? 'tcp' : 'udp'}/${widest[0]}-${widest[1]}`,
            count: Number(widest[1] - widest[0] + 1n),
            limit: Number(maxPortRange),
          });
        }
      }
    }
  },
});

/** The crossing a finding names: one involving the My Number tier first, then one between two tiers. */
function pickCrossing(rule: CrossingRule): Crossing {
  const score = (c: Crossing): number => (involvesMyNumber(c) ? 2 : isInterTier(c) ? 1 : 0);
  return [...rule.crossings].sort((a, b) => score(b) - score(a))[0]!;
}

/** `any`, or a block that spans a whole address family (`0.0.0.0/0`, `::/0`): a wildcard by another name. */
function wildcard(match: AddressMatch): boolean {
  return match.any || match.set.v4.equals(IpSet.ANY.v4) || match.set.v6.equals(IpSet.ANY.v6);
}
