// Built-in pseudo-rules for problems in the input itself. They are findings like any other, so every
// format and the exit code treat them alike; any of them makes the run fail with exit code 2.

import type { RuleMeta } from './rule';

const input = (id: string, ja: string, en: string, messages: RuleMeta['messages']): RuleMeta => ({
  id,
  title: { ja, en },
  description: { ja, en },
  category: 'input',
  severity: 'error',
  references: [],
  messages,
});

export const INPUT_RULES: readonly RuleMeta[] = [
  input('no-input', '入力ファイルがない', 'No input files', {
    'no-files': { ja: 'モデルのファイル（.yaml, .yml, .json）が見つかりません: {{paths}}', en: 'No model files (.yaml, .yml, .json) found in: {{paths}}' },
    missing: { ja: 'パス {{path}} が存在しません。', en: 'Path {{path}} does not exist.' },
  }),
  input('parse-error', '構文エラー', 'Syntax error', {
    syntax: { ja: 'YAML/JSON の構文エラー: {{detail}}', en: 'YAML/JSON syntax error: {{detail}}' },
    'multiple-documents': { ja: '1つのファイルには1つの文書だけを書いてください（--- で区切られた2つ目の文書があります）。', en: 'A file holds one document only; this one has a second document after `---`.' },
    'alias-limit': { ja: 'エイリアスの展開が {{limit}} 回を超えました（エイリアス爆弾の可能性）。読み込みを中止しました。', en: 'Alias expansion exceeded {{limit}} (a possible alias bomb); the file was not loaded.' },
    'too-large': { ja: 'ファイルが大きすぎます（上限 {{limit}} MiB）。', en: 'The file is too large (limit {{limit}} MiB).' },
    empty: { ja: 'ファイルが空です。少なくとも `sanso: 1` が必要です。', en: 'The file is empty; it needs at least `sanso: 1`.' },
    'not-readable': { ja: 'ファイルを読めません: {{detail}}', en: 'Cannot read the file: {{detail}}' },
  }),
  input('schema', '形式エラー', 'Format error', {
    required: { ja: '必須のキー `{{key}}` がありません。', en: 'Missing required key `{{key}}`.' },
    unknown: { ja: '不明なキー `{{key}}` です。{{hint}}', en: 'Unknown key `{{key}}`.{{hint}}' },
    enum: { ja: '`{{value}}` は使えません。使える値: {{allowed}}', en: '`{{value}}` is not allowed here; use one of: {{allowed}}' },
    const: { ja: '値は {{allowed}} でなければなりません（現在: {{value}}）。', en: 'The value must be {{allowed}} (found {{value}}).' },
    'type-string': { ja: '文字列でなければなりません。', en: 'Must be a string.' },
    'type-array': { ja: 'リストでなければなりません。', en: 'Must be a list.' },
    'type-object': { ja: 'マッピング（キー: 値）でなければなりません。', en: 'Must be a mapping (key: value).' },
    'type-integer': { ja: '整数でなければなりません。', en: 'Must be an integer.' },
    'type-number': { ja: '数値でなければなりません。', en: 'Must be a number.' },
    'type-boolean': { ja: 'true か false でなければなりません。', en: 'Must be true or false.' },
    'min-items': { ja: '少なくとも {{limit}} 個の要素が必要です。', en: 'Needs at least {{limit}} item(s).' },
    empty: { ja: '空にできません。', en: 'Must not be empty.' },
    'bad-id': { ja: '`{{value}}` はIDに使えません（英数字と _ . : - のみ、`any` は予約語）。', en: '`{{value}}` is not a valid id (letters, digits, _ . : - only; `any` is reserved).' },
    'bad-date': { ja: '`{{value}}` は日付（YYYY-MM-DD）ではありません。', en: '`{{value}}` is not a date (YYYY-MM-DD).' },
    'zone-kind': { ja: 'ゾーンには `tier`（自団体の領域）か `external`（外部ネットワーク）のどちらか一方を書いてください。', en: 'A zone needs exactly one of `tier` (a tier of the body) or `external` (an outside network).' },
    'string-or-list': { ja: '文字列か文字列のリストでなければなりません。', en: 'Must be a string or a list of strings.' },
    other: { ja: '形式が正しくありません: {{detail}}', en: 'Invalid: {{detail}}' },
  }),
  input('duplicate-id', 'IDの重複', 'Duplicate id', {
    'duplicate-id': { ja: 'ID `{{id}}` は既に {{otherAt}} で定義されています。', en: 'Id `{{id}}` is already defined at {{otherAt}}.' },
    'builtin-service': { ja: '`{{id}}` は組み込みのサービス名（{{ports}}）です。紛らわしいため、別の名前を付けてください。', en: '`{{id}}` is the name of a built-in service ({{ports}}); give this one another name so the two cannot be confused.' },
    'conflicting-setting': { ja: '`{{key}}` が `{{value}}` ですが、{{otherAt}} では `{{other}}` です。すべてのファイルで同じ値にしてください。', en: '`{{key}}` is `{{value}}` here but `{{other}}` at {{otherAt}}; all files must agree.' },
  }),
  input('undefined-reference', '未定義の参照', 'Undefined reference', {
    'unknown-address': { ja: '`{{name}}` というゾーン・ホスト・アドレスはありません。{{hint}}', en: 'No zone, host or address named `{{name}}`.{{hint}}' },
    'unknown-zone': { ja: '`{{name}}` というゾーンはありません。{{hint}}', en: 'No zone named `{{name}}`.{{hint}}' },
    'unknown-service': { ja: '`{{name}}` というサービスはありません（tcp/25 のように書くか services に定義してください）。{{hint}}', en: 'No service named `{{name}}` (write it as e.g. tcp/25, or define it under `services`).{{hint}}' },
    'unknown-rule': { ja: '例外措置の対象ルール `{{name}}` はありません。{{hint}}', en: 'The exception names rule `{{name}}`, which does not exist.{{hint}}' },
  }),
  input('reference-cycle', '参照の循環', 'Reference cycle', {
    'address-cycle': { ja: 'アドレス定義が循環しています: {{cycle}}', en: 'Address objects refer to each other in a cycle: {{cycle}}' },
    'service-cycle': { ja: 'サービス定義が循環しています: {{cycle}}', en: 'Service objects refer to each other in a cycle: {{cycle}}' },
  }),
  input('invalid-address', '不正なアドレス', 'Invalid address', {
    'invalid-address': { ja: '`{{term}}` は正しいアドレス・CIDR・範囲ではありません: {{detail}}', en: '`{{term}}` is not a valid address, CIDR or range: {{detail}}' },
  }),
  input('invalid-service', '不正なサービス', 'Invalid service', {
    'invalid-service': { ja: '`{{term}}` は正しいサービスではありません: {{detail}}', en: '`{{term}}` is not a valid service: {{detail}}' },
  }),
  input('import-error', '読み込んだ設定ファイルの誤り', 'Error in an imported file', {
    syntax: { ja: '読み込んだファイルの構文エラー: {{detail}}', en: 'Syntax error in the imported file: {{detail}}' },
    'unknown-chain': { ja: 'チェイン `{{chain}}` は宣言されていません（iptables-restore も読み込みを拒否します）。', en: 'Chain `{{chain}}` is not declared (iptables-restore refuses it too).' },
    'bad-address': { ja: '`{{address}}` は正しいアドレスではありません: {{detail}}', en: '`{{address}}` is not a valid address: {{detail}}' },
    'bad-port': { ja: '`{{port}}` は正しいポート・ICMP タイプではありません。', en: '`{{port}}` is not a valid port or ICMP type.' },
    'bad-protocol': { ja: '`{{protocol}}` というプロトコルは分かりません（番号で書いてください）。', en: 'Unknown protocol `{{protocol}}` (write its number instead).' },
    family: { ja: 'アドレス `{{address}}` は {{family}} のファイルには書けません。', en: 'Address `{{address}}` does not belong in an {{family}} file.' },
    'no-chain': { ja: '{{file}} にはテーブル {{table}} の組み込みチェイン {{chain}} がありません。', en: '{{file}} has no built-in chain {{chain}} in table {{table}}.' },
    loop: { ja: 'チェイン {{chain}} からのジャンプが循環しています（iptables-restore も読み込みを拒否します）。', en: 'The jump from chain {{chain}} loops back (iptables-restore refuses it too).' },
    'interface-without-model': {
      ja: 'このルールはインターフェース {{name}} を条件にしています。モデルがないと `sanso import` は背後のゾーンが分かりません。`--firewall ID` とモデルのパスを指定するか、モデルの `import:` で読み込んでください。',
      en: 'This rule matches on interface {{name}}; without a model `sanso import` does not know the zones behind it. Give `--firewall ID` and the model\'s paths, or import the file with `import:` in the model.',
    },
    'no-firewall': { ja: 'モデルにファイアウォール `{{firewall}}` がありません。', en: 'The model has no firewall `{{firewall}}`.' },
    'rules-and-import': { ja: '`rules` と `import` は同時に書けません。どちらか一方にしてください。', en: 'A firewall takes either `rules` or `import`, not both.' },
  }),
  input('query', '問い合わせの誤り', 'Bad query', {
    'bad-address': { ja: '`{{address}}` は使えません: {{detail}}', en: '`{{address}}` cannot be used: {{detail}}' },
    'bad-service': { ja: 'サービス `{{service}}` は使えません: {{detail}}', en: 'Service `{{service}}` cannot be used: {{detail}}' },
    families: { ja: '{{from}} と {{to}} はアドレスファミリー（IPv4・IPv6）が異なります。', en: '{{from}} and {{to}} are of different address families (IPv4, IPv6).' },
  }),
  input('explain', '説明の対象の誤り', 'Bad explain request', {
    'bad-id': {
      ja: '`{{id}}` は指摘のIDではありません。IDは `sanso lint` が各指摘に表示する16進数です（先頭の {{min}} 桁以上で指定できます）。',
      en: '`{{id}}` is not a finding id. Ids are the hex digits `sanso lint` shows with each finding (give at least the first {{min}}).',
    },
    'unknown-id': { ja: 'ID `{{id}}` の指摘はありません。近いID: {{candidates}}', en: 'No finding has id `{{id}}`. Close ids: {{candidates}}' },
    'unknown-id-none': { ja: 'ID `{{id}}` の指摘はありません。`sanso lint` で各指摘のIDを表示します（同じ入力・設定・--today で実行してください）。', en: 'No finding has id `{{id}}`. `sanso lint` shows each finding\'s id (run it on the same input, configuration and --today).' },
    'ambiguous-id': { ja: 'ID `{{id}}` に当てはまる指摘が {{count}} 件あります: {{candidates}}。もっと長く指定してください。', en: 'Id `{{id}}` matches {{count}} findings: {{candidates}}. Give more digits.' },
    'nothing-asked': { ja: '指摘のID、または --from・--to・--service を指定してください。', en: 'Give a finding id, or --from, --to and --service.' },
    'unknown-end': { ja: '`{{name}}` はアドレスでも、モデルのホスト・ゾーンでもありません。{{hint}}', en: '`{{name}}` is neither an address nor a host or zone of the model.{{hint}}' },
    'no-address': { ja: '`{{name}}` には {{other}} と組み合わせる {{family}} のアドレスがありません。', en: '`{{name}}` has no {{family}} address to go with {{other}}.' },
  }),
  input('matrix', 'サービス行列の指定の誤り', 'Bad service matrix request', {
    'unknown-firewall': { ja: 'モデルにファイアウォール `{{firewall}}` がありません。{{hint}}', en: 'The model has no firewall `{{firewall}}`.{{hint}}' },
    'bad-service': { ja: 'サービス `{{service}}` は使えません: {{detail}}', en: 'Service `{{service}}` cannot be used: {{detail}}' },
  }),
  input('diff', '比較する版の誤り', 'Bad version to compare', {
    neither: { ja: '`{{name}}` はファイル・ディレクトリでも、この git リポジトリのリビジョンでもありません。', en: '`{{name}}` is neither a file or directory nor a revision of this git repository.' },
    'neither-no-repository': { ja: '`{{name}}` というファイル・ディレクトリはありません（作業ディレクトリは git リポジトリの中でもないため、リビジョンとしても読めません）。', en: 'There is no file or directory `{{name}}` (and the working directory is not in a git repository, so it cannot be a revision either).' },
    'neither-no-git': { ja: '`{{name}}` というファイル・ディレクトリはありません（git がインストールされていないため、リビジョンとしても読めません）。', en: 'There is no file or directory `{{name}}` (and git is not installed, so it cannot be read as a revision either).' },
    'unknown-revision': { ja: '`{{name}}` はこの git リポジトリのリビジョンではありません。', en: '`{{name}}` is not a revision of this git repository.' },
    'no-repository': { ja: 'リビジョン `{{name}}` を読めません: 作業ディレクトリが git リポジトリの中にありません。', en: 'Cannot read revision `{{name}}`: the working directory is not in a git repository.' },
    'no-git': { ja: 'リビジョン `{{name}}` を読めません: git がインストールされていません（PATH にありません）。', en: 'Cannot read revision `{{name}}`: git is not installed (not found on PATH).' },
    'git-failed': { ja: 'リビジョン `{{name}}` の読み込みで git が失敗しました: {{detail}}', en: 'git failed reading revision `{{name}}`: {{detail}}' },
    mixed: {
      ja: '`{{path}}` はパス、`{{revision}}` は git のリビジョンです。旧版にパス、新版にリビジョンは指定できません。リビジョンと作業ツリーを比べるには `sanso diff {{revision}} -- {{path}}` と書いてください。',
      en: '`{{path}}` is a path and `{{revision}}` a git revision; the old version cannot be a path when the new one is a revision. To compare the revision with the working tree, write `sanso diff {{revision}} -- {{path}}`.',
    },
  }),
  input('baseline', 'ベースラインの誤り', 'Baseline error', {
    'not-found': { ja: 'ベースライン {{file}} がありません。作るには --update-baseline を付けて実行してください。', en: 'Baseline {{file}} does not exist; run with --update-baseline to write it.' },
    invalid: { ja: 'ベースライン {{file}} を読めません: {{detail}}', en: 'Cannot read baseline {{file}}: {{detail}}' },
  }),
  input('config', '設定ファイルの誤り', 'Configuration error', {
    'not-found': { ja: '設定ファイル {{path}} がありません。', en: 'Configuration file {{path}} does not exist.' },
    'unknown-rule': { ja: '`{{rule}}` というルールはありません（`sanso rules` で一覧を表示します）。{{hint}}', en: 'No rule named `{{rule}}` (`sanso rules` lists them).{{hint}}' },
    'not-configurable': {
      ja: '`{{rule}}` は入力そのものの検査で、常にエラーとして実行されるため設定できません。',
      en: '`{{rule}}` checks the input itself; it always runs as an error and cannot be configured.',
    },
    'no-options': {
      ja: 'ルール `{{rule}}` はオプションを取りません。水準（off, default, info, warning, error）だけを書いてください。',
      en: 'Rule `{{rule}}` takes no options; give only a level (off, default, info, warning, error).',
    },
    'unknown-option': { ja: 'ルール `{{rule}}` に `{{option}}` というオプションはありません。{{hint}}', en: 'Rule `{{rule}}` has no option `{{option}}`.{{hint}}' },
    'bad-options': { ja: 'ルール `{{rule}}` のオプションが正しくありません: {{detail}}', en: 'Invalid options for rule `{{rule}}`: {{detail}}' },
  }),
];

