// The command line: parses arguments, runs the library, writes the chosen format, returns the exit code.
// The only module that touches the process's environment and output (through the `io` it is given).

import { parseArgs } from 'node:util';
import { describeRules, importRules, lint, query, type ConfigOptions } from '../api';
import { formatQuery } from './query-text';
import { formatRuleListing } from './rules-text';
import { runDiff } from './diff-command';
import { runExplain } from './explain-command';
import { runMatrix, type MatrixFormat } from './matrix-command';
import type { Lang } from '../core/finding';
import { FORMATS, formatReport, type FormatName } from '../report';
import { packageVersion } from '../source/read';
import { appendTextFile, writeTextFile } from '../source/write';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Writes an output file (`--format NAME:PATH`), relative to `cwd`; by default to the file system. */
  readonly writeFile?: (path: string, text: string) => void;
  /** Appends to a file (the GitHub job summary); by default to the file system. */
  readonly appendFile?: (path: string, text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly isTTY: boolean;
}

export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

const HELP = {
  en: `sanso — lint the three-tier separation (三層の対策) of a local government network

Usage:
  sanso lint [PATH...] [options]   analyse the network model in PATH (files or directories; default .)
  sanso rules [options]            list the rules, with the level the configuration gives each
  sanso query --from ADDR --to ADDR --service SVC [PATH...]
                                   what each firewall on each path does with one packet (SVC: tcp/443,
                                   udp/53, icmp/8…), with the deciding rule and where it is written
  sanso explain ID [PATH...] | sanso explain --from A --to B --service SVC [PATH...]
                                   why a finding's traffic (ID as sanso lint shows it, or 4+ of its first
                                   digits) or a packet is allowed: paths and deciding rules, exceptions,
                                   the tier policy and whether it is met; A, B: addresses, hosts or zones.
                                   --format text or json; exit 0 when explained
  sanso import FORMAT FILE [--table T] [--chain C] [--firewall ID PATH...]
                                   print a vendor file's rules as sanso rules (YAML); FORMAT is
                                   iptables-save, ip6tables-save (default table filter, chain FORWARD)
                                   or nftables-json (nft -j list ruleset: the forward hook);
                                   -i/-o become the zones behind firewall ID's interfaces in the model
  sanso diff OLD NEW | sanso diff REV1 [REV2] -- PATH...
                                   the flows a change opens and closes between zones (exact, riskiest
                                   first) and the findings it adds and resolves; OLD and NEW are paths
                                   or git revisions (REV alone: against the working tree). --format text,
                                   markdown (a pull-request comment) or json; exit 1 when the change adds
                                   a finding at the --fail-on level
  sanso matrix [PATH...] [--format text|markdown|csv|json]
                                   the tier matrix and the zone matrix: for each pair of tiers or
                                   outside networks, and of zones, the services let through, the tier
                                   policy on it and whether lint finds it compliant
  sanso matrix --firewall ID --service SVC [PATH...] [--format text|markdown|csv|json]
                                   one firewall's service matrix (SVC: one service, e.g. tcp/22): the
                                   classes of addresses with identical access, IPv4 and IPv6, and the
                                   allowed edges between them; its rules alone, native or imported
  sanso --help | --version

Options:
  -f, --format NAME[:PATH] output format: text (default), json, sarif, junit, github, markdown,
                           csv or html (the audit report, Japanese unless --lang en); with :PATH
                           written to that file; repeat it for several outputs
                           from one run (lint). github also writes a job summary to
                           $GITHUB_STEP_SUMMARY when it is set
      --fail-on LEVEL      exit 1 on findings of this severity or worse: error (default),
                           warning or info
      --max-warnings N     exit 1 when there are more than N warnings
      --baseline FILE      leave out the findings FILE holds (fail only on new ones) and list
                           the ones it holds that are gone; --update-baseline writes FILE
      --no-inline-config   ignore "# sanso-disable-next-line RULE -- reason" comments (audits)
      --docs-url URL       where sanso's docs are published, for links in SARIF (informationUri,
                           and helpUri = URL + rules/<id>/README.md)
      --include-excepted   SARIF: also list the traffic exceptions excuse, as suppressed results
      --lang ja|en         message language (default: the config's lang, else LANG / LC_ALL)
      --today YYYY-MM-DD   judge exception expiry on this day (default today)
      --config PATH        use this configuration file (default: the first sanso.config.yaml,
                           .yml or .json from the working directory upward)
      --no-config          use no configuration file (the recommended preset)
      --color, --no-color  force or disable colours (default: on a terminal, unless NO_COLOR)
  -h, --help               show this help

Exit codes: 0 no findings at the --fail-on level (default: no errors) and warnings within --max-warnings;
1 otherwise (query: 1 when the packet is stopped; matrix: never 1); 2 bad input, bad usage or no input files.
`,
  ja: `sanso — 自治体ネットワークの三層分離（三層の対策）を検査します

使い方:
  sanso lint [PATH...] [オプション]   PATH のネットワークモデルを解析（ファイルまたはディレクトリ、既定は .）
  sanso rules [オプション]            ルールの一覧と、設定による各ルールの水準を表示
  sanso query --from ADDR --to ADDR --service SVC [PATH...]
                                   1つのパケットを経路上の各ファイアウォールがどう扱うかを、決めたルールと
                                   その記載箇所とともに表示（SVC は tcp/443、udp/53、icmp/8 など）
  sanso explain ID [PATH...] | sanso explain --from A --to B --service SVC [PATH...]
                                   指摘（ID は sanso lint が表示するもの、先頭 4 桁以上でも可）または
                                   パケットが通る理由を説明: 経路と判定を決めたルール、例外措置、三層の
                                   ポリシーとそれを満たすか。A・B はアドレス・ホスト・ゾーン。
                                   --format は text・json。説明できれば終了コード 0
  sanso import 形式 FILE [--table T] [--chain C] [--firewall ID PATH...]
                                   機器の設定ファイルのルールを sanso のルール（YAML）として出力。形式は
                                   iptables-save・ip6tables-save（既定はテーブル filter、チェイン FORWARD）
                                   または nftables-json（nft -j list ruleset の forward フック）。
                                   -i/-o はモデルのファイアウォール ID のインターフェースの背後のゾーンになる
  sanso diff 旧 新 | sanso diff REV1 [REV2] -- PATH...
                                   変更によって開く・閉じるゾーン間の通信（厳密に計算し、危険なものから）
                                   と、増えた・解消した指摘を表示。旧・新はパスまたは git のリビジョン
                                   （REV だけなら作業ツリーと比較）。--format は text・markdown（プル
                                   リクエストのコメント用）・json。--fail-on の水準の指摘が増えると終了コード 1
  sanso matrix [PATH...] [--format text|markdown|csv|json]
                                   領域（三層と外部ネットワーク）間とゾーン間の通信行列: 組み合わせごとに
                                   通るサービス、三層のポリシー、lint による適合・違反を表示
  sanso matrix --firewall ID --service SVC [PATH...] [--format text|markdown|csv|json]
                                   1台のファイアウォールのサービス行列（SVC は tcp/22 など1つ）: 通信できる
                                   相手がまったく同じアドレスのクラス（IPv4・IPv6）と、クラス間で許可される
                                   通信。そのファイアウォールのルールだけで判定（読み込んだルールも同様）
  sanso --help | --version

オプション:
  -f, --format 形式[:PATH] 出力形式: text（既定）・json・sarif・junit・github・markdown・csv・
                           html（監査用の報告書。--lang en でなければ日本語）。
                           :PATH を付けるとそのファイルに書き出す。繰り返して1回の実行で複数の
                           出力を作れる（lint）。github は $GITHUB_STEP_SUMMARY があればジョブの
                           サマリーも書く
      --fail-on 水準       この重大度以上の指摘があれば終了コード 1: error（既定）・warning・info
      --max-warnings N     警告が N 件を超えたら終了コード 1
      --baseline FILE      FILE にある指摘を除き（新しい指摘だけで失敗）、解消したものを表示。
                           --update-baseline で FILE を書き出す
      --no-inline-config   「# sanso-disable-next-line ルール -- 理由」のコメントを無視（監査用）
      --docs-url URL       sanso の文書の公開先。SARIF のリンク（informationUri と、各ルールの
                           helpUri = URL + rules/<id>/README.md）に使う
      --include-excepted   SARIF: 例外措置で免除した通信も、抑止された結果として出力する
      --lang ja|en         メッセージの言語（既定は設定ファイルの lang、なければ LANG / LC_ALL から）
      --today YYYY-MM-DD   例外措置の期限をこの日付で判定（既定は今日）
      --config PATH        この設定ファイルを使う（既定: 作業ディレクトリから上位へ探して最初に
                           見つかった sanso.config.yaml・.yml・.json）
      --no-config          設定ファイルを使わない（recommended プリセット）
      --color, --no-color  色付けの強制・無効化（既定: 端末で、NO_COLOR がなければ有効）
  -h, --help               このヘルプを表示

終了コード: 0 --fail-on の水準の指摘がなく（既定はエラーなし）、警告が --max-warnings 以内 / 1 それ以外
（query は届かないとき 1、matrix は 1 にならない）/ 2 入力・使い方の誤り、入力ファイルなし
`,
};

