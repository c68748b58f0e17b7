// The validators the build precompiles (dist/schema/*.validate.js) say exactly what the schemas compiled at
// run time say, on every fixture and example: same findings, same pointers, same messages.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { createValidatorFor, translated } from '../src/schema/validate';
import { parseText } from '../src/source/document';
import schema from '../schema/sanso.schema.json';
import configSchema from '../schema/sanso.config.schema.json';
import { ROOT } from './support/cli';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? yamlFiles(path) : /\.(ya?ml|json)$/.test(entry) ? [path] : [];
  });
}

const documents = [...yamlFiles(join(ROOT, 'fixtures')), ...yamlFiles(join(ROOT, 'examples'))]
  .map((path) => parseText(relative(ROOT, path), readFileSync(path, 'utf8')).document)
  .filter((d) => d !== undefined);

describe.each([
  ['sanso.schema', schema],
  ['sanso.config.schema', configSchema],
] as const)('%s', (name, schemaObject) => {
  const precompiled = translated(require(join(ROOT, 'dist', 'schema', `${name}.validate.js`)) as ValidateFunction);
  const compiled = createValidatorFor(schemaObject);

  it('the precompiled validator gives the same findings as the compiled one', () => {
    expect(documents.length).toBeGreaterThan(100);
    let withFindings = 0;
    for (const document of documents) {
      const expected = compiled(document);
      if (expected.length > 0) withFindings += 1;
      expect({ file: document.file, findings: precompiled(document) }).toEqual({ file: document.file, findings: expected });
    }
    // Both schemas reject some of these inputs, so the comparison is not vacuous.
    expect(withFindings).toBeGreaterThan(0);
  });
});
