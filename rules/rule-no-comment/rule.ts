// rule-no-comment: an allow rule whose traffic crosses a tier boundary with no comment saying why —
// the reviewer and the auditor cannot tell the approved purpose of the crossing.

import { crossingFacts, defineRule } from '../../src/engine/rule';

export default defineRule({
  meta: {
    id: 'rule-no-comment',
    title: { ja: '説明のない領域間許可ルール', en: 'Cross-tier allow rule without a comment' },
    description: {
      ja: '領域の境界を越える通信を許可しているのに、目的を書いた `comment` がないファイアウォールルールを検出します。',
      en: 'Finds firewall rules that allow traffic across a tier boundary without a `comment` saying what it is for.',
    },
    category: 'rule-base',
    severity: 'warning',
    references: ['GL 対策基準 6.1', 'GL 対策基準 7.1'],
    messages: {
      'no-comment': {
        ja: '{{firewall}} のルール {{firewallRule}} は{{fromTier}}から{{toTier}}への通信を許可していますが、目的の説明（comment）がありません。領域をまたぐ許可は、何のための通信かを記録してください（{{cite}}）。',
        en: 'Rule {{firewallRule}} of {{firewall}} allows traffic from {{fromTier}} to {{toTier}} with no comment. Record what each cross-tier permission is for ({{cite}}).',
      },
    },
  },
  check(context) {
    for (const crossing of context.crossingRules()) {
      if (crossing.reach.rule.comment?.trim()) continue;
      const facts = crossingFacts(crossing);
      context.report({ ...facts, messageId: 'no-comment', data: { ...facts.data, cite: 'GL 対策基準 6.1, 7.1' } });
    }
  },
});
