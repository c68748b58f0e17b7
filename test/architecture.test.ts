// The dependency direction of design.md, enforced: each src/ module imports only what it may, nothing
// imports the CLI, and the heavy TypeScript toolchain is never loaded on a plain YAML run.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { ROOT } from './support/cli';

const ALLOWED: Record<string, readonly string[]> = {
  net: [],
  core: [],
  source: ['core'],
  schema: ['core', 'source', 'model'],
  import: ['core', 'net'],
  model: ['core', 'net', 'source', 'import'],
  flows: ['core', 'net', 'model'],
  engine: ['core', 'net', 'model', 'flows'],
  report: ['core'],
  cli: ['core', 'report', 'source', 'api'],
  api: ['core', 'source', 'schema', 'model', 'flows', 'engine', 'report', 'rules', 'import'],
  index: ['api', 'core', 'engine', 'report'],
  rules: ['engine', 'net', 'model', 'flows', 'core'],
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function moduleOf(file: string): string {
  const rel = relative(ROOT, file).split('/');
  if (rel[0]!.startsWith('rules')) return 'rules';
  return rel.length === 2 ? rel[1]!.replace(/\.ts$/, '') : rel[1]!;
}

const sources = [...files(join(ROOT, 'src')), ...files(join(ROOT, 'rules'))];

describe.each(sources.map((f) => [relative(ROOT, f), f]))('%s', (_name, file) => {
  it('imports only what its module may', () => {
    const own = moduleOf(file);
    const text = readFileSync(file, 'utf8');
    for (const [, spec] of text.matchAll(/from '([^']+)'/g)) {
      if (!spec!.startsWith('.')) continue;
      const target = resolve(dirname(file), spec!);
      if (!target.startsWith(ROOT + '/src') && !target.startsWith(ROOT + '/rules')) continue;
      const other = moduleOf(target + '.ts');
      if (other === own) continue;
      expect({ from: own, imports: other, allowed: ALLOWED[own]?.includes(other) ?? false }).toEqual({ from: own, imports: other, allowed: true });
    }
  });
});

it('only src/cli touches process output and exit codes; only src/source reads files', () => {
  for (const file of sources) {
    const own = moduleOf(file);
    const text = readFileSync(file, 'utf8');
    if (own !== 'cli' && own !== 'api') expect({ file, process: /\bprocess\./.test(text) }).toEqual({ file, process: false });
    if (own !== 'source') expect({ file, fs: /from 'node:fs'|require\('fs'\)/.test(text) }).toEqual({ file, fs: false });
  }
});

it('a plain YAML run loads neither ts-morph nor the TypeScript compiler', () => {
  const { execFileSync } = require('node:child_process') as typeof import('node:child_process');
  const out = execFileSync(
    process.execPath,
    ['-e', `const m=require('module');const seen=[];const o=m._load;m._load=function(r,...a){seen.push(r);return o.call(this,r,...a)};
require('./dist/src/cli/main').main(['lint','examples/futaba-alpha','--today','2026-11-28'],{stdout(){},stderr(){},env:{},cwd:process.cwd(),isTTY:false});
console.log(JSON.stringify(seen.filter(s=>/typescript|ts-morph/.test(s))))`],
    { cwd: ROOT, encoding: 'utf8' },
  );
  expect(JSON.parse(out)).toEqual([]);
});
