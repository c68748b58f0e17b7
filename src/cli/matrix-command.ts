// `sanso matrix` on the command line: runs the library, writes the chosen format, returns the exit code
// (0 normally, 2 for bad input or usage). The tier and zone matrices, or with --firewall and --service one
// firewall's service matrix.

import { matrix, serviceMatrix, type ConfigOptions } from '../api';
import { formatReport } from '../report';
import { packageVersion } from '../source/read';
import { formatMatrixCsv, formatMatrixMarkdown, formatMatrixText, formatServiceMatrixCsv, formatServiceMatrixMarkdown, formatServiceMatrixText } from './matrix-text';

/** The formats `sanso matrix` writes (main.ts checks the choice). */
export type MatrixFormat = 'text' | 'json' | 'markdown' | 'csv';

export interface MatrixRequest {
  readonly common: ConfigOptions;
  readonly paths: readonly string[];
  readonly format: MatrixFormat;
  readonly firewall?: string;
  readonly service?: string;
  readonly today?: string;
  readonly inlineConfig?: boolean;
  readonly color: boolean;
}

export interface MatrixOutput {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Reports a usage error (bad options) and returns its exit code. */
  readonly usage: (message: string) => number;
}

/** Runs `sanso matrix`; returns the exit code. */
export function runMatrix(request: MatrixRequest, io: MatrixOutput): number {
  const { format } = request;
  if ((request.firewall === undefined) !== (request.service === undefined)) return io.usage('`sanso matrix` takes --firewall and --service together (the service matrix of one firewall)');
  const options = {
    ...request.common,
    paths: request.paths.length > 0 ? request.paths : ['.'],
    ...(request.today ? { today: request.today } : {}),
    ...(request.inlineConfig === false ? { inlineConfig: false } : {}),
  };
  const problems = (report: Parameters<typeof formatReport>[1]): number => {
    io.stderr(formatReport('text', report, { color: request.color, version: packageVersion() }));
    return 2;
  };
  if (request.firewall !== undefined && request.service !== undefined) {
    const result = serviceMatrix({ ...options, firewall: request.firewall, service: request.service });
    if (!result.answer) return problems(result.report);
    const lang = result.report.lang;
    const { answer } = result;
    io.stdout(format === 'json' ? `${JSON.stringify(answer, null, 2)}\n` : format === 'markdown' ? formatServiceMatrixMarkdown(answer, lang) : format === 'csv' ? formatServiceMatrixCsv(answer) : formatServiceMatrixText(answer, lang));
    return 0;
  }
  const result = matrix(options);
  if (!result.matrix) return problems(result.report);
  const lang = result.report.lang;
  const m = result.matrix;
  io.stdout(format === 'json' ? `${JSON.stringify(m, null, 2)}\n` : format === 'markdown' ? formatMatrixMarkdown(m, lang) : format === 'csv' ? formatMatrixCsv(m, lang) : formatMatrixText(m, lang));
  return 0;
}
