// `sanso diff`: what a change to the network does, not what it says — the traffic it opens and closes
// between every pair of zones (exact packet sets, summarised, riskiest first) and the findings it adds and
// resolves, between two versions of the model (paths, git revisions or in-memory documents).

import { compareFindings, type Finding, type FlowSummary, type Lang, type Severity, type WitnessPacket } from '../core/finding';
import type { LintReport } from '../core/report';
import { findingKey } from '../core/baseline';
import { diffFlows, type FlowChange, type FlowRisk, type ZoneRef } from '../flows/flow-diff';
import { representative, summarizeSpace, witnessPacket } from '../flows/witness';
import { zoneFlows } from '../flows/zone-flows';
import type { SourceDocument } from '../source/document';
import { describeInput, loadVersion, resolveInputs, type DiffInput, type DiffVersion } from './diff-input';
import { lintLoaded } from './lint';
import { assembleReport, startRun, type Collected, type ConfigOptions } from './run-context';

export type { DiffInput, DiffVersion } from './diff-input';
export type { FlowRisk } from '../flows/flow-diff';

export interface DiffOptions extends ConfigOptions {
  /** The old version: a path or a git revision (a path that exists is a path), or said explicitly. */
  readonly old: string | DiffInput;
  /** The new version; absent: the working tree (at `pathspecs`, or `.`), against the revision `old`. */
  readonly new?: string | DiffInput;
  /** `sanso diff REV1 [REV2] -- PATHSPEC...`: OLD and NEW are revisions, read at these paths. */
  readonly pathspecs?: readonly string[];
  /** The day exceptions are judged on (YYYY-MM-DD), in both versions; default today (UTC). */
  readonly today?: string;
  /** Whether `# sanso-disable-next-line` comments count (default true), as in `lint`. */
  readonly inlineConfig?: boolean;
}

/** Traffic from one zone to another that the change opens or closes, summarised. */
export interface FlowChangeReport extends Pick<FlowSummary, 'from' | 'to' | 'fromCategory' | 'toCategory' | 'sources' | 'destinations' | 'services'> {
  readonly risk: FlowRisk;
  /** One packet of the opened (closed) traffic: allowed in the new (old) version, not in the other. */
  readonly witness: WitnessPacket;
  /** The zones of the pair that are new (opened) or gone (closed). */
  readonly zonesOnlyHere?: readonly string[];
}

export interface FindingCounts {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
}

/** The difference between two versions, as printed (`--format json`). */
export interface DiffReport {
  readonly old: DiffVersion & { readonly files: readonly string[] };
  readonly new: DiffVersion & { readonly files: readonly string[] };
  readonly zones: {
    readonly added: readonly ZoneRef[];
    readonly removed: readonly ZoneRef[];
    readonly moved: readonly { readonly zone: string; readonly from: string; readonly to: string }[];
  };
  /** Riskiest first: into or out of the My Number tier, then across tiers, then the rest. */
  readonly opened: readonly FlowChangeReport[];
  readonly closed: readonly FlowChangeReport[];
  readonly findings: { readonly new: readonly Finding[]; readonly resolved: readonly Finding[] };
  readonly summary: {
    readonly opened: number;
    readonly closed: number;
    /** Opened zone pairs into or out of the My Number tier, and across other tier boundaries. */
    readonly openedMyNumber: number;
    readonly openedCrossTier: number;
    readonly newFindings: FindingCounts;
    readonly resolvedFindings: FindingCounts;
  };
  readonly lang: Lang;
}

export interface DiffResult {
  /** Absent when the configuration, how OLD and NEW are read, or either version has problems. */
  readonly diff?: DiffReport;
  /** Problems of the run itself: the configuration. */
  readonly setup: LintReport;
  /** Each version's lint report (its input problems, when it has some). */
  readonly old: LintReport;
  readonly new: LintReport;
}

