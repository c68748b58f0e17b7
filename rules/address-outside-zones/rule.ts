// address-outside-zones: rule and exception addresses that no zone owns. Their tier is unknown, so
// sanso cannot judge flows to or from them: a gap in the address plan, or a typo in an address.

import { defineRule } from '../../src/engine/rule';
import { ruleLabel } from '../../src/flows/first-match';
import type { Origin } from '../../src/core/finding';
import type { AddressMatch } from '../../src/model/types';

export default defineRule({
  meta: {
    id: 'address-outside-zones',
    title: { ja: 'どのゾーンにも属さないアドレス', en: 'Address in no zone' },
    description: {
      ja: 'ファイアウォールルールや例外措置の送信元・宛先のうち、どのゾーンにも属さないアドレスを検出します。',
      en: 'Finds addresses in the source or destination of a firewall rule or an exception that belong to no zone.',
    },
    category: 'address-plan',
    severity: 'warning',
    references: ['GL 対策基準 3(1)', 'GL 対策基準 6.1'],
    messages: {
      'rule-source': {
        ja: '{{firewall}} のルール {{firewallRule}} の送信元 {{addresses}} はどのゾーンにも属しません。どの層のアドレスか分からないため、この範囲からの通信は層の分離の判定から漏れます。ゾーンの networks に加えるか、アドレスの誤りを直してください。',
        en: "The source of rule {{firewallRule}} of {{firewall}} includes {{addresses}}, which belongs to no zone. Its tier is unknown, so traffic from it escapes the tier checks. Add it to a zone's networks, or fix the address.",
      },
      'rule-destination': {
        ja: '{{firewall}} のルール {{firewallRule}} の宛先 {{addresses}} はどのゾーンにも属しません。どの層のアドレスか分からないため、この範囲への通信は層の分離の判定から漏れます。ゾーンの networks に加えるか、アドレスの誤りを直してください。',
        en: "The destination of rule {{firewallRule}} of {{firewall}} includes {{addresses}}, which belongs to no zone. Its tier is unknown, so traffic to it escapes the tier checks. Add it to a zone's networks, or fix the address.",
      },
      'exception-source': {
        ja: '例外措置 {{exception}} の送信元 {{addresses}} はどのゾーンにも属しません。ゾーンの networks に加えるか、アドレスの誤りを直してください。',
        en: "The source of exception {{exception}} includes {{addresses}}, which belongs to no zone. Add it to a zone's networks, or fix the address.",
      },
      'exception-destination': {
        ja: '例外措置 {{exception}} の宛先 {{addresses}} はどのゾーンにも属しません。ゾーンの networks に加えるか、アドレスの誤りを直してください。',
        en: "The destination of exception {{exception}} includes {{addresses}}, which belongs to no zone. Add it to a zone's networks, or fix the address.",
      },
    },
  },
  check(context) {
    const zoned = context.tiers.zoned;
    const stray = (match: AddressMatch): string | undefined => {
      if (match.any || zoned.covers(match.set)) return undefined;
      const outside = match.set.difference(zoned);
      return outside.isEmpty() ? undefined : outside.toStrings(4).join(', ');
    };
    const side = (key: 'from' | 'to'): string => (key === 'from' ? 'source' : 'destination');
    const at = (origin: Origin, key: string): Origin => ({ file: origin.file, pointer: `${origin.pointer}/${key}` });
    for (const firewall of context.model.firewalls.values()) {
      for (const rule of firewall.rules) {
        for (const key of ['from', 'to'] as const) {
          const addresses = stray(rule[key]);
          if (!addresses) continue;
          context.report({
            messageId: `rule-${side(key)}`,
            data: { firewall: firewall.id, firewallRule: ruleLabel(rule), addresses },
            origin: at(rule.origin, key),
          });
        }
      }
    }
    for (const exception of context.model.exceptions) {
      for (const key of ['from', 'to'] as const) {
        const addresses = stray(exception[key]);
        if (addresses) context.report({ messageId: `exception-${side(key)}`, data: { exception: exception.id, addresses }, origin: at(exception.origin, key) });
      }
    }
  },
});
