// The command line: parses arguments, runs the library, writes the chosen format, returns the exit code.
// The only module that touches the process's environment and output (through the `io` it is given).

import { parseArgs } from 'node:util';
import { lint } from '../api';
import type { Lang } from '../core/finding';
import { FORMATS, formatReport, type FormatName } from '../report';
import { packageVersion } from '../source/read';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly isTTY: boolean;
}

export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

const HELP = {
  en: `sanso — lint the three-tier separation (三層の対策) of a local government network

Usage:
  sanso lint [PATH...] [options]   analyse the network model in PATH (files or directories; default .)
  sanso --help | --version

Options:
  -f, --format text|json   output format (default text)
      --lang ja|en         message language (default from LANG / LC_ALL)
      --today YYYY-MM-DD   judge exception expiry on this day (default today)
      --color, --no-color  force or disable colours (default: on a terminal, unless NO_COLOR)
  -h, --help               show this help

Exit codes: 0 no error findings; 1 error findings; 2 bad input, bad usage or no input files.
`,
  ja: `sanso — 自治体ネットワークの三層分離（三層の対策）を検査します

使い方:
  sanso lint [PATH...] [オプション]   PATH のネットワークモデルを解析（ファイルまたはディレクトリ、既定は .）
  sanso --help | --version

オプション:
  -f, --format text|json   出力形式（既定 text）
      --lang ja|en         メッセージの言語（既定は LANG / LC_ALL から）
      --today YYYY-MM-DD   例外措置の期限をこの日付で判定（既定は今日）
      --color, --no-color  色付けの強制・無効化（既定: 端末で、NO_COLOR がなければ有効）
  -h, --help               このヘルプを表示

終了コード: 0 エラーなし / 1 エラーの指摘あり / 2 入力・使い方の誤り、入力ファイルなし
`,
};

export function langFromEnv(env: CliIo['env']): Lang {
  const value = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return value.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

export function main(argv: readonly string[], io: CliIo): number {
  const envLang = langFromEnv(io.env);
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        lang: { type: 'string' },
        today: { type: 'string' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    io.stderr(`sanso: ${(error as Error).message}\n\n${HELP[envLang]}`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  const usage = (message: string): number => {
    io.stderr(`sanso: ${message}\n${envLang === 'ja' ? '`sanso --help` で使い方を表示します。' : 'Run `sanso --help` for usage.'}\n`);
    return EXIT.usage;
  };
  if (values.version) {
    io.stdout(`${packageVersion()}\n`);
    return EXIT.ok;
  }
  const lang = values.lang ?? envLang;
  if (lang !== 'ja' && lang !== 'en') return usage(`--lang must be ja or en, not "${lang}"`);
  if (values.help) {
    io.stdout(HELP[lang]);
    return EXIT.ok;
  }
  const [command, ...paths] = positionals;
  if (command === undefined) {
    io.stderr(HELP[lang]);
    return EXIT.usage;
  }
  if (command !== 'lint') return usage(`unknown command "${command}"`);
  const format = values.format ?? 'text';
  if (!(format in FORMATS)) return usage(`--format must be one of ${Object.keys(FORMATS).join(', ')}, not "${format}"`);
  if (values.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.today)) return usage(`--today must be a date YYYY-MM-DD, not "${values.today}"`);
  const color = values['no-color'] ? false : values.color ? true : io.isTTY && !io.env.NO_COLOR && format === 'text';

  const report = lint({
    paths: paths.length > 0 ? paths : ['.'],
    cwd: io.cwd,
    lang,
    ...(values.today ? { today: values.today } : {}),
  });
  io.stdout(formatReport(format as FormatName, report, { color, version: packageVersion() }));
  if (report.summary.inputErrors > 0) return EXIT.usage;
  return report.summary.errors > 0 ? EXIT.findings : EXIT.ok;
}

/** Runs `main` on the real process; a crash is reported as an internal error with its stack, exit 2. */
export function run(): void {
  let code: number;
  try {
    code = main(process.argv.slice(2), {
      stdout: (s) => process.stdout.write(s),
      stderr: (s) => process.stderr.write(s),
      env: process.env,
      cwd: process.cwd(),
      isTTY: Boolean(process.stdout.isTTY),
    });
  } catch (error) {
    process.stderr.write(`sanso: internal error (this is a bug in sanso; please report it)\n${(error as Error).stack ?? String(error)}\n`);
    code = EXIT.usage;
  }
  process.exitCode = code;
}
