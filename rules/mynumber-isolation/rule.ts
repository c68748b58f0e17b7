// mynumber-isolation: the My Number tier talks to no other tier or outside network, except pinned,
// declared flows the policy allows — directly, across firewalls, or through relaying hosts.

import { defineRule } from '../../src/engine/rule';
import { PacketSpace } from '../../src/net/packet-space';
import { multiHomedHosts } from '../../src/engine/judge';

export default defineRule({
  meta: {
    id: 'mynumber-isolation',
    title: { ja: 'マイナンバー利用事務系の分離', en: 'My Number tier isolation' },
    description: {
      ja: 'マイナンバー利用事務系と他の領域との通信のうち、ポリシーが認めないもの（インターネット・インターネット接続系への通信、例外措置のないLGWAN接続系との通信、単一ホスト・明示ポートに限定されていない外部接続）を検出します。',
      en: 'Finds every flow to or from the My Number tier that the tier policy does not allow: to the Internet or the Internet tier, to the LGWAN tier without an approved exception, and outside connections that are not pinned to single hosts and explicit ports.',
    },
    category: 'exposure',
    severity: 'error',
    references: ['GL 対策基準 3(1)', '基本方針 6(3)①'],
    messages: {
      forbidden: {
        ja: '{{from}}（{{fromTier}}）から {{to}}（{{toTier}}）へ {{services}} の通信が許可されています（{{firewallRule}}）。マイナンバー利用事務系は他の領域と通信できないようにしなければなりません（{{cite}}）。この通信を遮断してください。',
        en: '{{from}} ({{fromTier}}) can reach {{to}} ({{toTier}}) on {{services}}, let through by {{firewallRule}}. The My Number tier must not communicate with this network at all ({{cite}}). Block this traffic.',
      },
      'not-declared': {
        ja: '{{from}}（{{fromTier}}）から {{to}}（{{toTier}}）へ {{services}} の通信が、承認された例外措置なしに許可されています（{{firewallRule}}）。マイナンバー利用事務系と他の領域との通信は原則禁止です（{{cite}}）。不要なら遮断し、業務上必要なら単一ホスト・明示ポートに限定して例外措置（exceptions）として承認を記録してください。',
        en: '{{from}} ({{fromTier}}) can reach {{to}} ({{toTier}}) on {{services}} without an approved exception, let through by {{firewallRule}}. The My Number tier is cut off from other tiers in principle ({{cite}}). Block it, or if the business needs it, pin it to single hosts and explicit ports and record the approval under `exceptions`.',
      },
      'not-pinned': {
        ja: '{{from}}（{{fromTier}}）から {{to}}（{{toTier}}）への {{services}} の通信が、単一ホスト・明示ポートに限定されていないルールで許可されています（{{firewallRule}}）。マイナンバー利用事務系の外部接続は、IPアドレスによる経路の限定とポート番号によるアプリケーションの限定が必要です（{{cite}}）。送信元・宛先をホスト（/32, /128）に、サービスを個別ポートに絞ってください。',
        en: '{{from}} ({{fromTier}}) can reach {{to}} ({{toTier}}) on {{services}} through a rule that is not pinned to single hosts and explicit ports ({{firewallRule}}). Outside connections of the My Number tier must be limited by IP address and by port ({{cite}}). Narrow source and destination to hosts (/32, /128) and the services to single ports.',
      },
      'not-via-gateway': {
        ja: '{{from}}（{{fromTier}}）から {{to}}（{{toTier}}）へ {{services}} の通信が許可されています（{{firewallRule}}）。この方向で認められるのは {{gateways}} への通信だけです（{{cite}}）。画面転送装置への通信に限定してください。',
        en: '{{from}} ({{fromTier}}) can reach {{to}} ({{toTier}}) on {{services}}, let through by {{firewallRule}}. In this direction only traffic to a {{gateways}} gateway is allowed ({{cite}}). Limit the rule to the screen-transfer gateway.',
      },
      relayed: {
        ja: '{{from}}（{{fromTier}}）から中継ホスト {{via}} を経由して {{to}}（{{toTier}}）へ {{services}} の通信が届きます（入口: {{firewallRule}}）。マイナンバー利用事務系は中継（プロキシ、メール中継、複数の領域にまたがるホスト）を介しても他の領域と通信できてはなりません（送信・受信とも）（{{cite}}）。中継ホストへの通信を遮断してください。',
        en: '{{from}} ({{fromTier}}) reaches {{to}} ({{toTier}}) on {{services}} through the relaying host {{via}} (entry: {{firewallRule}}). The My Number tier must neither reach nor be reached from other networks through relays either — proxies, mail relays, hosts in several tiers ({{cite}}). Block the traffic into the relay.',
      },
      'multi-homed': {
        ja: 'ホスト {{host}} はマイナンバー利用事務系と {{others}} の両方にアドレスを持っています。領域をまたぐホストはそれ自体が分離の破れです（{{cite}}）。どちらかの領域のアドレスを外してください。',
        en: 'Host {{host}} has addresses in the My Number tier and in {{others}}. A host in two tiers breaks the separation by itself ({{cite}}). Remove its address in one of them.',
      },
    },
  },
  claim(violation) {
    const involved = violation.from.category === 'mynumber' || violation.to.category === 'mynumber';
    return involved && violation.reason !== 'bypass' ? violation.space : PacketSpace.EMPTY;
  },
  check(context) {
    for (const host of multiHomedHosts(context.model)) {
      if (!host.categories.includes('mynumber')) continue;
      context.report({
        messageId: 'multi-homed',
        data: { host: host.id, others: host.categories.filter((c) => c !== 'mynumber').join(', '), cite: 'GL 対策基準 3(1); 基本方針 6(3)①' },
        origin: { file: host.origin.file, pointer: `${host.origin.pointer}/addresses` },
        related: host.zones.map((z) => ({ origin: context.model.zones.get(z)!.origin, label: `zone ${z}` })),
      });
    }
  },
});
