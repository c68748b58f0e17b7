// `sanso diff OLD NEW` and `sanso diff REV1 [REV2] -- PATHSPEC...` on the command line: which words are
// the versions and which the pathspecs, the chosen format on standard output, and the exit code (2 when a
// version cannot be read, with its problems under its name; 1 when the change adds a finding at the
// --fail-on level; else 0).

import { diff, type ConfigOptions, type DiffResult } from '../api';
import type { Severity } from '../core/finding';
import type { LintReport } from '../core/report';
import { formatReport } from '../report';
import { packageVersion } from '../source/read';
import { formatDiffMarkdown, formatDiffText } from './diff-text';

export interface DiffCommand {
  /** The whole argument list (to find `--`) and the positionals after the command name. */
  readonly argv: readonly string[];
  readonly words: readonly string[];
  readonly options: ConfigOptions & { readonly today?: string; readonly inlineConfig?: boolean };
  readonly format: 'text' | 'json' | 'markdown';
  readonly failOn: Severity;
  readonly color: boolean;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Reports a usage error (exit 2). */
  readonly usage: (message: string) => number;
}

const HEADINGS = {
  en: { old: 'Old version', new: 'New version', cannot: 'cannot be compared', worktree: '(working tree)' },
  ja: { old: '旧版', new: '新版', cannot: '比較できません', worktree: '（作業ツリー）' },
} as const;

/** Runs `sanso diff`; returns the exit code. */
export function runDiff(command: DiffCommand): number {
  const { argv, words, format } = command;
  // parseArgs hands everything after `--` over as positionals, last: that many are pathspecs.
  const separator = argv.indexOf('--');
  const specCount = separator < 0 ? 0 : argv.length - separator - 1;
  const versions = words.slice(0, words.length - specCount);
  const pathspecs = separator < 0 ? undefined : words.slice(words.length - specCount);
  // git's convention: options before `--`. An option after it would be read as a path; say so instead.
  const misplaced = pathspecs?.find((spec) => /^-/.test(spec));
  if (misplaced !== undefined) return command.usage(`options go before \`--\` (after it come the paths to read): ${misplaced}`);
  if (versions.length === 0 || versions.length > 2) {
    return command.usage(
      separator < 0
        ? '`sanso diff` needs OLD and NEW (paths or git revisions), or one revision to compare with the working tree'
        : '`sanso diff` takes one or two git revisions before `--`, and the paths to read after it',
    );
  }
  const result = diff({ ...command.options, old: versions[0]!, ...(versions[1] !== undefined ? { new: versions[1] } : {}), ...(pathspecs ? { pathspecs } : {}) });
  if (!result.diff) {
    command.stderr(problemsText(result, [versions[0]!, versions[1] ?? HEADINGS[result.setup.lang].worktree], command.color));
    return 2;
  }
  const report = result.diff;
  command.stdout(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : format === 'markdown' ? formatDiffMarkdown(report) : formatDiffText(report));
  const { errors, warnings, infos } = report.summary.newFindings;
  const failing = command.failOn === 'error' ? errors : command.failOn === 'warning' ? errors + warnings : errors + warnings + infos;
  return failing > 0 ? 1 : 0;
}

/** The problems that stop a diff: the configuration's, then each version's under its name. */
function problemsText(result: DiffResult, names: readonly [string, string], color: boolean): string {
  const lang = result.setup.lang;
  const h = HEADINGS[lang];
  const text = (report: LintReport): string => formatReport('text', report, { color, version: packageVersion() });
  const parts: string[] = [];
  if (result.setup.summary.inputErrors > 0) parts.push(text(result.setup));
  else {
    for (const [heading, report, name] of [[h.old, result.old, 0], [h.new, result.new, 1]] as const) {
      if (report.summary.inputErrors === 0) continue;
      parts.push(`${heading} ${names[name]}: ${h.cannot}\n${text(report)}`);
    }
  }
  return parts.join('\n');
}
