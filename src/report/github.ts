// GitHub Actions: one workflow command per finding, so each shows as an annotation on its line of the pull
// request. The job summary (Markdown) is written by the command line when GITHUB_STEP_SUMMARY is set.

import type { LintReport } from '../core/report';

const COMMAND = { error: 'error', warning: 'warning', info: 'notice' } as const;

export function formatGithub(report: LintReport): string {
  const lines = report.findings.map((f) => {
    const loc = f.location;
    const props = [
      ...(loc ? [`file=${property(loc.file)}`, `line=${loc.line}`, `col=${loc.column}`, `endLine=${loc.endLine}`, `endColumn=${loc.endColumn}`] : []),
      // The id is what `sanso explain` takes.
      `title=${property(`sanso ${f.ruleId} ${f.id}`)}`,
    ];
    return `::${COMMAND[f.severity]} ${props.join(',')}::${data(f.message)}`;
  });
  return lines.length ? lines.join('\n') + '\n' : '';
}

/** Escapes of the workflow command syntax: the message, and (stricter) property values. */
function data(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function property(text: string): string {
  return data(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
