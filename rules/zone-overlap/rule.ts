// zone-overlap: two zones list overlapping blocks of the same size. Longest-prefix ownership cannot
// decide between them, so the shared addresses belong to both — across tiers, to two tiers at once.

import { defineRule } from '../../src/engine/rule';
import type { NetworkBlock, Zone } from '../../src/model/types';

export default defineRule({
  meta: {
    id: 'zone-overlap',
    title: { ja: '同じ長さで重なるゾーン', en: 'Zones overlapping at the same prefix length' },
    description: {
      ja: '異なるゾーンが同じ大きさの重なるアドレス範囲を持っているものを検出します（層が異なればエラー、同じ層なら警告）。',
      en: 'Finds zones whose networks overlap with a block of the same size in another zone (an error across tiers, a warning within one tier).',
    },
    category: 'address-plan',
    severity: 'error',
    references: ['GL 対策基準 3(1)', 'GL 対策基準 3(2)'],
    messages: {
      'different-tiers': {
        ja: 'ゾーン {{zone}}（{{zoneTier}}）の {{network}} は、ゾーン {{other}}（{{otherTier}}）の {{otherNetwork}} と同じ大きさで重なっています。重なったアドレスは両方の層に属することになり、層の分離を判定できません。アドレス計画を見直し、どちらか一方の層にしてください。',
        en: 'Network {{network}} of zone {{zone}} ({{zoneTier}}) overlaps {{otherNetwork}} of zone {{other}} ({{otherTier}}) at the same size. The shared addresses belong to both tiers, so the separation cannot be judged. Fix the address plan so they belong to one tier.',
      },
      'same-tier': {
        ja: 'ゾーン {{zone}} の {{network}} は、同じ層（{{zoneTier}}）のゾーン {{other}} の {{otherNetwork}} と同じ大きさで重なっています。重なったアドレスがどちらのゾーンに属するか決まりません。',
        en: 'Network {{network}} of zone {{zone}} overlaps {{otherNetwork}} of zone {{other}} in the same tier ({{zoneTier}}) at the same size; the shared addresses belong to both zones.',
      },
    },
  },
  check(context) {
    const blocks: { zone: Zone; block: NetworkBlock }[] = [];
    for (const zone of context.model.zones.values()) for (const block of zone.blocks) blocks.push({ zone, block });
    blocks.sort((a, b) => a.block.family - b.block.family || (a.block.lo < b.block.lo ? -1 : a.block.lo > b.block.lo ? 1 : 0));
    for (let i = 0; i < blocks.length; i++) {
      const first = blocks[i]!;
      for (let j = i + 1; j < blocks.length; j++) {
        const second = blocks[j]!;
        if (second.block.family !== first.block.family || second.block.lo > first.block.hi) break;
        if (second.zone === first.zone || second.block.hi - second.block.lo !== first.block.hi - first.block.lo) continue;
        const crossTier = first.zone.category !== second.zone.category;
        context.report({
          messageId: crossTier ? 'different-tiers' : 'same-tier',
          data: {
            zone: second.zone.id,
            zoneTier: second.zone.category,
            network: second.block.term,
            other: first.zone.id,
            otherTier: first.zone.category,
            otherNetwork: first.block.term,
          },
          origin: second.block.origin,
          related: [{ origin: first.block.origin, label: `zone ${first.zone.id}: ${first.block.term}` }],
          severity: crossTier ? 'error' : 'warning',
        });
      }
    }
  },
});