type Command = 'lint' | 'rules' | 'query' | 'explain' | 'import' | 'diff' | 'matrix';

/** Options every command takes. */
const SHARED_OPTIONS: readonly string[] = ['format', 'lang', 'color', 'no-color', 'config', 'no-config', 'help', 'version'];

/** Each command's own options, and the formats it writes (all of them, for lint). */
const COMMAND_OPTIONS: Readonly<Record<Command, { readonly options: readonly string[]; readonly formats?: readonly string[] }>> = {
  lint: { options: ['today', 'fail-on', 'max-warnings', 'baseline', 'update-baseline', 'no-inline-config', 'docs-url', 'include-excepted'] },
  rules: { options: [], formats: ['text', 'json'] },
  query: { options: ['from', 'to', 'service', 'today'], formats: ['text', 'json'] },
  explain: { options: ['from', 'to', 'service', 'today', 'no-inline-config'], formats: ['text', 'json'] },
  import: { options: ['table', 'chain', 'firewall'], formats: ['text', 'json'] },
  diff: { options: ['today', 'fail-on', 'no-inline-config'], formats: ['text', 'markdown', 'json'] },
  matrix: { options: ['firewall', 'service', 'today', 'no-inline-config'], formats: ['text', 'markdown', 'csv', 'json'] },
};

