// unsanitized-mail: mail (SMTP, submission, POP, IMAP) that crosses tiers without a mail-sanitizer at
// either end — the path targeted mail takes into the LGWAN tier.

import { defineRule } from '../../src/engine/rule';
import { PacketSpace } from '../../src/net/packet-space';
import { builtinServicePorts, MAIL_SERVICES } from '../../src/model/service-catalog';

const MAIL_PORTS = builtinServicePorts(MAIL_SERVICES);

export default defineRule({
  meta: {
    id: 'unsanitized-mail',
    title: { ja: '無害化されないメール', en: 'Unsanitized mail crossing tiers' },
    description: {
      ja: 'どちらの端点もメール無害化装置（mail-sanitizer）でないまま、LGWAN接続系に出入りするメール（SMTP、submission、POP、IMAP）を検出します。',
      en: 'Finds mail (SMTP, submission, POP, IMAP) crossing into or out of the LGWAN tier where neither end is a mail-sanitizer.',
    },
    category: 'exposure',
    severity: 'error',
    references: ['GL 対策基準 3(2)', '基本方針 2(10)'],
    messages: {
      forbidden: {
        ja: '{{from}}（{{fromTier}}）から {{to}}（{{toTier}}）へメール（{{services}}）が無害化されずに届きます（{{firewallRule}}）。この組み合わせのメール通信は認められていません（{{cite}}）。遮断してください。',
        en: 'Mail ({{services}}) from {{from}} ({{fromTier}}) reaches {{to}} ({{toTier}}) unsanitized, let through by {{firewallRule}}. Mail between these networks is not allowed ({{cite}}). Block it.',
      },
      'not-via-gateway': {
        ja: '{{from}}（{{fromTier}}）から {{to}}（{{toTier}}）へメール（{{services}}）がメール無害化装置を通らずに届きます（{{firewallRule}}）。LGWAN接続系に出入りするメールは、テキスト化・添付ファイル除去などを行うメール無害化装置を経由しなければなりません（{{cite}}）。メールの送受信先を mail-sanitizer に限定してください。',
        en: 'Mail ({{services}}) from {{from}} ({{fromTier}}) reaches {{to}} ({{toTier}}) without passing a mail-sanitizer, let through by {{firewallRule}}. Mail into or out of the LGWAN tier must pass a mail-sanitizer that turns it into text and removes attachments ({{cite}}). Let mail cross only to or from the mail-sanitizer.',
      },
      'not-declared': {
        ja: '{{from}}（{{fromTier}}）から {{to}}（{{toTier}}）へメール（{{services}}）が、無害化も例外措置もなく届きます（{{firewallRule}}）。遮断するか、メール無害化装置を経由させてください（{{cite}}）。',
        en: 'Mail ({{services}}) from {{from}} ({{fromTier}}) reaches {{to}} ({{toTier}}) with neither sanitizing nor an approved exception, let through by {{firewallRule}}. Block it or route it through a mail-sanitizer ({{cite}}).',
      },
      'not-pinned': {
        ja: '{{from}}（{{fromTier}}）から {{to}}（{{toTier}}）へメール（{{services}}）が、ホスト・ポートを限定しないルールで届きます（{{firewallRule}}）（{{cite}}）。',
        en: 'Mail ({{services}}) from {{from}} ({{fromTier}}) reaches {{to}} ({{toTier}}) through a rule not pinned to hosts and ports, {{firewallRule}} ({{cite}}).',
      },
      relayed: {
        ja: '{{from}}（{{fromTier}}）から中継ホスト {{via}} を経由して {{to}}（{{toTier}}）へメール（{{services}}）が無害化されずに届きます（入口: {{firewallRule}}）。メールはメール無害化装置だけを経由させてください（{{cite}}）。',
        en: 'Mail ({{services}}) from {{from}} ({{fromTier}}) reaches {{to}} ({{toTier}}) unsanitized through the relaying host {{via}} (entry: {{firewallRule}}). Let mail cross tiers only through a mail-sanitizer ({{cite}}).',
      },
    },
  },
  claim(violation) {
    // Mail crossing into or out of the LGWAN tier; the My Number tier is judged before, Internet-side
    // mail between the Internet and the Internet tier is the security cloud's business.
    const lgwan = violation.from.category === 'lgwan' || violation.to.category === 'lgwan';
    return lgwan && violation.reason !== 'bypass' ? violation.space.restrictServices(MAIL_PORTS) : PacketSpace.EMPTY;
  },
});