/** `sanso diff`: the flows the change from `old` to `new` opens and closes, and the findings it adds and resolves. */
export function diff(options: DiffOptions): DiffResult {
  const { cwd, collected: setupCollected, config, lang } = startRun(options);
  const setup = assembleReport({ collected: setupCollected, documents: [], config, usage: [], lang });
  const sides = resolveInputs(cwd, options.old, options.new, options.pathspecs);
  const versions = [sides.old, sides.new].map((side) => {
    const collected: Collected = { raw: [], positions: new Map() };
    if ('problem' in side) {
      collected.raw.push(side.problem);
      return { collected, documents: [] as SourceDocument[], model: undefined, version: undefined };
    }
    const loaded = setup.summary.inputErrors > 0 ? { documents: [] as SourceDocument[] } : loadVersion(side, cwd, options.today, collected);
    return { collected, documents: loaded.documents, model: loaded.model, version: describeInput(side) };
  });
  const reports = versions.map((v) => lintLoaded({ collected: v.collected, documents: v.documents, ...(v.model ? { model: v.model } : {}), config, lang, inlineConfig: options.inlineConfig !== false }).report);
  const [oldReport, newReport] = reports as [LintReport, LintReport];
  const [before, after] = versions as [(typeof versions)[number], (typeof versions)[number]];
  if (setup.summary.inputErrors > 0 || !before.model || !after.model || !before.version || !after.version) return { setup, old: oldReport, new: newReport };

  const flows = diffFlows({ model: before.model, flows: zoneFlows(before.model) }, { model: after.model, flows: zoneFlows(after.model) });
  const findings = matchFindings(oldReport.findings, newReport.findings);
  const opened = flows.opened.map(changeReport);
  const report: DiffReport = {
    old: { ...before.version, files: oldReport.files },
    new: { ...after.version, files: newReport.files },
    zones: { added: flows.addedZones, removed: flows.removedZones, moved: flows.movedZones },
    opened,
    closed: flows.closed.map(changeReport),
    findings,
    summary: {
      opened: opened.length,
      closed: flows.closed.length,
      openedMyNumber: opened.filter((c) => c.risk === 'mynumber').length,
      openedCrossTier: opened.filter((c) => c.risk === 'cross-tier').length,
      newFindings: countFindings(findings.new),
      resolvedFindings: countFindings(findings.resolved),
    },
    lang,
  };
  return { diff: report, setup, old: oldReport, new: newReport };
}

/**
 * The findings of NEW that OLD does not have, and those of OLD that NEW no longer has, matched by what each
 * is about (`findingKey`: rule, message, facts and flow, not the line or the rule's position) as a
 * multiset: two equal findings in NEW against one in OLD leave one new.
 */
export function matchFindings(before: readonly Finding[], after: readonly Finding[]): { new: Finding[]; resolved: Finding[] } {
  const left = new Map<string, Finding[]>();
  for (const f of before) {
    const key = findingKey(f);
    left.set(key, [...(left.get(key) ?? []), f]);
  }
  const added = after.filter((f) => {
    const same = left.get(findingKey(f));
    return !same?.shift();
  });
  const resolved = [...left.values()].flat().sort(compareFindings);
  return { new: added, resolved };
}

function countFindings(findings: readonly Finding[]): FindingCounts {
  const count = (s: Severity): number => findings.filter((f) => f.severity === s).length;
  return { errors: count('error'), warnings: count('warning'), infos: count('info') };
}

function changeReport(change: FlowChange): FlowChangeReport {
  const summary = summarizeSpace(change.space);
  return {
    from: change.from,
    to: change.to,
    fromCategory: change.fromCategory,
    toCategory: change.toCategory,
    risk: change.risk,
    ...summary,
    witness: witnessPacket(representative(change.space)!),
    ...(change.zonesOnlyHere.length > 0 ? { zonesOnlyHere: change.zonesOnlyHere } : {}),
  };
}
