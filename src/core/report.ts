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

/** What an audit report shows besides the findings: the inputs, the tier policy in force, the zones. */
export interface AuditFacts {
  /** The day the run judged exceptions on. */
  readonly today: string;
  /** Every file read, with the SHA-256 of its bytes, so the run can be repeated on the same inputs. */
  readonly inputs: readonly { readonly file: string; readonly sha256: string }[];
  /** The tiers and outside networks of the model, tiers first. */
  readonly categories: readonly string[];
  /** The tier policy between every two of them: verdict, the gateways that sanction a flow, the clauses. */
  readonly cells: readonly {
    readonly from: string;
    readonly to: string;
    readonly verdict: 'allow' | 'deny' | 'pinned' | 'declared';
    readonly via: readonly { readonly role: string; readonly services?: readonly string[] }[];
    readonly through?: string;
    readonly cite: readonly string[];
  }[];
  readonly zones: readonly { readonly id: string; readonly category: string }[];
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
  /** Present when the model was built: what an audit report needs besides the findings. */
  readonly audit?: AuditFacts;
  /** With a baseline: how many findings it held back, and the ones it holds that are gone. */
  readonly baseline?: { readonly file: string; readonly matched: number; readonly resolved: readonly BaselineEntry[] };
  readonly lang: Lang;
}

