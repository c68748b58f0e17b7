// Machine-readable report: stable keys, paths relative to the working directory, no timestamps.

import type { LintReport } from '../core/report';
import type { FormatContext } from './index';

export function formatJson(report: LintReport, context: FormatContext): string {
  return (
    JSON.stringify(
      {
        version: 1,
        tool: { name: 'sanso', version: context.version },
        organization: report.organization,
        model: report.model,
        edition: report.edition,
        lang: report.lang,
        ...(report.config ? { config: report.config } : {}),
        files: report.files,
        summary: report.summary,
        findings: report.findings,
        ...(report.baseline ? { baseline: report.baseline } : {}),
        exceptions: report.exceptions,
      },
      null,
      2,
    ) + '\n'
  );
}
