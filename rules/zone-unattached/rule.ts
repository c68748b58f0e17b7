// zone-unattached: a zone that no firewall interface and no link touches. Nothing can reach it and it
// reaches nothing, so every check passes for it vacuously: usually a forgotten interface or link.

import { defineRule } from '../../src/engine/rule';
import { buildTopology } from '../../src/flows/topology';

export default defineRule({
  meta: {
    id: 'zone-unattached',
    title: { ja: 'どこにも接続されていないゾーン', en: 'Zone attached to nothing' },
    description: {
      ja: 'どのファイアウォールのインターフェースにも、どのリンクにもつながっていないゾーンを検出します。',
      en: 'Finds zones attached to no firewall interface and no link.',
    },
    category: 'address-plan',
    severity: 'warning',
    references: ['GL 対策基準 3(1)'],
    messages: {
      unattached: {
        ja: 'ゾーン {{zone}}（{{zoneTier}}）はどのファイアウォールにもリンクにもつながっていません。このゾーンとの通信は解析されず、検査は何も見つけられません。ファイアウォールの interfaces か links に加えてください。',
        en: 'Zone {{zone}} ({{zoneTier}}) is attached to no firewall and no link, so no traffic to or from it is analysed and no check can find anything there. Add it to a firewall\'s interfaces or to links.',
      },
    },
  },
  check(context) {
    const topology = buildTopology(context.model);
    for (const zone of context.model.zones.values()) {
      if ((topology.jointsOf.get(zone.id) ?? []).length > 0) continue;
      context.report({ messageId: 'unattached', data: { zone: zone.id, zoneTier: zone.category }, origin: zone.origin });
    }
  },
});
