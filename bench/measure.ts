// One measurement, in a fresh process: lint one model file, format the report as text, and print a JSON
// line with the time of each stage, the total, the peak RSS and the findings; then measure the floor — a bare
// JSON.parse of the same file (yaml.parse for YAML) in the same process, after the lint run — and print the
// line again with it. The orchestrator takes the last line; progress goes to stderr as `stage NAME MS`.
//
//   node dist/bench/measure.js --file bench/.data/net-10k.json [--today 2026-11-28] [--floor-runs 3]

const bootMs = performance.now(); // time from the process's start to this module's first line

import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';

export interface Measurement {
  readonly ok: true;
  readonly file: string;
  readonly bytes: number;
  /** Milliseconds per stage as lint reports them; `report` is lint's own report assembly plus formatReport('text'). */
  readonly stages: Record<'read' | 'validate' | 'model' | 'flows' | 'rules' | 'report', number | null>;
  /** lint's report assembly alone, and the text formatter alone (their sum is `stages.report`). */
  readonly assembleMs: number | null;
  readonly formatMs: number;
  /** Wall time of the lint call plus formatting. */
  readonly totalMs: number;
  /** Everything after read+parse: validate, model, flows, rules, report. */
  readonly analysisMs: number;
  /** Node's own start-up until this script ran, and the time to load sanso's modules. */
  readonly startup: { readonly nodeMs: number; readonly loadMs: number };
  /** Peak resident set size of the process (process.resourceUsage().maxRSS), KiB, taken right after formatting. */
  readonly maxRssKiB: number;
  readonly heapUsedMiB: number;
  readonly findings: { readonly errors: number; readonly warnings: number; readonly infos: number; readonly inputErrors: number; readonly byRule: Record<string, number> };
  readonly reportChars: number;
  /** Median of `floorRuns` bare JSON.parse(readFileSync(file, 'utf8')) runs (JSON files only). */
  readonly jsonParseMs: number | null;
  readonly jsonParseRunsMs: readonly number[];
  /** One bare parse with the yaml package (YAML files only): `yaml.parse(readFileSync(file, 'utf8'))`. */
  readonly yamlParseMs: number | null;
}

export interface MeasurementFailure {
  readonly ok: false;
  readonly file: string;
  readonly error: string;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      file: { type: 'string' },
      today: { type: 'string', default: '2026-11-28' },
      'floor-runs': { type: 'string', default: '3' },
    },
  });
  const file = values.file;
  if (!file) throw new Error('usage: measure.js --file PATH [--today YYYY-MM-DD] [--floor-runs N]');

  const loadStart = performance.now();
  const api = require('../src/api') as typeof import('../src/api');
  const formatters = require('../src/report') as typeof import('../src/report');
  const loadMs = performance.now() - loadStart;

  const stages: Record<string, number> = {};
  const start = performance.now();
  const report = api.lint({
    paths: [file],
    config: false,
    today: values.today,
    onStage: (stage, ms) => {
      stages[stage] = (stages[stage] ?? 0) + ms;
      // Progress on stderr, so a run killed by the orchestrator's timeout still shows how far it got.
      process.stderr.write(`stage ${stage} ${ms.toFixed(1)}\n`);
    },
  });
  const formatStart = performance.now();
  const text = formatters.formatReport('text', report, { color: false, version: 'bench' });
  const end = performance.now();
  const maxRssKiB = process.resourceUsage().maxRSS;
  const heapUsedMiB = process.memoryUsage().heapUsed / 1024 / 1024;

  const formatMs = end - formatStart;
  const stage = (name: string): number | null => stages[name] ?? null;
  const assembleMs = stage('report');
  const totalMs = end - start;
  const readMs = stage('read') ?? 0;

  const byRule: Record<string, number> = {};
  for (const f of report.findings) byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;

  const result: Measurement = {
    ok: true,
    file,
    bytes: statSync(file).size,
    stages: {
      read: stage('read'),
      validate: stage('validate'),
      model: stage('model'),
      flows: stage('flows'),
      rules: stage('rules'),
      report: (assembleMs ?? 0) + formatMs,
    },
    assembleMs,
    formatMs,
    totalMs,
    analysisMs: totalMs - readMs,
    startup: { nodeMs: bootMs, loadMs },
    maxRssKiB,
    heapUsedMiB,
    findings: {
      errors: report.summary.errors,
      warnings: report.summary.warnings,
      infos: report.summary.infos,
      inputErrors: report.summary.inputErrors,
      byRule,
    },
    reportChars: text.length,
    jsonParseMs: null,
    jsonParseRunsMs: [],
    yamlParseMs: null,
  };
  // The lint run's figures first, so a floor measurement cut short by the timeout does not lose them.
  process.stdout.write(JSON.stringify(result) + '\n');

  // The floor: a bare JSON.parse of the same file, after the lint run (so it does not warm the lint run's caches).
  const floorRuns: number[] = [];
  if (file.toLowerCase().endsWith('.json')) {
    const runs = Math.max(1, Number(values['floor-runs']));
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      const data: unknown = JSON.parse(readFileSync(file, 'utf8'));
      floorRuns.push(performance.now() - t);
      if (data === null) throw new Error('unexpected');
    }
  }

  // For YAML, the same idea with the yaml package sanso uses (one run: it is slow on big files).
  let yamlParseMs: number | null = null;
  if (/\.ya?ml$/i.test(file)) {
    const yaml = require('yaml') as typeof import('yaml');
    const t = performance.now();
    const data: unknown = yaml.parse(readFileSync(file, 'utf8'));
    yamlParseMs = performance.now() - t;
    if (data === null) throw new Error('unexpected');
  }

  process.stdout.write(JSON.stringify({ ...result, jsonParseMs: floorRuns.length > 0 ? median(floorRuns) : null, jsonParseRunsMs: floorRuns, yamlParseMs }) + '\n');
}

try {
  main();
} catch (error) {
  const failure: MeasurementFailure = { ok: false, file: process.argv.join(' '), error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  process.stdout.write(JSON.stringify(failure) + '\n');
  process.exitCode = 3;
}
