// tier-crossing: every other cross-tier flow the model does not allow — LGWAN ↔ Internet tier not through
// a gateway of the right role and services, screen transfer in the wrong direction, outside networks
// reaching tiers they must not, and hosts bridging two tiers.

import { defineRule } from '../../src/engine/rule';
import { multiHomedHosts } from '../../src/engine/judge';
import { PacketSpace } from '../../src/net/packet-space';
import { SANITIZING_ROLES } from '../../src/model/service-catalog';

export default defineRule({
  meta: {
    id: 'tier-crossing',
    title: { ja: '許可されない領域間通信', en: 'Cross-tier flow not allowed' },
    description: {
      ja: 'モデル（α・α\'・β・β\'）のポリシーが認めない領域間の通信（無害化装置を経由しないLGWAN接続系とインターネット接続系の通信、逆方向の画面転送、外部ネットワークからの通信など）を検出します。',
      en: "Finds every other cross-tier flow the guideline model (α, α', β, β') does not allow: LGWAN ↔ Internet tier traffic not through a sanitizing gateway, screen transfer in the wrong direction, outside networks reaching tiers they must not.",
    },
    category: 'exposure',
    severity: 'error',
    references: ['GL 対策基準 3(2)', 'GL 対策基準 6.1', '基本方針 6(3)'],
    messages: {
      forbidden: {
        ja: '{{from}}（{{fromTier}}）から {{to}}（{{toTier}}）へ {{services}} の通信が許可されています（{{firewallRule}}）。モデル {{model}} ではこの領域間の通信は認められていません（{{cite}}）。遮断してください。',
        en: '{{from}} ({{fromTier}}) can reach {{to}} ({{toTier}}) on {{services}}, let through by {{firewallRule}}. Model {{model}} does not allow traffic between these networks ({{cite}}). Block it.',
      },
      'not-via-gateway': {
        ja: '{{from}}（{{fromTier}}）から {{to}}（{{toTier}}）へ {{services}} の通信が無害化装置を経由せずに許可されています（{{firewallRule}}）。この方向で認められるのは {{gateways}} の役割を持つホストとの、そのサービスでの通信だけです（{{cite}}）。通信先を無害化装置・画面転送装置に限定してください。',
        en: '{{from}} ({{fromTier}}) can reach {{to}} ({{toTier}}) on {{services}} without a sanitizing gateway, let through by {{firewallRule}}. In this direction only traffic with a host of role {{gateways}}, on its services, is allowed ({{cite}}). Limit the rule to the gateway.',
      },
      'not-declared': {
        ja: '{{from}}（{{fromTier}}）から {{to}}（{{toTier}}）へ {{services}} の通信が、承認された例外措置なしに許可されています（{{firewallRule}}）。この通信には例外措置の承認が必要です（{{cite}}）。不要なら遮断し、必要なら exceptions に承認を記録してください。',
        en: '{{from}} ({{fromTier}}) can reach {{to}} ({{toTier}}) on {{services}} without an approved exception, let through by {{firewallRule}}. This traffic needs an approved exception ({{cite}}). Block it, or record the approval under `exceptions`.',
      },
      'not-pinned': {
        ja: '{{from}}（{{fromTier}}）から {{to}}（{{toTier}}）への {{services}} の通信が、単一ホスト・明示ポートに限定されていないルールで許可されています（{{firewallRule}}）（{{cite}}）。ホストとポートを限定してください。',
        en: '{{from}} ({{fromTier}}) can reach {{to}} ({{toTier}}) on {{services}} through a rule not pinned to single hosts and explicit ports, {{firewallRule}} ({{cite}}). Pin it to hosts and ports.',
      },
      relayed: {
        ja: '{{from}}（{{fromTier}}）から中継ホスト {{via}} を経由して {{to}}（{{toTier}}）へ {{services}} の通信が届きます（入口: {{firewallRule}}）。モデル {{model}} ではこの領域間の通信は認められていません（{{cite}}）。中継ホストへの通信を遮断するか、中継ホストの転送先を限定してください。',
        en: '{{from}} ({{fromTier}}) reaches {{to}} ({{toTier}}) on {{services}} through the relaying host {{via}} (entry: {{firewallRule}}). Model {{model}} does not allow traffic between these networks ({{cite}}). Block the traffic into the relay or limit what it forwards.',
      },
      'multi-homed': {
        ja: 'ホスト {{host}} は {{categories}} の複数の領域にアドレスを持っています。領域をまたぐホストは、それ自体がフィルタを通らない経路になります（{{cite}}）。どちらかの領域のアドレスを外すか、無害化装置として役割（role）を宣言してください。',
        en: 'Host {{host}} has addresses in several networks: {{categories}}. A host in two tiers is an unfiltered path by itself ({{cite}}). Remove one of its addresses, or declare its gateway role.',
      },
    },
  },
  claim(violation) {
    return violation.reason === 'bypass' ? PacketSpace.EMPTY : violation.space;
  },
  check(context) {
    for (const host of multiHomedHosts(context.model)) {
      if (host.categories.includes('mynumber')) continue; // mynumber-isolation reports these
      const sanitizing = host.role !== undefined && SANITIZING_ROLES.includes(host.role);
      const onlyTiersItMayJoin = host.categories.every((c) => c === 'lgwan' || c === 'internet');
      if (sanitizing && onlyTiersItMayJoin) continue; // a sanitizing gateway between LGWAN and Internet tier is its purpose
      context.report({
        messageId: 'multi-homed',
        data: { host: host.id, categories: host.categories.join(', '), cite: 'GL 対策基準 3(2)' },
        origin: { file: host.origin.file, pointer: `${host.origin.pointer}/addresses` },
        related: host.zones.map((z) => ({ origin: context.model.zones.get(z)!.origin, label: `zone ${z}` })),
      });
    }
  },
});