export const INPUT_RULE_IDS: ReadonlySet<string> = new Set(INPUT_RULES.map((r) => r.id));

/**
 * Inline suppressions (`# sanso-disable-next-line RULE -- reason` above a line of a model file) are
 * reported when they give no reason or suppress nothing: a warning, not an input error.
 */
export const SUPPRESSION_RULE: RuleMeta = {
  id: 'inline-suppression',
  title: { ja: 'インラインの抑止', en: 'Inline suppression' },
  description: {
    ja: '`# sanso-disable-next-line ルール -- 理由` のうち、理由のないもの・何も抑止していないものを報告します。',
    en: 'Reports `# sanso-disable-next-line RULE -- reason` comments that give no reason or suppress nothing.',
  },
  category: 'suppression',
  severity: 'warning',
  references: ['GL 対策基準 7.4'],
  messages: {
    'no-reason': {
      ja: '抑止 {{rules}} に理由がありません。`-- 理由` を書いてください（例外措置と同じく、なぜ許容するのかを残します）。',
      en: 'The suppression of {{rules}} gives no reason; add `-- reason` (like an exception, it must say why this is accepted).',
    },
    unused: {
      ja: '抑止 {{rules}} は次の行の指摘を何も抑止していません。不要なら削除してください。',
      en: 'The suppression of {{rules}} suppresses no finding on the next line; remove it if it is no longer needed.',
    },
  },
};