function isCommand(name: string): name is Command {
  return Object.hasOwn(COMMAND_OPTIONS, name);
}

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
        format: { type: 'string', short: 'f', multiple: true },
        lang: { type: 'string' },
        today: { type: 'string' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        config: { type: 'string' },
        'no-config': { type: 'boolean' },
        'fail-on': { type: 'string' },
        baseline: { type: 'string' },
        'no-inline-config': { type: 'boolean' },
        'docs-url': { type: 'string' },
        'include-excepted': { type: 'boolean' },
        'update-baseline': { type: 'boolean' },
        'max-warnings': { type: 'string' },
        table: { type: 'string' },
        chain: { type: 'string' },
        firewall: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        service: { type: 'string' },
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
  // Help and usage errors come before the configuration is read: they follow --lang, else LANG / LC_ALL.
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
  if (!isCommand(command)) return usage(`unknown command "${command}"`);
  // Each command takes the options of its own row of COMMAND_OPTIONS, and those every command takes.
  const misplaced = Object.keys(values).find((name) => !SHARED_OPTIONS.includes(name) && !COMMAND_OPTIONS[command].options.includes(name));
  if (misplaced !== undefined) {
    const owners = (Object.keys(COMMAND_OPTIONS) as Command[]).filter((c) => COMMAND_OPTIONS[c].options.includes(misplaced)).map((c) => `\`sanso ${c}\``);
    return usage(`--${misplaced} is not an option of \`sanso ${command}\` (it is one of ${owners.join(', ')})`);
  }
  // --format NAME[:PATH], repeatable for lint: every output from one run; at most one on standard output.
  const outputs = (values.format ?? ['text']).map((spec) => {
    const colon = spec.indexOf(':');
    return colon < 0 ? { name: spec } : { name: spec.slice(0, colon), path: spec.slice(colon + 1) };
  });
  for (const output of outputs) {
    if (!Object.hasOwn(FORMATS, output.name)) return usage(`--format must be one of ${Object.keys(FORMATS).join(', ')}, not "${output.name}"`);
    if (output.path === '') return usage(`--format ${output.name}: needs a file path after the colon`);
  }
  if (outputs.filter((o) => o.path === undefined).length > 1) return usage('only one --format can go to standard output; give the others a :PATH');
  if (command !== 'lint' && (outputs.length > 1 || outputs[0]!.path !== undefined)) return usage(`\`sanso ${command}\` takes one --format, written to standard output`);
  const format = outputs.find((o) => o.path === undefined)?.name ?? outputs[0]!.name;
  const formats = COMMAND_OPTIONS[command].formats;
  if (formats && !formats.includes(format)) return usage(`--format must be ${formats.slice(0, -1).join(', ')} or ${formats[formats.length - 1]} for \`sanso ${command}\`, not "${format}"`);
  if (values.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.today)) return usage(`--today must be a date YYYY-MM-DD, not "${values.today}"`);
  if (values.config !== undefined && values['no-config']) return usage('--config and --no-config cannot be used together');
  if (values.config === '') return usage('--config needs a file path');
  const failOn = values['fail-on'] ?? 'error';
  if (failOn !== 'error' && failOn !== 'warning' && failOn !== 'info') return usage(`--fail-on must be error, warning or info, not "${failOn}"`);
  const maxWarnings = values['max-warnings'] === undefined ? undefined : Number(values['max-warnings']);
  if (maxWarnings !== undefined && !(Number.isInteger(maxWarnings) && maxWarnings >= 0)) return usage(`--max-warnings must be a whole number, not "${values['max-warnings']}"`);
  if (values['update-baseline'] && values.baseline === undefined) return usage('--update-baseline needs --baseline FILE');
  if (values['docs-url'] !== undefined && !/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(values['docs-url'])) return usage(`--docs-url must be an absolute URL, not "${values['docs-url']}"`);
  const color = values['no-color'] ? false : values.color ? true : io.isTTY && !io.env.NO_COLOR && format === 'text';
  const chosenLang: Lang = lang;
  const common: ConfigOptions = {
    cwd: io.cwd,
    ...(values.lang ? { lang: chosenLang } : {}),
    defaultLang: envLang,
    ...(values['no-config'] ? { config: false as const } : values.config !== undefined ? { config: values.config } : {}),
  };

  if (command === 'diff') {
    return runDiff({ argv, words: paths, options: { ...common, ...(values.today ? { today: values.today } : {}), ...(values['no-inline-config'] ? { inlineConfig: false } : {}) }, format: format as 'text' | 'json' | 'markdown', failOn, color, stdout: io.stdout, stderr: io.stderr, usage });
  }

  if (command === 'explain') {
    return runExplain({ words: paths, question: { from: values.from, to: values.to, service: values.service }, options: { ...common, ...(values.today ? { today: values.today } : {}), ...(values['no-inline-config'] ? { inlineConfig: false } : {}) }, format: format as 'text' | 'json', color, stdout: io.stdout, stderr: io.stderr, usage });
  }

  if (command === 'matrix') {
    return runMatrix({ common, paths, format: format as MatrixFormat, ...(values.firewall !== undefined ? { firewall: values.firewall } : {}), ...(values.service !== undefined ? { service: values.service } : {}), ...(values.today ? { today: values.today } : {}), ...(values['no-inline-config'] ? { inlineConfig: false } : {}), color }, { stdout: io.stdout, stderr: io.stderr, usage });
  }

  if (command === 'rules') {
    if (paths.length > 0) return usage(`\`sanso rules\` takes no paths ("${paths[0]}")`);
    const listing = describeRules(common);
    if (listing.report.summary.inputErrors > 0) {
      io.stdout(formatReport(format as FormatName, listing.report, { color, version: packageVersion() }));
      return EXIT.usage;
    }
    io.stdout(format === 'json' ? `${JSON.stringify(listing.rules, null, 2)}\n` : formatRuleListing(listing));
    return EXIT.ok;
  }

  if (command === 'query') {
    if (values.from === undefined || values.to === undefined || values.service === undefined) return usage('`sanso query` needs --from, --to and --service');
    if (format !== 'text' && format !== 'json') return usage(`--format must be text or json for \`sanso query\`, not "${format}"`);
    const asked = query({ ...common, paths: paths.length > 0 ? paths : ['.'], from: values.from, to: values.to, service: values.service, ...(values.today ? { today: values.today } : {}) });
    if (!asked.answer) {
      io.stderr(formatReport('text', asked.report, { color, version: packageVersion() }));
      return EXIT.usage;
    }
    io.stdout(format === 'json' ? `${JSON.stringify(asked.answer, null, 2)}\n` : formatQuery(asked.answer, asked.report.lang));
    return asked.answer.delivered ? EXIT.ok : EXIT.findings;
  }

  if (command === 'import') {
    const [importFormat, file, ...modelPaths] = paths;
    if (importFormat !== 'iptables-save' && importFormat !== 'ip6tables-save' && importFormat !== 'nftables-json') {
      return usage(`\`sanso import\` needs a format, iptables-save, ip6tables-save or nftables-json${importFormat ? `, not "${importFormat}"` : ''}`);
    }
    if (file === undefined) return usage('`sanso import` needs the file to import');
    if (modelPaths.length > 0 && values.firewall === undefined) return usage(`\`sanso import\` takes one file; model paths ("${modelPaths[0]}") go with --firewall`);
    const result = importRules({
      ...common,
      format: importFormat,
      file,
      ...(values.table ? { table: values.table } : {}),
      ...(values.chain ? { chain: values.chain } : {}),
      ...(values.firewall !== undefined ? { firewall: values.firewall, paths: modelPaths.length > 0 ? modelPaths : ['.'] } : {}),
    });
    if (result.yaml === undefined) {
      io.stderr(formatReport('text', result.report, { color, version: packageVersion() }));
      return EXIT.usage;
    }
    io.stdout(result.yaml);
    return EXIT.ok;
  }

  const report = lint({
    ...common,
    paths: paths.length > 0 ? paths : ['.'],
    ...(values.today ? { today: values.today } : {}),
    ...(values.baseline !== undefined ? { baseline: values.baseline, updateBaseline: values['update-baseline'] === true } : {}),
    ...(values['no-inline-config'] ? { inlineConfig: false } : {}),
  });
  const writeFile = io.writeFile ?? ((path: string, text: string) => writeTextFile(io.cwd, path, text));
  // The audit report is Japanese unless --lang says otherwise (the other outputs follow LANG).
  let japanese: typeof report | undefined;
  const reportFor = (name: string): typeof report => {
    if (name !== 'html' || values.lang !== undefined || report.lang === 'ja') return report;
    japanese ??= lint({ ...common, lang: 'ja', paths: paths.length > 0 ? paths : ['.'], ...(values.today ? { today: values.today } : {}), ...(values['no-inline-config'] ? { inlineConfig: false } : {}), ...(values.baseline !== undefined ? { baseline: values.baseline } : {}) });
    return japanese;
  };
  for (const output of outputs) {
    const text = formatReport(output.name as FormatName, reportFor(output.name), { color: color && output.path === undefined, version: packageVersion(), ...(values['docs-url'] ? { docsUrl: values['docs-url'] } : {}), ...(values['include-excepted'] ? { includeExcepted: true } : {}) });
    if (output.path === undefined) io.stdout(text);
    else {
      try {
        writeFile(output.path, text);
      } catch (error) {
        io.stderr(`sanso: cannot write ${output.path}: ${(error as Error).message}\n`);
        return EXIT.usage;
      }
    }
  }
  if (outputs.some((o) => o.name === 'github') && io.env.GITHUB_STEP_SUMMARY) {
    const appendFile = io.appendFile ?? ((path: string, text: string) => appendTextFile(io.cwd, path, text));
    appendFile(io.env.GITHUB_STEP_SUMMARY, formatReport('markdown', report, { color: false, version: packageVersion() }));
  }
  if (report.summary.inputErrors > 0) return EXIT.usage;
  const { errors, warnings, infos } = report.summary;
  const failing = failOn === 'error' ? errors : failOn === 'warning' ? errors + warnings : errors + warnings + infos;
  return failing > 0 || (maxWarnings !== undefined && warnings > maxWarnings) ? EXIT.findings : EXIT.ok;
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
