// import-approximated: imported firewall rules that use a match sanso does not model (a source port, a
// rate limit, an ipset, a mark…). sanso stays on the safe side — such a rule is taken to accept all it may,
// and never to stop anything — and says so, so that nobody reads a finding on it as certain.

import { defineRule } from '../../src/engine/rule';

export default defineRule({
  meta: {
    id: 'import-approximated',
    title: { ja: '近似して判定した読み込みルール', en: 'Imported rule analysed approximately' },
    description: {
      ja: '読み込んだ機器の設定のうち、sanso が扱えない条件（送信元ポート、レート制限、ipset、マークなど）を含むルールを報告します。許可するルールは一致しうる通信をすべて許可するものとして、拒否するルールは何も拒否しないものとして判定します。',
      en: 'Reports imported rules that use a match sanso does not model (a source port, a rate limit, an ipset, a mark…). An accepting rule is taken to accept everything it may match; a dropping rule is taken to stop nothing.',
    },
    category: 'rule-base',
    severity: 'warning',
    references: ['GL 対策基準 6.1'],
    messages: {
      'may-accept': {
        ja: '{{firewall}} のこのルールは sanso が扱えない条件（{{options}}）を含むため、ほかの条件に一致する通信をすべて許可しうるものとして判定しました。このルールで通る通信の指摘は「可能性あり」として読んでください。',
        en: 'This rule of {{firewall}} uses a match sanso does not model ({{options}}), so it is taken to accept all traffic its other matches take. Read findings on traffic it lets through as possible, not certain.',
      },
      ignored: {
        ja: '{{firewall}} のこのルールは sanso が扱えない条件（{{options}}）を含むため、何も止めないものとして判定しました。このルールが実際に止める通信も、通るものとして扱っています。',
        en: 'This rule of {{firewall}} uses a match sanso does not model ({{options}}), so it is taken to stop nothing: traffic it really stops is treated as passing.',
      },
    },
  },
  check(context) {
    for (const firewall of context.model.firewalls.values()) {
      const seen = new Set<string>();
      for (const approximation of firewall.approximations ?? []) {
        // A rule reached through several jumps is reported once.
        const key = `${approximation.origin.file}\u0000${approximation.origin.pointer}\u0000${approximation.effect}`;
        if (seen.has(key)) continue;
        seen.add(key);
        context.report({
          messageId: approximation.effect,
          data: { firewall: firewall.id, options: approximation.options.join(', ') },
          origin: approximation.origin,
        });
      }
    }
  },
});
