// The audit report (HTML): self-contained, Japanese by default, with the inputs' SHA-256, the tier policy
// matrix, the zone matrix, the findings by clause and the exceptions; and, where Chromium is installed (.ci/run
// installs it), rendered headless to a screenshot and a PDF.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runCli, TODAY } from '../support/cli';

const dir = mkdtempSync(join(tmpdir(), 'sanso-html-'));
const html = (name: string, ...extra: string[]): string => {
  const file = join(dir, name);
  const run = runCli(['lint', 'examples/futaba-alpha-mistakes', '--no-config', '--today', TODAY, '--format', `html:${file}`, ...extra]);
  expect(run.code).toBe(1);
  return readFileSync(file, 'utf8');
};

it('is one self-contained document: Japanese by default, English with --lang en', () => {
  const ja = html('ja.html');
  expect(ja.startsWith('<!DOCTYPE html>\n<html lang="ja">')).toBe(true);
  expect(ja).toContain('三層の対策 検査報告書');
  expect(ja).not.toMatch(/<script|<link|src=|@import|url\(/i);
  const en = html('en.html', '--lang', 'en');
  expect(en).toContain('<html lang="en">');
  expect(en).toContain('Three-tier separation audit report');
});

it('names every input by its SHA-256, and shows the tier matrix, the zones, the findings by clause and the exceptions', () => {
  const ja = html('facts.html');
  for (const file of ['network.yaml', 'exceptions.yaml', 'firewalls/fw-lgwan.yaml']) {
    const path = `examples/futaba-alpha-mistakes/${file}`;
    const sha = createHash('sha256').update(readFileSync(join(ROOT, path))).digest('hex');
    expect(ja).toContain(`<td class="file">${path}</td><td class="hash">${sha}</td>`);
  }
  const tiers = /<table class="matrix tiers">([\s\S]*?)<\/table>/.exec(ja)![1]!;
  const categories = (tiers.match(/<th scope="row">/g) ?? []).length;
  expect(categories).toBeGreaterThanOrEqual(5);
  expect((tiers.match(/<td /g) ?? []).length + (tiers.match(/<td>/g) ?? []).length).toBe(categories * categories);
  expect(tiers).toContain('class="verdict deny"');
  expect(ja).toContain('<table class="matrix zones">');
  expect(ja).toMatch(/<h3>根拠: GL 対策基準 3\(1\)<\/h3>/);
  expect((ja.match(/<article class="finding /g) ?? []).length).toBe(31);
  expect(ja).toContain('期限切れ');
});

const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!chromium) console.log('HTML rendering test skipped: Chromium is not installed (.ci/run installs it)');
const itWithChromium = chromium ? it : it.skip;

itWithChromium('renders in headless Chromium to a screenshot and an A4 PDF', () => {
  html('render.html');
  const page = `file://${join(dir, 'render.html')}`;
  const png = join(dir, 'report.png');
  const pdf = join(dir, 'report.pdf');
  const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--no-first-run', `--user-data-dir=${join(dir, 'profile')}`];
  spawnSync(chromium!, [...flags, '--window-size=1280,2400', `--screenshot=${png}`, page], { timeout: 60_000 });
  spawnSync(chromium!, [...flags, '--no-pdf-header-footer', `--print-to-pdf=${pdf}`, page], { timeout: 60_000 });
  expect(readFileSync(png).subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(statSync(png).size).toBeGreaterThan(100_000);
  expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
  expect(statSync(pdf).size).toBeGreaterThan(50_000);
  console.log(`audit report rendered: ${png} (${statSync(png).size} bytes), ${pdf} (${statSync(pdf).size} bytes)`);
});
