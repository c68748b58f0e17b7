// The result of a lint run as every formatter sees it: findings, the exceptions' status, a summary.

import type { BaselineEntry } from './baseline';
import type { Finding, Lang, Location, Severity } from './finding';

export type ExceptionStatus = 'in-force' | 'expired' | 'unused' | 'not-pinned';

export interface ExceptionReport {
  readonly id: string;
  readonly rule: string;
  readonly status: ExceptionStatus;
  readonly reason: string;
  readonly approvedBy: string;
  readonly expires: string;
  readonly location?: Location;
  /** What it excused in this run. */
  readonly covered: { readonly sources: readonly string[]; readonly destinations: readonly string[]; readonly services: readonly string[] };
}

/** A rule that ran (or an input check that reported), as the outputs describe it, in the report's language. */
export interface ReportRule {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** The severity the rule gives by default. */
  readonly severity: Severity;
  readonly category: string;
  readonly references: readonly string[];
}

export interface LintReport {
  readonly findings: readonly Finding[];
  /** The rules that ran, and the input checks that reported, in catalogue order. */
  readonly rules: readonly ReportRule[];
  readonly exceptions: readonly ExceptionReport[];
  readonly summary: {
    readonly errors: number;
    readonly warnings: number;
    readonly infos: number;
    /** Whether the input itself was broken (exit code 2). */
    readonly inputErrors: number;
    readonly files: number;
  };
  readonly files: readonly string[];
  readonly organization?: string;
  readonly model?: string;
  readonly edition?: string;
  /** The configuration file used (sanso.config.yaml), as given or found; absent when none. */
  readonly config?: string;
  /** With a baseline: how many findings it held back, and the ones it holds that are gone. */
  readonly baseline?: { readonly file: string; readonly matched: number; readonly resolved: readonly BaselineEntry[] };
  readonly lang: Lang;
}

