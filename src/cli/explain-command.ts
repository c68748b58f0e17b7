// `sanso explain` on the command line: the finding id or the question from the arguments, the explanation
// written as text or JSON, the problems (an unknown id, a bad question, a broken model) with exit code 2.

import { explain, type ExplainOptions } from '../api';
import { formatReport } from '../report';
import { packageVersion } from '../source/read';
import { formatExplanation } from './explain-text';

export interface ExplainCommand {
  /** The words after `explain`: the id then the paths, or only paths with a question. */
  readonly words: readonly string[];
  readonly question: { readonly from?: string; readonly to?: string; readonly service?: string };
  readonly options: Omit<ExplainOptions, 'id' | 'from' | 'to' | 'service' | 'paths'>;
  readonly format: 'text' | 'json';
  readonly color: boolean;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Reports bad usage; returns the exit code. */
  readonly usage: (message: string) => number;
}

/** Runs `sanso explain`; returns the exit code: 0 explained, 2 bad usage or input. */
export function runExplain(command: ExplainCommand): number {
  const { from, to, service } = command.question;
  const asked = [from, to, service].filter((v) => v !== undefined).length;
  if (asked > 0 && asked < 3) return command.usage('`sanso explain` needs all of --from, --to and --service, or a finding id instead');
  const [id, ...rest] = command.words;
  if (asked === 0 && id === undefined) return command.usage('`sanso explain` needs a finding id (as `sanso lint` shows it) or --from, --to and --service');
  const paths = asked === 3 ? command.words : rest;
  const result = explain({
    ...command.options,
    paths: paths.length > 0 ? paths : ['.'],
    ...(asked === 3 ? { from: from!, to: to!, service: service! } : { id: id! }),
  });
  if (!result.explanation) {
    command.stderr(formatReport('text', result.report, { color: command.color, version: packageVersion() }));
    return 2;
  }
  command.stdout(command.format === 'json' ? `${JSON.stringify(result.explanation, null, 2)}\n` : formatExplanation(result.explanation));
  return 0;
}
