// zone-overlap: two zones list overlapping blocks neither of which is more specific than the other (the
// same block, blocks of the same size, or ranges that overlap without one containing the other). Longest-
// prefix ownership cannot decide between them, so the shared addresses belong to both — across tiers, to
// two tiers at once.

import { defineRule } from '../../src/engine/rule';
import type { NetworkBlock, Zone } from '../../src/model/types';

export default defineRule({
  meta: {
    id: 'zone-overlap',
    title: { ja: '優先の決まらないゾーンの重なり', en: 'Overlapping zones with no more specific one' },
    description: {
      ja: '異なるゾーンのアドレス範囲が、どちらも他方より細かくない形で重なっているもの（同じ範囲・同じ大きさの範囲・一方が他方を含まない範囲の重なり）を検出します（層が異なればエラー、同じ層なら警告）。',
      en: 'Finds zones whose networks overlap a block of another zone with neither more specific than the other — the same block, a block of the same size, or ranges that overlap without one containing the other (an error across tiers, a warning within one).',
    },
    category: 'address-plan',
    severity: 'error',
    references: ['GL 対策基準 3(1)', 'GL 対策基準 3(2)'],
    messages: {
      'different-tiers': {
        ja: 'ゾーン {{zone}}（{{zoneTier}}）の {{network}} は、ゾーン {{other}}（{{otherTier}}）の {{otherNetwork}} と重なっており、どちらも他方より細かい範囲ではありません。重なったアドレスは{{zoneTier}}と{{otherTier}}の両方に属することになり、層の分離を判定できません。アドレス計画を見直し、どちらか一方に属するようにしてください。',
        en: 'Network {{network}} of zone {{zone}} ({{zoneTier}}) overlaps {{otherNetwork}} of zone {{other}} ({{otherTier}}), and neither is more specific than the other. The shared addresses belong to both {{zoneTier}} and {{otherTier}}, so the separation cannot be judged. Fix the address plan so they belong to one of them.',
      },
      'same-tier': {
        ja: 'ゾーン {{zone}} の {{network}} は、同じ層（{{zoneTier}}）のゾーン {{other}} の {{otherNetwork}} と重なっており、どちらも他方より細かい範囲ではありません。重なったアドレスがどちらのゾーンに属するか決まりません。',
        en: 'Network {{network}} of zone {{zone}} overlaps {{otherNetwork}} of zone {{other}} in the same tier ({{zoneTier}}), and neither is more specific than the other; the shared addresses belong to both zones.',
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
        if (second.zone === first.zone || nested(first.block, second.block) || nested(second.block, first.block)) continue;
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

/** Whether `inner` lies inside `outer` and is smaller: then longest prefix gives the overlap to `inner`. */
function nested(inner: NetworkBlock, outer: NetworkBlock): boolean {
  return outer.lo <= inner.lo && inner.hi <= outer.hi && inner.hi - inner.lo < outer.hi - outer.lo;
}
