// SARIF 2.1.0 for code scanning: every rule that ran, each finding with its place (a full region), the other
// places as related locations, the path hop by hop as a code flow, and a fingerprint of what the finding is
// about (rule, message, facts, flow) — not of where it is — so it survives edits to unrelated lines.

import type { Finding, Location, Severity } from '../core/finding';
import { findingKey } from '../core/baseline';
import type { LintReport } from '../core/report';
import type { FormatContext } from './index';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
/** GitHub ranks code-scanning alerts by this score (critical ≥ 9, high ≥ 7, medium ≥ 4, low below). */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.0', info: '2.0' };

export function formatSarif(report: LintReport, context: FormatContext): string {
  const ruleIndex = new Map(report.rules.map((r, i) => [r.id, i]));
  const rules = report.rules.map((rule) => ({
    id: rule.id,
    name: rule.id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase()),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    help: {
      text: `${rule.description}${rule.references.length ? `\n\n${rule.references.join('; ')}` : ''}`,
      markdown: `**${rule.title}**\n\n${rule.description}${rule.references.length ? `\n\n${rule.references.map((r) => `- ${r}`).join('\n')}` : ''}`,
    },
    ...(context.docsUrl ? { helpUri: `${context.docsUrl.replace(/\/?$/, '/')}rules/${rule.id}/README.md` } : {}),
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: { tags: ['security', rule.category, ...rule.references], 'security-severity': SECURITY_SEVERITY[rule.severity], precision: 'very-high' },
  }));
  const results = report.findings
    .filter((f) => ruleIndex.has(f.ruleId))
    .map((f) => ({
      ruleId: f.ruleId,
      ruleIndex: ruleIndex.get(f.ruleId)!,
      level: LEVEL[f.severity],
      message: { text: f.message },
      ...(f.location ? { locations: [{ physicalLocation: physical(f.location) }] } : { locations: [] }),
      ...(f.related.length ? { relatedLocations: f.related.filter((r) => r.file).map((r, i) => ({ id: i + 1, physicalLocation: physical(r as Location), message: { text: r.label } })) } : {}),
      ...(f.path && f.path.length > 1 ? { codeFlows: [codeFlow(f)] } : {}),
      partialFingerprints: { 'sansoFinding/v1': findingKey(f) },
      // The short id `sanso lint` shows and `sanso explain ID` takes.
      properties: { id: f.id, ...(f.possible ? { possible: f.possible } : {}) },
    }));
  // Traffic an exception excused is no finding; asked for, it is listed as results suppressed by the exception.
  const excused = context.includeExcepted
    ? report.exceptions
        .filter((e) => e.status === 'in-force' && ruleIndex.has(e.rule))
        .map((e) => ({
          ruleId: e.rule,
          ruleIndex: ruleIndex.get(e.rule)!,
          level: LEVEL[report.rules[ruleIndex.get(e.rule)!]!.severity],
          message: { text: `${e.covered.sources.join(', ')} → ${e.covered.destinations.join(', ')} ${e.covered.services.join(', ')} (exception ${e.id})` },
          locations: e.location ? [{ physicalLocation: physical(e.location) }] : [],
          suppressions: [{ kind: 'external', status: 'accepted', justification: `${e.id}: ${e.reason} (${e.approvedBy}, until ${e.expires})` }],
          partialFingerprints: { 'sansoFinding/v1': `exception:${e.id}` },
        }))
    : [];
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'sanso', semanticVersion: context.version, version: context.version, ...(context.docsUrl ? { informationUri: context.docsUrl } : {}), rules } },
        language: report.lang,
        columnKind: 'unicodeCodePoints',
        results: [...results, ...excused],
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

function physical(location: Partial<Location>): object {
  return {
    artifactLocation: { uri: encodeURI(location.file ?? '') },
    region: { startLine: location.line ?? 1, startColumn: location.column ?? 1, endLine: location.endLine ?? location.line ?? 1, endColumn: location.endColumn ?? location.column ?? 1 },
  };
}

/** The path hop by hop: zones and the firewall rules, links and relays between them. */
function codeFlow(f: Finding): object {
  return {
    threadFlows: [
      {
        locations: f.path!.map((hop) => ({
          location: {
            ...(hop.location ? { physicalLocation: physical(hop.location) } : {}),
            message: { text: `${hop.kind} ${hop.id}${hop.detail ? ' ' + hop.detail : ''}` },
          },
        })),
      },
    ],
  };
}
