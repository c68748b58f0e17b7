// Formatters by name. Each is a pure function of the report; the CLI writes what they return.

import type { LintReport } from '../core/report';
import { formatJson } from './json';
import { formatCsv } from './csv';
import { formatGithub } from './github';
import { formatHtml } from './html';
import { formatJunit } from './junit';
import { formatMarkdown } from './markdown';
import { formatSarif } from './sarif';
import { formatText } from './text';

export interface FormatContext {
  readonly color: boolean;
  readonly version: string;
  /** SARIF: where sanso's documentation is published: the tool's `informationUri`, and each rule's `helpUri` (base + `rules/<id>/README.md`). */
  readonly docsUrl?: string;
  /** SARIF: also list the traffic exceptions excused, as suppressed results. */
  readonly includeExcepted?: boolean;
}

export type Formatter = (report: LintReport, context: FormatContext) => string;

export const FORMATS = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
  junit: formatJunit,
  github: formatGithub,
  markdown: formatMarkdown,
  csv: formatCsv,
  html: formatHtml,
} as const satisfies Record<string, Formatter>;
export type FormatName = keyof typeof FORMATS;

export function formatReport(name: FormatName, report: LintReport, context: FormatContext): string {
  return FORMATS[name](report, context);
}
