// rule-no-log: an allow rule whose traffic crosses a tier boundary but is not logged — the crossing
// cannot be monitored or reconstructed after an incident.

import { crossingFacts, defineRule } from '../../src/engine/rule';

export default defineRule({
  meta: {
    id: 'rule-no-log',
    title: { ja: 'ログを取らない領域間許可ルール', en: 'Cross-tier allow rule without logging' },
    description: {
      ja: '領域の境界（層と層、層と外部ネットワーク）を越える通信を許可しているのに `log: true` が付いていないファイアウォールルールを検出します。',
      en: 'Finds firewall rules that allow traffic across a tier boundary (between tiers, or between a tier and an outside network) without `log: true`.',
    },
    category: 'rule-base',
    severity: 'warning',
    references: ['GL 対策基準 6.1', 'GL 対策基準 7.1'],
    messages: {
      'no-log': {
        ja: '{{firewall}} のルール {{firewallRule}} は{{fromTier}}から{{toTier}}への通信を許可していますが、ログを記録しません。領域をまたぐ通信は記録・監視の対象です（{{cite}}）。`log: true` を付けてください。',
        en: 'Rule {{firewallRule}} of {{firewall}} allows traffic from {{fromTier}} to {{toTier}} but does not log it. Traffic across tiers must be logged and monitored ({{cite}}). Add `log: true`.',
      },
      'no-log-imported': {
        ja: '{{firewall}} のルール {{firewallRule}} は{{fromTier}}から{{toTier}}への通信を許可していますが、ログを記録しません。領域をまたぐ通信は記録・監視の対象です（{{cite}}）。機器の設定で、このルールの前に LOG ルールを置くか（iptables）、ルールに `log` を付けてください（nftables）。',
        en: 'Rule {{firewallRule}} of {{firewall}} allows traffic from {{fromTier}} to {{toTier}} but does not log it. Traffic across tiers must be logged and monitored ({{cite}}). On the device, put a LOG rule before it (iptables) or add `log` to the rule (nftables).',
      },
    },
  },
  check(context) {
    for (const crossing of context.crossingRules()) {
      if (crossing.reach.rule.log) continue;
      const facts = crossingFacts(crossing);
      const messageId = crossing.reach.rule.imported ? 'no-log-imported' : 'no-log';
      context.report({ ...facts, messageId, data: { ...facts.data, cite: 'GL 対策基準 6.1, 7.1' } });
    }
  },
});
