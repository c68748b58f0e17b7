// A baseline: the findings a repository has accepted for now, keyed by what each is about (rule, message,
// facts, flow) rather than where it is written, so that editing an unrelated line keeps the key. A run
// with a baseline fails only on findings that are not in it, and lists the baselined ones that are gone.
// The same key gives each finding of a report its short id.

import { createHash } from 'node:crypto';
import { formatLocation, type Finding } from './finding';
import type { LintReport } from './report';

export interface BaselineEntry {
  readonly key: string;
  readonly ruleId: string;
  /** For people reading the file: the message and the place when the baseline was written. */
  readonly message: string;
  readonly location?: string;
}

export interface Baseline {
  readonly version: 1;
  readonly findings: readonly BaselineEntry[];
}

/**
 * What a finding is about, not where: rule, message id, facts and flow. A firewall rule that has a name is
 * known by it ("#3 web" counts as "web"), so inserting a rule above does not change the keys below it.
 * Also SARIF's fingerprint.
 */
export function findingKey(f: Pick<Finding, 'ruleId' | 'messageId' | 'data' | 'flow'>): string {
  const flow = f.flow ? { from: f.flow.from, to: f.flow.to, services: f.flow.services } : undefined;
  // In the order of the default sort (by each entry's string form), each string form made once.
  const facts = Object.entries(f.data)
    .map(([k, v]) => {
      const fact = [k, typeof v === 'string' ? v.replace(/#\d+ (?=\S)/g, '') : v];
      return { fact, text: String(fact) };
    })
    .sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0))
    .map(({ fact }) => fact);
  const identity = JSON.stringify([f.ruleId, f.messageId, facts, flow]);
  return createHash('sha256').update(identity).digest('hex').slice(0, 32);
}

/** The fewest leading hex digits of a key an id shows. */
export const SHORT_ID_LENGTH = 8;

/**
 * Gives every finding its short id (see `shortIds`). An id depends only on the findings given, so every run on
 * the same input gives the same ids. `keys` are the findings' keys when the caller has them already.
 */
export function assignFindingIds<F extends Finding>(findings: readonly F[], keys: readonly string[] = findings.map(findingKey)): F[] {
  const ids = shortIds(keys);
  return findings.map((f, i) => ({ ...f, id: ids[i]! }));
}

/**
 * Short ids of keys (hex strings): the first 8 digits of each, or as many more as it takes to tell it from every
 * other key (as git abbreviates commits); keys given more than once get `.1`, `.2`, … in their order.
 */
export function shortIds(keys: readonly string[]): string[] {
  const distinct = [...new Set(keys)].sort();
  const common = (a: string | undefined, b: string): number => {
    let n = 0;
    while (a !== undefined && n < a.length && a[n] === b[n]) n++;
    return n;
  };
  // Sorted, a key shares its longest prefix with one of its neighbours.
  const length = new Map(distinct.map((key, i) => [key, Math.min(key.length, Math.max(SHORT_ID_LENGTH, common(distinct[i - 1], key) + 1, common(distinct[i + 1], key) + 1))]));
  const total = new Map<string, number>();
  for (const key of keys) total.set(key, (total.get(key) ?? 0) + 1);
  const seen = new Map<string, number>();
  return keys.map((key) => {
    const short = key.slice(0, length.get(key));
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return total.get(key)! > 1 ? `${short}.${n}` : short;
  });
}

/** The findings an id typed by a person names: every finding whose id starts with it (case-insensitive). */
export function findingsById<F extends Finding>(findings: readonly F[], typed: string): F[] {
  const wanted = typed.trim().toLowerCase();
  const exact = findings.filter((f) => f.id === wanted);
  return exact.length > 0 ? exact : findings.filter((f) => f.id.startsWith(wanted));
}

/** The baseline of a report: every finding but input problems, sorted by key (deterministic). */
export function baselineOf(report: LintReport, inputRules: ReadonlySet<string>): Baseline {
  const findings = report.findings
    .filter((f) => !inputRules.has(f.ruleId))
    .map((f): BaselineEntry => ({ key: findingKey(f), ruleId: f.ruleId, message: f.message, ...(f.location ? { location: formatLocation(f.location) } : {}) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { version: 1, findings };
}

/** The report without the findings the baseline holds (as many of each key as it holds), and what it holds that is gone. */
export function applyBaseline(report: LintReport, baseline: Baseline, file: string): LintReport {
  const left = new Map<string, number>();
  for (const entry of baseline.findings) left.set(entry.key, (left.get(entry.key) ?? 0) + 1);
  const findings = report.findings.filter((f) => {
    const key = findingKey(f);
    const n = left.get(key) ?? 0;
    if (n === 0) return true;
    left.set(key, n - 1);
    return false;
  });
  const resolved = baseline.findings.filter((entry) => {
    const n = left.get(entry.key) ?? 0;
    if (n === 0) return false;
    left.set(entry.key, n - 1);
    return true;
  });
  const count = (s: string): number => findings.filter((f) => f.severity === s).length;
  return {
    ...report,
    findings,
    summary: { ...report.summary, errors: count('error'), warnings: count('warning'), infos: count('info') },
    baseline: { file, matched: report.findings.length - findings.length, resolved },
  };
}
