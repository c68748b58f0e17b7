// Inline suppressions in model files: a comment line `# sanso-disable-next-line RULE[, RULE…] -- reason` above
// the one a finding is reported at. Found by scanning the text (comments are not data), applied to the
// findings of a run; a suppression without a reason, or one that suppresses nothing, is itself reported.

import type { Finding, Location } from './finding';

export interface Suppression {
  readonly location: Location;
  readonly rules: readonly string[];
  readonly reason?: string;
}

/**
 * A comment line: the `#` is the first thing on it. A directive after other text — inside a quoted string, a
 * JSON string (JSON has no comments), or after a value — is not one: text there is data.
 */
const DIRECTIVE = /^(\s*)#\s*sanso-disable-next-line\s+([A-Za-z0-9_,\s-]*?)\s*(?:--\s*(.*?))?\s*$/;

/** The suppressions written in a file, each at the place of its comment. */
export function findSuppressions(file: string, text: string): Suppression[] {
  const out: Suppression[] = [];
  // Only the lines that name the directive are looked at; line numbers are counted up to each of them.
  let line = 1;
  let counted = 0;
  for (let at = text.indexOf('sanso-disable-next-line'); at >= 0; at = text.indexOf('sanso-disable-next-line', at + 1)) {
    for (let nl = text.indexOf('\n', counted); nl >= 0 && nl < at; nl = text.indexOf('\n', nl + 1)) {
      line++;
      counted = nl + 1;
    }
    const start = counted;
    const end = text.indexOf('\n', at);
    const content = text.slice(start, end < 0 ? text.length : end).replace(/\r$/, '');
    counted = end < 0 ? text.length : end;
    const m = DIRECTIVE.exec(content);
    if (!m) continue;
    const rules = m[2]!.split(/[\s,]+/).filter(Boolean);
    const column = m[1]!.length + 1;
    out.push({ location: { file, line, column, endLine: line, endColumn: content.length + 1 }, rules, ...(m[3] ? { reason: m[3] } : {}) });
  }
  return out;
}

/** The findings no suppression takes, and the suppressions that took some. */
export function applySuppressions(findings: readonly Finding[], suppressions: readonly Suppression[]): { kept: Finding[]; used: Set<Suppression> } {
  const byPlace = new Map<string, Suppression[]>();
  for (const s of suppressions) {
    const key = `${s.location.file}\u0000${s.location.line + 1}`;
    byPlace.set(key, [...(byPlace.get(key) ?? []), s]);
  }
  const used = new Set<Suppression>();
  const kept = findings.filter((f) => {
    if (!f.location) return true;
    const s = byPlace.get(`${f.location.file}\u0000${f.location.line}`)?.find((x) => x.rules.includes(f.ruleId) && x.reason);
    if (!s) return true;
    used.add(s);
    return false;
  });
  return { kept, used };
}
