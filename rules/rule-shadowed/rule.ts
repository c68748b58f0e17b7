// rule-shadowed: a rule none of whose packets ever reaches it, because the rules before it match them
// all, and at least one of those has the other action — the rule's intent is silently overridden.
// Covering is judged against the union of the earlier rules, not one rule at a time.

import { defineRule } from '../../src/engine/rule';
import { ruleLabel } from '../../src/flows/first-match';
import { minimalCover } from '../../src/flows/rule-base';
import { representative, witnessPacket } from '../../src/flows/witness';

export default defineRule({
  meta: {
    id: 'rule-shadowed',
    title: { ja: '前のルールに隠されたルール', en: 'Shadowed rule' },
    description: {
      ja: 'それより前のルール（複数でもよい）がすべての通信に先に一致するため決して使われず、しかもその一部を逆の動作（許可・拒否）のルールが決めているルールを検出します。',
      en: 'Finds rules that never match because earlier rules, together, match all of their traffic first, and some of that traffic gets the opposite action (allow or deny) from an earlier rule.',
    },
    category: 'rule-base',
    severity: 'warning',
    references: ['GL 対策基準 6.1'],
    messages: {
      'shadowed-by-one': {
        ja: '{{firewall}} のルール {{firewallRule}}（{{action}}）には通信が一つも届きません。前のルール {{other}}（{{otherAction}}）がすべて先に一致し、逆の動作で決めています。このルールの意図は黙って上書きされています。順序を入れ替えるか、前のルールを狭めるか、このルールを削除してください。',
        en: "Rule {{firewallRule}} ({{action}}) of {{firewall}} is never reached: the earlier rule {{other}} ({{otherAction}}) matches all of its traffic first and decides it the other way. The rule's intent is silently overridden. Move it up, narrow the earlier rule, or remove it.",
      },
      shadowed: {
        ja: '{{firewall}} のルール {{firewallRule}}（{{action}}）には通信が一つも届きません。前のルール {{covering}} がすべて先に一致し、そのうち {{other}}（{{otherAction}}）が逆の動作で決めています。このルールの意図は黙って上書きされています。順序を入れ替えるか、前のルールを狭めるか、このルールを削除してください。',
        en: 'Rule {{firewallRule}} ({{action}}) of {{firewall}} is never reached: earlier rules {{covering}} match all of its traffic first, and {{other}} ({{otherAction}}) decides it the other way. The rule\'s intent is silently overridden. Move it up, narrow the earlier rule, or remove it.',
      },
    },
  },
  check(context) {
    for (const firewall of context.model.firewalls.values()) {
      for (const reach of context.ruleReach(firewall)) {
        if (reach.reachable) continue;
        if (!reach.takenBy.some((d) => d.action !== reach.rule.action)) continue; // all the same action: rule-redundant
        const cover = minimalCover(reach);
        // The rule named as overriding it: one of the cover if the cover has one, else the first that takes part of it.
        const other = cover.find((r) => r.action !== reach.rule.action) ?? reach.takenBy.find((d) => d.action !== reach.rule.action)!.rule!;
        const taken = reach.takenBy.find((d) => d.rule === other)!;
        const named = cover.includes(other) ? cover : [...cover, other];
        context.report({
          messageId: cover.length === 1 && cover[0] === other ? 'shadowed-by-one' : 'shadowed',
          data: {
            firewall: firewall.id,
            firewallRule: ruleLabel(reach.rule),
            action: reach.rule.action,
            covering: cover.map(ruleLabel).join(', '),
            other: ruleLabel(other),
            otherAction: other.action,
          },
          origin: reach.rule.origin,
          related: named.map((r) => ({ origin: r.origin, label: `${firewall.id} ${ruleLabel(r)} (${r.action})` })),
          witness: witnessPacket(representative(taken.space)!),
        });
      }
    }
  },
});
