// rule-partially-shadowed: an allow rule of which a part that crosses a tier boundary is taken by an
// earlier deny. Often intended (a deny carved out before a broad allow), sometimes not: shown as
// information, so the reviewer sees what the allow really lets through.

import { formatWitness } from '../../src/core/finding';
import { defineRule } from '../../src/engine/rule';
import { ruleLabel } from '../../src/flows/first-match';
import { representative, witnessPacket } from '../../src/flows/witness';

export default defineRule({
  meta: {
    id: 'rule-partially-shadowed',
    title: { ja: '一部が前の拒否に隠された領域間許可ルール', en: 'Partly shadowed cross-tier allow rule' },
    description: {
      ja: '許可ルールのうち、領域の境界を越える通信の一部を、前の拒否ルールが先に決めているものを検出します（情報）。',
      en: 'Finds allow rules part of whose traffic across a tier boundary an earlier deny rule decides first (information).',
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
        // A deny partly taken by earlier allows is the ordinary shape of a rule base (allow what is needed,
        // deny the rest); what a reviewer must see is an allow that does less than it says.
        if (reach.rule.action !== 'allow' || !reach.reachable) continue;
        // Only an earlier rule of the other action can take a part of it the other way.
        if (reach.earlier.every((r) => r.action === reach.rule.action)) continue;
        for (const taken of reach.takenBy) {
          if (taken.action === reach.rule.action) continue;
          const where = context.tiers.crossings(taken.space)[0];
          if (!where) continue;
          const packet = witnessPacket(representative(where.space)!);
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
