// firewall-default-allow: a firewall that lets through whatever no rule matches. Every new host and
// service is then open across the firewall until someone writes a rule against it.

import { defineRule } from '../../src/engine/rule';

export default defineRule({
  meta: {
    id: 'firewall-default-allow',
    title: { ja: '既定で許可するファイアウォール', en: 'Firewall that allows by default' },
    description: {
      ja: 'どのルールにも一致しない通信を許可する（`default: allow`）ファイアウォールを検出します。',
      en: 'Finds firewalls that allow traffic no rule matches (`default: allow`).',
    },
    category: 'rule-base',
    severity: 'warning',
    references: ['GL 対策基準 6.1', '基本方針 6(3)'],
    messages: {
      'default-allow': {
        ja: 'ファイアウォール {{firewall}} は、どのルールにも一致しない通信を許可します（default: allow）。境界のファイアウォールは必要な通信だけを許可し、それ以外を拒否するのが原則です（{{cite}}）。`default: deny` にして、必要な通信をルールで許可してください。',
        en: 'Firewall {{firewall}} allows whatever no rule matches (default: allow). A boundary firewall allows only what is needed and denies the rest ({{cite}}). Set `default: deny` and allow the needed traffic with rules.',
      },
    },
  },
  check(context) {
    for (const firewall of context.model.firewalls.values()) {
      if (firewall.defaultAction !== 'allow') continue;
      context.report({ messageId: 'default-allow', data: { firewall: firewall.id, cite: 'GL 対策基準 6.1' }, origin: firewall.defaultOrigin });
    }
  },
});
