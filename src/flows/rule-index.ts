// An index of a firewall's enabled rules by source and destination address, so that evaluating traffic
// of one zone, or comparing one rule with those before it, looks only at the rules that can match it —
// near-linear work on rule bases of tens of thousands of rules instead of all pairs.

import type { Family } from '../net/ip';
import type { IpSet } from '../net/ip-set';
import type { FirewallRule } from '../model/types';

/** Block sizes (in bits of host part) of the buckets: a /16 for IPv4, a /48 for IPv6. */
const BUCKET_BITS: Readonly<Record<Family, bigint>> = { 4: 16n, 6: 80n };
/** A set spanning more buckets than this is kept in the family's list of wide entries instead. */
const MAX_BUCKETS_PER_ENTRY = 64n;

export interface RuleIndex {
  /** Enabled rules whose source overlaps `srcs` and whose destination overlaps `dsts`, in rule order. */
  candidates(srcs: IpSet, dsts: IpSet): FirewallRule[];
}

interface AddressBuckets {
  readonly buckets: Map<bigint, number[]>;
  readonly wide: number[];
}

export function indexRules(rules: readonly FirewallRule[]): RuleIndex {
  const enabled = rules.filter((r) => r.enabled);
  const byFamily = { 4: bucketize(enabled, 4), 6: bucketize(enabled, 6) } as const;
  // Marks of the current query, one slot per rule: no allocation per query.
  const mark = new Int32Array(enabled.length);
  let query = 0;

  return {
    candidates(srcs, dsts) {
      query += 1;
      const found: number[] = [];
      const visit = (i: number): void => {
        if (mark[i] === query) return;
        mark[i] = query;
        const rule = enabled[i]!;
        if (rule.from.set.overlaps(srcs) && rule.to.set.overlaps(dsts)) found.push(i);
      };
      for (const family of [4, 6] as const) {
        const intervals = srcs.family(family).intervals;
        if (intervals.length === 0) continue;
        const { buckets, wide } = byFamily[family];
        for (const i of wide) visit(i);
        const bits = BUCKET_BITS[family];
        let span = 0n;
        for (const [lo, hi] of intervals) span += (hi >> bits) - (lo >> bits) + 1n;
        if (span > BigInt(buckets.size)) {
          for (const list of buckets.values()) for (const i of list) visit(i);
          continue;
        }
        for (const [lo, hi] of intervals) {
          for (let b = lo >> bits; b <= hi >> bits; b++) for (const i of buckets.get(b) ?? []) visit(i);
        }
      }
      return found.sort((a, b) => a - b).map((i) => enabled[i]!);
    },
  };
}

function bucketize(rules: readonly FirewallRule[], family: Family): AddressBuckets {
  const buckets = new Map<bigint, number[]>();
  const wide: number[] = [];
  const bits = BUCKET_BITS[family];
  rules.forEach((rule, i) => {
    const intervals = rule.from.set.family(family).intervals;
    if (intervals.length === 0) return;
    let span = 0n;
    for (const [lo, hi] of intervals) span += (hi >> bits) - (lo >> bits) + 1n;
    if (span > MAX_BUCKETS_PER_ENTRY) {
      wide.push(i);
      return;
    }
    for (const [lo, hi] of intervals) {
      for (let b = lo >> bits; b <= hi >> bits; b++) {
        const list = buckets.get(b);
        if (!list) buckets.set(b, [i]);
        else if (list[list.length - 1] !== i) list.push(i);
      }
    }
  });
  return { buckets, wide };
}
