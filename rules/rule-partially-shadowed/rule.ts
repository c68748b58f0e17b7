// rule-partially-shadowed: a rule crossing a tier boundary of which a part is taken by an earlier rule
// with the other action. Often intended (a deny carved out before a broad allow), sometimes not: shown
// as information, so the reviewer sees what the rule really decides.

import { formatWitness } from '../../src/core/finding';
import { defineRule } from '../../src/engine/rule';
import { ruleLabel } from '../../src/flows/first-match';
import { representative, witnessPacket } from '../../src/flows/witness';

export default defineRule({
  meta: {
    id: 'rule-partially-shadowed',
    title: { ja: '一部が前のルールに隠された領域間ルール', en: 'Partly shadowed cross-tier rule' },
    description: {
      ja: '領域の境界を越えるルールのうち、通信の一部を前の逆の動作のルールが先に決めているものを検出します（情報）。',
      en: 'Finds rules crossing a tier boundary part of whose traffic an earlier rule with the opposite action decides first (information).',
    },
    category: 'rule-base',
    severity: 'info',
    references: ['GL 対策基準 6.1'],
    messages: {
      partial: {
        ja: '{{firewall}} のルール {{firewallRule}}（{{action}}、{{fromTier}} → {{toTier}}）の通信の一部は、前のルール {{other}}（{{otherAction}}）が先に決めています（例: {{witness}}）。意図どおりか確認してください。',
        en: 'Part of the traffic of rule {{firewallRule}} ({{action}}, {{fromTier}} → {{toTier}}) of {{firewall}} is decided first by the earlier rule {{other}} ({{otherAction}}), e.g. {{witness}}. Check that this is intended.',
      },
    },
  },
  check(context) {
    for (const firewall of context.model.firewalls.values()) {
      for (const reach of context.ruleReach(firewall)) {
        if (reach.reached.isEmpty()) continue;
        const crossing = context.tiers.crossings(reach.rule.space)[0];
        if (!crossing) continue;
        for (const taken of reach.takenBy) {
          if (taken.action === reach.rule.action) continue;
          const packet = witnessPacket(representative(taken.space)!);
          const where = context.tiers.crossings(taken.space)[0] ?? crossing;
          context.report({
            messageId: 'partial',
            data: {
              firewall: firewall.id,
              firewallRule: ruleLabel(reach.rule),
              action: reach.rule.action,
              fromTier: where.from,
              toTier: where.to,
              other: ruleLabel(taken.rule),
              otherAction: taken.action,
              witness: formatWitness(packet),
            },
            origin: reach.rule.origin,
            related: [{ origin: taken.rule!.origin, label: `${firewall.id} ${ruleLabel(taken.rule)} (${taken.action})` }],
            witness: packet,
          });
        }
      }
    }
  },
});
