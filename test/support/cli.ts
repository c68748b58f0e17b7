// Runs the CLI in memory: captured output, a fixed environment, the repository as working directory.

import { resolve } from 'node:path';
import { main } from '../../src/cli/main';

export const ROOT = resolve(__dirname, '..', '..');
export const TODAY = '2026-11-28';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: readonly string[], env: Record<string, string> = {}, cwd = ROOT): CliRun {
  let stdout = '';
  let stderr = '';
  const code = main(args, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    env: { LANG: 'C', ...env },
    cwd,
    isTTY: false,
  });
  return { code, stdout, stderr };
}
