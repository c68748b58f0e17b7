// internet-egress: traffic that reaches the Internet without passing the 自治体情報セキュリティクラウド.

import { defineRule } from '../../src/engine/rule';
import { PacketSpace } from '../../src/net/packet-space';

export default defineRule({
  meta: {
    id: 'internet-egress',
    title: { ja: 'セキュリティクラウドを経由しないインターネット接続', en: 'Internet egress bypassing the security cloud' },
    description: {
      ja: '自治体情報セキュリティクラウド（external: security-cloud のゾーン）を通らずにインターネットへ届く通信を検出します。',
      en: 'Finds traffic that reaches the Internet without passing a zone of the 自治体情報セキュリティクラウド (external: security-cloud).',
    },
    category: 'exposure',
    severity: 'error',
    references: ['GL 対策基準 3(3)', '基本方針 6(3)②'],
    messages: {
      bypass: {
        ja: '{{from}}（{{fromTier}}）から {{to}}（{{toTier}}）へ {{services}} の通信が、自治体情報セキュリティクラウドを経由せずに届きます（{{firewallRule}}）。インターネットとの通信はセキュリティクラウドに集約しなければなりません（{{cite}}）。独自のインターネット回線をなくすか、セキュリティクラウド経由にしてください。',
        en: '{{from}} ({{fromTier}}) reaches {{to}} ({{toTier}}) on {{services}} without passing the security cloud, let through by {{firewallRule}}. Internet traffic must be aggregated through the 自治体情報セキュリティクラウド ({{cite}}). Remove the separate line or route it through the security cloud.',
      },
    },
  },
  claim(violation) {
    return violation.reason === 'bypass' ? violation.space : PacketSpace.EMPTY;
  },
});
