// `npm run bench`: generates (or reuses) the benchmark networks, measures each size × format in a fresh
// child process, prints a table, the growth exponent of the analysis time, the cold start of the CLI and the
// targets, and writes everything to bench/results.json.
//
//   npm run bench -- [--sizes 1k,10k,100k] [--formats yaml,json] [--runs 3] [--timeout 300] [--seed N]
//                    [--regenerate] [--cold-runs 5] [--no-cold] [--out bench/results.json] [--check]

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem, platform, arch, release } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SEED, GENERATOR_VERSION, generateNetworkWithStats, parseSize, toJson, toYaml, type NetworkStats } from './generate';
import type { Measurement, MeasurementFailure } from './measure';

/** The repository root: this file runs as dist/bench/run.js. */
const ROOT = resolve(__dirname, '..', '..');
const DATA_DIR = join(ROOT, 'bench', '.data');
const FORMATS = ['yaml', 'json'] as const;
type Format = (typeof FORMATS)[number];
const TODAY = '2026-11-28';
const STAGES = ['read', 'validate', 'model', 'flows', 'rules', 'report'] as const;

interface Options {
  sizes: { label: string; rules: number }[];
  formats: Format[];
  timeoutS: number;
  /** Lint runs per size and format; the one with the median total is reported. */
  repeats: number;
  seed: number;
  regenerate: boolean;
  coldRuns: number;
  cold: boolean;
  out: string;
  check: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      sizes: { type: 'string', default: '1k,10k,100k' },
      formats: { type: 'string', default: 'yaml,json' },
      timeout: { type: 'string', default: '300' },
      runs: { type: 'string', default: '3' },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
      regenerate: { type: 'boolean', default: false },
      'cold-runs': { type: 'string', default: '5' },
      'no-cold': { type: 'boolean', default: false },
      out: { type: 'string', default: 'bench/results.json' },
      check: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      'npm run bench -- [--sizes 1k,10k,100k] [--formats yaml,json] [--runs 3] [--timeout SECONDS] [--seed N] [--regenerate]\n' +
        '                 [--cold-runs 5] [--no-cold] [--out bench/results.json] [--check]\n',
    );
    process.exit(0);
  }
  const sizes = values.sizes
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((label) => ({ label: label.toLowerCase(), rules: parseSize(label) }))
    // Smallest first: the largest (and slowest) size runs last.
    .sort((a, b) => a.rules - b.rules);
  const formats = values.formats.split(',').map((f) => f.trim().toLowerCase());
  for (const f of formats) if (!(FORMATS as readonly string[]).includes(f)) throw new Error(`unknown format "${f}" (yaml, json)`);
  const number = (name: string, text: string): number => {
    const n = Number(text);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, not "${text}"`);
    return n;
  };
  return {
    sizes,
    formats: formats as Format[],
    timeoutS: number('timeout', values.timeout),
    repeats: Math.floor(number('runs', values.runs)),
    seed: Math.floor(number('seed', values.seed)),
    regenerate: values.regenerate,
    coldRuns: Math.floor(number('cold-runs', values['cold-runs'])),
    cold: !values['no-cold'],
    out: resolve(ROOT, values.out),
    check: values.check,
  };
}

// ─── Data ─────────────────────────────────────────────────────────────────────────────────────

interface DataMeta {
  generatorVersion: number;
  seed: number;
  rules: number;
  stats: NetworkStats;
  /** Milliseconds: building the model, writing YAML, writing JSON (when it was generated). */
  timings: { generateMs: number; yamlMs: number; jsonMs: number };
  bytes: Record<Format, number>;
}

interface DataSet {
  label: string;
  files: Record<Format, string>;
  meta: DataMeta;
  cached: boolean;
}

function ensureData(label: string, rules: number, seed: number, regenerate: boolean): DataSet {
  mkdirSync(DATA_DIR, { recursive: true });
  const files: Record<Format, string> = { yaml: join(DATA_DIR, `net-${label}.yaml`), json: join(DATA_DIR, `net-${label}.json`) };
  const metaFile = join(DATA_DIR, `net-${label}.meta.json`);
  if (!regenerate && existsSync(metaFile) && existsSync(files.yaml) && existsSync(files.json)) {
    try {
      const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as DataMeta;
      const sizesMatch = FORMATS.every((f) => statSync(files[f]).size === meta.bytes[f]);
      if (meta.generatorVersion === GENERATOR_VERSION && meta.seed === seed && meta.rules === rules && sizesMatch) {
        return { label, files, meta, cached: true };
      }
    } catch {
      // regenerate below
    }
  }
  process.stdout.write(`generating ${label} (${rules} rules, seed ${seed}) … `);
  let t = performance.now();
  const { document, stats } = generateNetworkWithStats({ rules, seed });
  const generateMs = performance.now() - t;
  const header = [
    ` sanso benchmark network: ${rules} rules, seed ${seed}, generator version ${GENERATOR_VERSION}.`,
    ' Generated by bench/generate.ts — a fictional prefecture; not a real network. Do not edit; delete to regenerate.',
    ' ベンチマーク用に生成した架空のネットワークです（実在の団体・アドレスではありません）。',
  ].join('\n');
  t = performance.now();
  const yaml = toYaml(document, header);
  const yamlMs = performance.now() - t;
  t = performance.now();
  const json = toJson(document);
  const jsonMs = performance.now() - t;
  writeFileSync(files.yaml, yaml);
  writeFileSync(files.json, json);
  const meta: DataMeta = {
    generatorVersion: GENERATOR_VERSION,
    seed,
    rules,
    stats,
    timings: { generateMs, yamlMs, jsonMs },
    bytes: { yaml: Buffer.byteLength(yaml), json: Buffer.byteLength(json) },
  };
  writeFileSync(metaFile, JSON.stringify(meta, null, 2) + '\n');
  process.stdout.write(`${fmtMs(generateMs + yamlMs + jsonMs)} ms\n`);
  return { label, files, meta, cached: false };
}

// ─── Measurement ─────────────────────────────────────────────────────────────────────────────

type RunStatus = 'ok' | 'timeout' | 'failed';
interface Run {
  size: string;
  rules: number;
  format: Format;
  file: string;
  status: RunStatus;
  /** Wall time of the child process, spawn to exit, as the orchestrator saw it. */
  processWallMs: number;
  measurement?: Measurement;
  /** For a run that timed out or failed: the stages it finished, from the child's progress lines. */
  partialStages?: Record<string, number>;
  error?: string;
  /** With --runs N: the total of every run, in order (the one reported has the median). */
  totalsMs?: number[];
}

/**
 * The run of a size and format with the median total of `repeats` runs (noisy machines): each is a fresh
 * process. The first run that does not finish is reported instead.
 */
function measureMedian(data: DataSet, rules: number, format: Format, timeoutS: number, repeats: number): Run {
  const runs: Run[] = [];
  for (let k = 0; k < repeats; k++) {
    const run = measure(data, rules, format, timeoutS);
    if (!run.measurement) return run;
    runs.push(run);
  }
  if (repeats === 1) return runs[0]!;
  const byTotal = [...runs].sort((a, b) => a.measurement!.totalMs - b.measurement!.totalMs);
  return { ...byTotal[Math.floor((byTotal.length - 1) / 2)]!, totalsMs: runs.map((r) => r.measurement!.totalMs) };
}

/** The `stage NAME MS` progress lines measure.js writes to stderr. */
function progressStages(stderr: string): Record<string, number> {
  const stages: Record<string, number> = {};
  for (const [, name, ms] of stderr.matchAll(/^stage (\w+) ([\d.]+)$/gm)) stages[name!] = Number(ms);
  return stages;
}

function describePartial(stages: Record<string, number> | undefined): string {
  const done = Object.entries(stages ?? {});
  return done.length === 0 ? 'no stage finished' : `finished ${done.map(([name, ms]) => `${name} ${fmtMs(ms)} ms`).join(', ')}`;
}

function measure(data: DataSet, rules: number, format: Format, timeoutS: number): Run {
  const file = relative(ROOT, data.files[format]);
  process.stdout.write(`measuring ${data.label} ${format} … `);
  const started = performance.now();
  const child = spawnSync(process.execPath, [join(__dirname, 'measure.js'), '--file', file, '--today', TODAY], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: timeoutS * 1000,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 * 1024,
  });
  const processWallMs = performance.now() - started;
  const base = { size: data.label, rules, format, file, processWallMs };
  const timedOut = (child.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  const results = (child.stdout ?? '')
    .split('\n')
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as Measurement | MeasurementFailure];
      } catch {
        return [];
      }
    });
  const last = results[results.length - 1];
  const stderrTail = (child.stderr ?? '')
    .split('\n')
    .filter((line) => line.trim() !== '' && !/^stage \w+ [\d.]+$/.test(line))
    .slice(-5)
    .join(' | ');
  if (last?.ok) {
    // The lint run finished; a timeout or crash can only have cut the floor measurement after it short.
    const complete = !timedOut && child.status === 0;
    const note = timedOut ? `the floor (bare parse) was cut short by the ${timeoutS} s timeout` : `the floor measurement failed: exit ${child.status ?? child.signal} ${stderrTail}`;
    process.stdout.write(`${fmtMs(last.totalMs)} ms${complete ? '' : ` (${note})`}\n`);
    return { ...base, status: 'ok', measurement: last, ...(complete ? {} : { error: note }) };
  }
  const partialStages = progressStages(child.stderr ?? '');
  if (timedOut) {
    process.stdout.write(`timeout (> ${timeoutS} s; ${describePartial(partialStages)})\n`);
    return { ...base, status: 'timeout', partialStages, error: `killed after ${timeoutS} s; ${describePartial(partialStages)}` };
  }
  const why = last && !last.ok ? last.error : `exit ${child.status ?? child.signal}: ${stderrTail}`;
  process.stdout.write(`failed (${describePartial(partialStages)})\n`);
  return { ...base, status: 'failed', partialStages, error: `${why} (${describePartial(partialStages)})` };
}

// ─── Cold start ──────────────────────────────────────────────────────────────────────────────

interface ColdStart {
  command: string;
  runsMs: number[];
  medianMs: number;
  /** Median wall time of `node -e 0`: the part of the cold start that is Node's own. */
  nodeBaselineMs: number;
  exitCode: number | null;
  /** Module files loaded (require.cache at exit), and how many of them per package. */
  modulesLoaded: number;
  modulesByPackage: Record<string, number>;
  heavyModules: string[];
}

function coldStart(runs: number): ColdStart {
  const args = ['bin/sanso.js', 'lint', 'examples/futaba-alpha'];
  process.stdout.write(`cold start: node ${args.join(' ')} × ${runs} … `);
  const runsMs: number[] = [];
  let exitCode: number | null = null;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const child = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    runsMs.push(performance.now() - t);
    exitCode = child.status;
  }
  const baseline: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    spawnSync(process.execPath, ['-e', '0'], { cwd: ROOT });
    baseline.push(performance.now() - t);
  }
  const dir = mkdtempSync(join(tmpdir(), 'sanso-bench-'));
  const traceFile = join(dir, 'modules.json');
  spawnSync(process.execPath, ['--require', join(ROOT, 'bench', 'trace-modules.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', SANSO_TRACE_MODULES: traceFile },
  });
  let modules: string[] = [];
  let files: string[] = [];
  try {
    const trace = JSON.parse(readFileSync(traceFile, 'utf8')) as { requests: string[]; files: string[] };
    files = trace.files;
    modules = [...new Set([...trace.requests, ...trace.files])];
  } catch {
    modules = ['(trace not written)'];
  }
  const modulesByPackage: Record<string, number> = {};
  for (const file of files) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? (file.startsWith(join(ROOT, 'dist')) ? 'sanso (dist)' : relative(ROOT, file));
    modulesByPackage[pkg] = (modulesByPackage[pkg] ?? 0) + 1;
  }
  rmSync(dir, { recursive: true, force: true });
  const heavyModules = modules.filter((m) => /typescript|ts-morph|\(trace not written\)/.test(m));
  const medianMs = median(runsMs);
  process.stdout.write(`${fmtMs(medianMs)} ms median\n`);
  return { command: `node ${args.join(' ')}`, runsMs, medianMs, nodeBaselineMs: median(baseline), exitCode, modulesLoaded: files.length, modulesByPackage, heavyModules };
}

// ─── Reporting ──────────────────────────────────────────────────────────────────────────────

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length === 0 ? NaN : sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function fmtMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  return ms >= 100 ? Math.round(ms).toLocaleString('en-US') : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
}

function table(rows: readonly (readonly string[])[], rightAligned: readonly boolean[]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? '')].length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => {
          const pad = ' '.repeat(widths[c]! - [...cell].length);
          return rightAligned[c] ? pad + cell : cell + pad;
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

interface Growth {
  format: Format;
  from: string;
  to: string;
  analysisMs: [number, number];
  rules: [number, number];
  exponent: number;
}

function growthExponents(runs: readonly Run[], sizes: readonly { label: string; rules: number }[]): Growth[] {
  const out: Growth[] = [];
  for (const format of FORMATS) {
    for (let i = 0; i + 1 < sizes.length; i++) {
      const a = runs.find((r) => r.format === format && r.size === sizes[i]!.label && r.measurement);
      const b = runs.find((r) => r.format === format && r.size === sizes[i + 1]!.label && r.measurement);
      if (!a?.measurement || !b?.measurement) continue;
      const ta = a.measurement.analysisMs;
      const tb = b.measurement.analysisMs;
      out.push({
        format,
        from: a.size,
        to: b.size,
        analysisMs: [ta, tb],
        rules: [a.rules, b.rules],
        exponent: Math.log(tb / ta) / Math.log(b.rules / a.rules),
      });
    }
  }
  return out;
}

type Verdict = 'PASS' | 'FAIL' | 'SKIP';
interface Target {
  name: string;
  limit: string;
  measured: string;
  verdict: Verdict;
}

function targets(runs: readonly Run[], growth: readonly Growth[], cold: ColdStart | undefined, timeoutS: number): Target[] {
  const find = (rules: number, format: Format): Run | undefined => runs.find((r) => r.rules === rules && r.format === format);
  const out: Target[] = [];
  const check = (name: string, limit: string, run: Run | undefined, value: (m: Measurement) => number, show: (v: number) => string, ok: (v: number) => boolean): void => {
    if (!run) out.push({ name, limit, measured: 'not measured', verdict: 'SKIP' });
    else if (!run.measurement) out.push({ name, limit, measured: run.status === 'timeout' ? `timeout (> ${timeoutS} s)` : 'failed', verdict: 'FAIL' });
    else {
      const v = value(run.measurement);
      out.push({ name, limit, measured: show(v), verdict: ok(v) ? 'PASS' : 'FAIL' });
    }
  };
  const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
  const json100k = find(100_000, 'json');
  check('100k rules, JSON, end to end', '≤ 5 s', json100k, (m) => m.totalMs, seconds, (v) => v <= 5000);
  check('100k rules, JSON, peak memory', '≤ 2 GiB', json100k, (m) => m.maxRssKiB, (v) => `${(v / 1024).toFixed(0)} MiB`, (v) => v <= 2 * 1024 * 1024);
  check(
    '100k rules, JSON, analysis ÷ bare JSON.parse',
    '≤ 10 ×',
    json100k,
    (m) => m.analysisMs / (m.jsonParseMs ?? NaN),
    (v) => `${v.toFixed(1)} ×`,
    (v) => v <= 10,
  );
  check('10k rules, YAML, end to end', '≤ 3 s', find(10_000, 'yaml'), (m) => m.totalMs, seconds, (v) => v <= 3000);
  const g = growth.find((x) => x.format === 'json' && x.rules[0] === 10_000 && x.rules[1] === 100_000);
  const json10k = find(10_000, 'json');
  if (g) out.push({ name: 'growth exponent of the analysis, 10k → 100k (JSON)', limit: '≤ 1.2', measured: g.exponent.toFixed(2), verdict: g.exponent <= 1.2 ? 'PASS' : 'FAIL' });
  else if (json10k && json100k && (!json10k.measurement || !json100k.measurement))
    out.push({ name: 'growth exponent of the analysis, 10k → 100k (JSON)', limit: '≤ 1.2', measured: 'not computable (timeout or failure)', verdict: 'FAIL' });
  else out.push({ name: 'growth exponent of the analysis, 10k → 100k (JSON)', limit: '≤ 1.2', measured: 'not measured', verdict: 'SKIP' });
  if (!cold) {
    out.push({ name: 'cold start, sanso lint examples/futaba-alpha', limit: '≤ 0.5 s', measured: 'not measured', verdict: 'SKIP' });
    out.push({ name: 'cold start loads no ts-morph / TypeScript compiler', limit: 'none', measured: 'not measured', verdict: 'SKIP' });
  } else {
    out.push({ name: 'cold start, sanso lint examples/futaba-alpha', limit: '≤ 0.5 s', measured: `${(cold.medianMs / 1000).toFixed(3)} s (median of ${cold.runsMs.length})`, verdict: cold.medianMs <= 500 ? 'PASS' : 'FAIL' });
    out.push({
      name: 'cold start loads no ts-morph / TypeScript compiler',
      limit: 'none',
      measured: cold.heavyModules.length === 0 ? 'none' : cold.heavyModules.join(', '),
      verdict: cold.heavyModules.length === 0 ? 'PASS' : 'FAIL',
    });
  }
  return out;
}

// ─── Main ───────────────────────────────────────────────────────────────────────────────────

function main(): number {
  const options = parseOptions(process.argv.slice(2));
  if (!existsSync(join(ROOT, 'dist', 'src', 'api', 'index.js'))) throw new Error('dist/src is missing: run `npm run build` first (npm run bench does)');
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cpus: cpus().length,
    totalMemoryGiB: Number((totalmem() / 1024 ** 3).toFixed(1)),
    node: process.version,
    platform: `${platform()} ${release()} ${arch()}`,
  };
  process.stdout.write(`sanso bench — ${machine.cpu}, ${machine.cpus} CPUs, ${machine.totalMemoryGiB} GiB, node ${machine.node}\n\n`);

  // 1. Data, generated once per generator version and seed.
  const data = options.sizes.map((s) => ({ ...s, data: ensureData(s.label, s.rules, options.seed, options.regenerate) }));
  const genRows: string[][] = [['size', 'rules', 'municipalities', 'zones', 'tier zones', 'IPv6 zones', 'firewalls', 'hosts', 'addr objs', 'svc objs', 'deny', 'IPv6 rules', 'port ranges', 'YAML MiB', 'JSON MiB', 'generated ms', '']];
  for (const { label, data: d } of data) {
    const s = d.meta.stats;
    const t = d.meta.timings;
    genRows.push([
      label, String(s.rules), String(s.municipalities), String(s.zones), String(s.tierZones), String(s.ipv6Zones), String(s.firewalls), String(s.hosts),
      String(s.addressObjects), String(s.serviceObjects), `${((100 * s.denyRules) / Math.max(1, s.rules)).toFixed(1)} %`,
      `${((100 * s.ipv6Rules) / Math.max(1, s.rules)).toFixed(1)} %`, `${((100 * s.portRangeRules) / Math.max(1, s.rules)).toFixed(1)} %`,
      (d.meta.bytes.yaml / 1024 ** 2).toFixed(1), (d.meta.bytes.json / 1024 ** 2).toFixed(1),
      `${fmtMs(t.generateMs)} + ${fmtMs(t.yamlMs)} + ${fmtMs(t.jsonMs)}`, d.cached ? '(cached)' : '',
    ]);
  }
  process.stdout.write('\n' + table(genRows, genRows[0]!.map((_, i) => i > 0 && i < 15)) + '\n');
  process.stdout.write('(generated ms = model + YAML + JSON; JSON is written with 2-space indentation; data in bench/.data/)\n\n');

  // 2. One fresh process per size × format, smallest first.
  const runs: Run[] = [];
  for (const { rules, data: d } of data) for (const format of options.formats) runs.push(measureMedian(d, rules, format, options.timeoutS, options.repeats));

  const rows: string[][] = [['size', 'fmt', 'rules', 'read+parse', 'validate', 'model', 'flows', 'rules', 'report', 'total', 'startup', 'peak MiB', 'findings E/W/I', 'bare parse', 'analysis÷parse']];
  for (const run of runs) {
    const m = run.measurement;
    if (!m) {
      // A run cut short shows the stages it finished, and its status where the next stage would be.
      const cells = STAGES.map((s) => (run.partialStages?.[s] !== undefined ? fmtMs(run.partialStages[s]) : ''));
      const next = cells.findIndex((c) => c === '');
      const status = run.status === 'timeout' ? `>${options.timeoutS} s` : 'failed';
      if (next >= 0) cells[next] = status;
      rows.push([run.size, run.format, String(run.rules), ...cells, run.status === 'timeout' ? 'timeout' : 'failed', '', '', '', '', '']);
      continue;
    }
    rows.push([
      run.size, run.format, String(run.rules),
      ...STAGES.map((s) => fmtMs(m.stages[s])),
      fmtMs(m.totalMs),
      fmtMs(m.startup.nodeMs + m.startup.loadMs),
      (m.maxRssKiB / 1024).toFixed(0),
      `${m.findings.errors}/${m.findings.warnings}/${m.findings.infos}${m.findings.inputErrors > 0 ? ` (${m.findings.inputErrors} input!)` : ''}`,
      fmtMs(m.jsonParseMs ?? m.yamlParseMs),
      m.jsonParseMs ?? m.yamlParseMs ? `${(m.analysisMs / (m.jsonParseMs ?? m.yamlParseMs)!).toFixed(1)} ×` : '–',
    ]);
  }
  process.stdout.write('\n' + table(rows, rows[0]!.map((_, i) => i >= 2 && i !== 12)) + '\n');
  if (options.repeats > 1) process.stdout.write(`(each row: the run with the median total of ${options.repeats}, each a fresh process)\n`);
  process.stdout.write('(ms; total = lint() + formatReport(text); report = lint\'s report assembly + formatting; startup = node start-up + loading sanso; analysis = total − read+parse;\n' +
      ' bare parse = JSON.parse(readFileSync(file)) for JSON, median of 3, the floor of the targets; yaml.parse(readFileSync(file)) for YAML, one run; both in the same process after the lint run)\n');
  for (const run of runs) if (run.error) process.stdout.write(`  ${run.size} ${run.format}: ${run.error.split('\n')[0]}\n`);
  for (const run of runs) {
    if (run.measurement && run.measurement.findings.inputErrors > 0) {
      process.stdout.write(`  WARNING: ${run.size} ${run.format} has input errors: ${JSON.stringify(run.measurement.findings.byRule)}\n`);
    }
  }

  // 3. Growth of the analysis time.
  const growth = growthExponents(runs, options.sizes);
  process.stdout.write('\ngrowth exponent of the analysis time (log–log slope):\n');
  if (growth.length === 0) process.stdout.write('  (needs two measured sizes)\n');
  for (const g of growth) {
    process.stdout.write(`  ${g.format.padEnd(4)} ${g.from} → ${g.to}: ${fmtMs(g.analysisMs[0])} ms → ${fmtMs(g.analysisMs[1])} ms, exponent ${g.exponent.toFixed(2)}\n`);
  }

  // 4. Cold start.
  let cold: ColdStart | undefined;
  if (options.cold) {
    process.stdout.write('\n');
    cold = coldStart(options.coldRuns);
    const packages = Object.entries(cold.modulesByPackage).sort((a, b) => b[1] - a[1]).map(([name, n]) => `${name} ${n}`).join(', ');
    process.stdout.write(`  runs: ${cold.runsMs.map((ms) => fmtMs(ms)).join(', ')} ms (exit code ${cold.exitCode}); \`node -e 0\` alone: ${fmtMs(cold.nodeBaselineMs)} ms median\n`);
    process.stdout.write(`  ${cold.modulesLoaded} module files loaded: ${packages}\n`);
    process.stdout.write(`  heavy modules loaded: ${cold.heavyModules.length === 0 ? 'none' : cold.heavyModules.join(', ')}\n`);
  }

  // 5. Targets.
  const verdicts = targets(runs, growth, cold, options.timeoutS);
  process.stdout.write('\ntargets (2-core machine):\n');
  const targetRows = [['', 'target', 'limit', 'measured'], ...verdicts.map((t) => [t.verdict, t.name, t.limit, t.measured])];
  process.stdout.write(table(targetRows, [false, false, false, false]).replace(/^/gm, '  ') + '\n');

  const results = {
    generatedAt: new Date().toISOString(),
    machine,
    options: { sizes: options.sizes, formats: options.formats, timeoutS: options.timeoutS, seed: options.seed, today: TODAY },
    generator: { version: GENERATOR_VERSION, data: data.map(({ label, data: d }) => ({ size: label, cached: d.cached, files: d.files, ...d.meta })) },
    runs,
    growth,
    coldStart: cold ?? null,
    targets: verdicts,
  };
  mkdirSync(resolve(options.out, '..'), { recursive: true });
  writeFileSync(options.out, JSON.stringify(results, (key, value: unknown) => (key === 'files' && typeof value === 'object' ? rel(value as Record<string, string>) : value), 2) + '\n');
  process.stdout.write(`\nresults written to ${relative(process.cwd(), options.out) || options.out}\n`);
  const failed = verdicts.some((t) => t.verdict === 'FAIL');
  return options.check && failed ? 1 : 0;
}

function rel(files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [k, relative(ROOT, v)]));
}

try {
  process.exitCode = main();
} catch (error) {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
