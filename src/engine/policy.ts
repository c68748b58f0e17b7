// The tier policy as data (rules/policy/tier-policy.yaml): for a guideline model and edition, what may
// flow from one tier or outside network to another, and through which gateways.

import type { HostRole } from '../model/service-catalog';
import { EDITIONS, type Category, type Edition, type GuidelineModel } from '../model/types';

export type Verdict = 'allow' | 'deny' | 'pinned' | 'declared';

export interface ViaGateway {
  readonly role: HostRole;
  /** from: the gateway sends; to: it receives; either: both. */
  readonly end: 'from' | 'to' | 'either';
  /** Service names the passage is further limited to. */
  readonly services?: readonly string[];
}

export interface PolicyCell {
  readonly from: Category;
  readonly to: Category;
  readonly verdict: Verdict;
  readonly via: readonly ViaGateway[];
  /** The kind of outside network every allowed path must pass. */
  readonly through?: 'security-cloud';
  readonly cite: readonly string[];
  readonly note?: string;
}

interface RawVia {
  role: HostRole;
  end: 'from' | 'to' | 'either';
  services?: string[];
  since?: Edition;
  models?: GuidelineModel[];
}
interface RawCell {
  from: Category;
  to: Category;
  verdict: Verdict;
  via?: RawVia[];
  through?: 'security-cloud';
  cite?: string[];
  note?: string;
  since?: Edition;
  models?: Partial<Record<GuidelineModel, Partial<Omit<RawCell, 'from' | 'to' | 'models'>>>>;
}

export interface TierPolicy {
  readonly cells: readonly RawCell[];
  /** The verdict and citation of a pair of categories no cell lists. */
  readonly unlisted: { readonly verdict: Verdict; readonly cite: readonly string[] };
}

export function parseTierPolicy(data: unknown): TierPolicy {
  const { cells, unlisted } = data as Partial<TierPolicy>;
  if (!Array.isArray(cells) || !unlisted) throw new Error('internal: tier policy needs `cells` and `unlisted`');
  return { cells, unlisted };
}

function applies(since: Edition | undefined, edition: Edition): boolean {
  return since === undefined || EDITIONS.indexOf(edition) >= EDITIONS.indexOf(since);
}

/** The cell that judges flows from one category to another under a model and edition. */
export function policyCell(policy: TierPolicy, model: GuidelineModel, edition: Edition, from: Category, to: Category): PolicyCell {
  if (from === to) return { from, to, verdict: 'allow', via: [], cite: [] };
  const raw = policy.cells.find((c) => c.from === from && c.to === to);
  if (!raw) return { from, to, verdict: policy.unlisted.verdict, via: [], cite: policy.unlisted.cite };
  const override = raw.models?.[model];
  const merged: RawCell = override && applies(override.since, edition) ? { ...raw, ...override } : raw;
  const via = (merged.via ?? [])
    .filter((v) => applies(v.since, edition) && (v.models === undefined || v.models.includes(model)))
    .map((v) => ({ role: v.role, end: v.end, ...(v.services ? { services: v.services } : {}) }));
  return {
    from,
    to,
    verdict: merged.verdict,
    via,
    ...(merged.through ? { through: merged.through } : {}),
    cite: merged.cite ?? [],
    ...(merged.note ? { note: merged.note } : {}),
  };
}
