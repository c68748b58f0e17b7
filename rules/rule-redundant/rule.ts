// rule-redundant: a rule that can be deleted without changing what the firewall does — either every
// packet of it is matched first by earlier rules with the same action, or the packets it does decide
// would get the same action from the rules after it and the default.

import { defineRule } from '../../src/engine/rule';
import { ruleLabel } from '../../src/flows/first-match';
import { minimalCover, removableWithoutChange, type RuleReach } from '../../src/flows/rule-base';
import type { Firewall, FirewallRule } from '../../src/model/types';

export default defineRule({
  meta: {
    id: 'rule-redundant',
    title: { ja: '冗長なルール', en: 'Redundant rule' },
    description: {
      ja: '削除しても動作が変わらないルールを検出します。前の同じ動作のルールがすべての通信に先に一致するもの（警告）と、後のルールや既定の動作が同じ結果を出すもの（情報）です。',
      en: 'Finds rules that can be removed without changing what the firewall does: all of their traffic is matched first by earlier rules with the same action (a warning), or later rules and the default decide it the same way (info).',
    },
    category: 'rule-base',
    severity: 'warning',
    references: ['GL 対策基準 6.1'],
    messages: {
      covered: {
        ja: '{{firewall}} のルール {{firewallRule}}（{{action}}）には通信が一つも届きません。前の同じ動作のルール {{covering}} がすべて先に一致します。削除しても動作は変わりません。',
        en: 'Rule {{firewallRule}} ({{action}}) of {{firewall}} is never reached: earlier rules with the same action, {{covering}}, match all of its traffic first. Removing it changes nothing.',
      },
      'matches-nothing': {
        ja: '{{firewall}} のルール {{firewallRule}}（{{action}}）はどのパケットにも一致しません。送信元と宛先に共通のアドレスファミリー（IPv4・IPv6）がないか、指定した範囲が空です。削除しても動作は変わりませんが、本来一致させたかった通信がないか確認してください。',
        en: 'Rule {{firewallRule}} ({{action}}) of {{firewall}} matches no packet at all: its source and destination share no address family (IPv4, IPv6), or a set it names is empty. Removing it changes nothing; check what it was meant to match.',
      },
      'repeats-later': {
        ja: '{{firewall}} のルール {{firewallRule}}（{{action}}）が決める通信は、このルールがなくても後のルールか既定の動作（{{defaultAction}}）で同じく{{action}}になります。削除しても動作は変わりません。',
        en: 'The traffic rule {{firewallRule}} ({{action}}) of {{firewall}} decides would be decided the same way ({{action}}) by the later rules or the default ({{defaultAction}}) without it. Removing it changes nothing.',
      },
    },
  },
  check(context) {
    for (const firewall of context.model.firewalls.values()) {
      const reaches = context.ruleReach(firewall);
      const unreachable = new Set(reaches.filter((r) => !r.reachable).map((r) => r.rule));
      for (const reach of reaches) {
        if (reach.rule.space.isEmpty()) {
          context.report({ messageId: 'matches-nothing', data: messageData(firewall, reach.rule), origin: reach.rule.origin });
        } else if (!reach.reachable) {
          if (reach.takenBy.some((d) => d.action !== reach.rule.action)) continue; // rule-shadowed
          const cover = minimalCover(reach);
          context.report({
            messageId: 'covered',
            data: { ...messageData(firewall, reach.rule), covering: cover.map(ruleLabel).join(', ') },
            origin: reach.rule.origin,
            related: cover.map((r) => ({ origin: r.origin, label: `${firewall.id} ${ruleLabel(r)} (${r.action})` })),
          });
        } else if (!reach.rule.log && !duplicatedLater(reach, unreachable) && removableWithoutChange(firewall, reach)) {
          // A logged rule differs from its successors in what it records, so it is not reported here. Nor is
          // a rule whose later duplicate is reported as covered: of the two, only the later one can go.
          context.report({ messageId: 'repeats-later', data: { ...messageData(firewall, reach.rule), defaultAction: firewall.defaultAction }, origin: reach.rule.origin, severity: 'info' });
        }
      }
    }
  },
});

/** What every message names (made only for the rules reported: most rules of a rule base are not). */
function messageData(firewall: Firewall, rule: FirewallRule): { firewall: string; firewallRule: string; action: string } {
  return { firewall: firewall.id, firewallRule: ruleLabel(rule), action: rule.action };
}

/** Whether a later rule that this rule's traffic would fall to is itself never reached. */
function duplicatedLater(reach: RuleReach, unreachable: ReadonlySet<FirewallRule>): boolean {
  // `later` holds the later rules that share packets with this one.
  const later = reach.later.filter((r) => unreachable.has(r));
  return later.length > 0 && later.some((r) => r.space.overlaps(reach.reached));
}
