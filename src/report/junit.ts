// JUnit XML for CI dashboards: one suite per rule that ran, one failing test case per error or warning
// (info findings pass, their text kept), and one passing case for a rule with nothing to report.

import { formatLocation, formatWitness, type Finding } from '../core/finding';
import type { LintReport } from '../core/report';

export function formatJunit(report: LintReport): string {
  const byRule = new Map(report.rules.map((r) => [r.id, [] as Finding[]]));
  for (const f of report.findings) byRule.get(f.ruleId)?.push(f);
  const failing = (f: Finding): boolean => f.severity !== 'info';
  const suites = report.rules.map((rule) => {
    const findings = byRule.get(rule.id)!;
    const cases = findings.length === 0
      ? [`    <testcase classname="${xml(rule.id)}" name="${xml(rule.title)}"/>`]
      : findings.map((f) => {
          const where = formatLocation(f.location);
          const detail = [f.message, ...(f.witness ? [formatWitness(f.witness)] : []), ...(where ? [where] : [])].join('\n');
          const attributes = `classname="${xml(rule.id)}" name="${xml(`${where ? `${where} ` : ''}${f.messageId} ${f.id}`)}"${f.location ? ` file="${xml(f.location.file)}" line="${f.location.line}"` : ''}`;
          return failing(f)
            ? `    <testcase ${attributes}>\n      <failure type="${f.severity}" message="${xml(f.message)}">${xml(detail)}</failure>\n    </testcase>`
            : `    <testcase ${attributes}>\n      <system-out>${xml(detail)}</system-out>\n    </testcase>`;
        });
    const failures = findings.filter(failing).length;
    return [`  <testsuite name="${xml(rule.id)}" tests="${Math.max(findings.length, 1)}" failures="${failures}" errors="0" skipped="0">`, ...cases, '  </testsuite>'].join('\n');
  });
  const tests = report.rules.reduce((n, r) => n + Math.max(byRule.get(r.id)!.length, 1), 0);
  const failures = report.findings.filter((f) => byRule.has(f.ruleId) && failing(f)).length;
  return ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="sanso" tests="${tests}" failures="${failures}" errors="0">`, ...suites, '</testsuites>', ''].join('\n');
}

/** Text for XML attributes and content; characters XML cannot carry are dropped. */
function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
