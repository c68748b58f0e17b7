// CSV for spreadsheets: one row per finding, UTF-8 with a byte order mark so that Excel opens Japanese text
// correctly, fields quoted as RFC 4180 says.

import { formatWitness } from '../core/finding';
import type { LintReport } from '../core/report';

const HEADER = ['id', 'severity', 'rule', 'file', 'line', 'column', 'message', 'from', 'to', 'services', 'witness'];

export function formatCsv(report: LintReport): string {
  const rows = report.findings.map((f) => [
    f.id,
    f.severity,
    f.ruleId,
    f.location?.file ?? '',
    f.location ? String(f.location.line) : '',
    f.location ? String(f.location.column) : '',
    f.message,
    f.flow?.from ?? '',
    f.flow?.to ?? '',
    f.flow?.services.join(', ') ?? '',
    f.witness ? formatWitness(f.witness) : '',
  ]);
  return '\ufeff' + [HEADER, ...rows].map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}

function field(value: string): string {
  // A leading = + - @ would be read as a formula by spreadsheets: quote it and neutralise it.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe;
}
