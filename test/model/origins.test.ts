// Where the model says each rule was written: the origin a finding or a path cites, made when asked for.

import { buildModel } from '../../src/model/build';
import { parseText } from '../../src/source/document';

const TEXT = `sanso: 1
zones:
  lg: { tier: lgwan, networks: [10.0.0.0/24] }
  inet: { tier: internet, networks: [10.0.1.0/24] }
firewalls:
  fw.a:b:
    interfaces: { x: [lg], y: [inet] }
    rules:
      - { from: [lg], to: [inet], services: [https], action: allow }
      - { from: [nowhere], to: [inet], services: [https], action: allow }
      - { from: [lg], to: [inet], services: [ssh], action: deny }
  second:
    interfaces: { x: [lg], y: [inet] }
    rules:
      - { from: [inet], to: [lg], services: [https], action: deny }
`;

it('gives each written rule its file and pointer, by its written position, as a plain object', () => {
  const { document } = parseText('nets/m.yaml', TEXT);
  const { model } = buildModel([document!], '2026-11-28');
  const rules = [...model.firewalls.values()].flatMap((fw) => fw.rules);
  // The rule naming an unknown address is left out; the ones after it keep their written positions.
  expect(rules.map((r) => r.origin)).toEqual([
    { file: 'nets/m.yaml', pointer: '/firewalls/fw.a:b/rules/0' },
    { file: 'nets/m.yaml', pointer: '/firewalls/fw.a:b/rules/2' },
    { file: 'nets/m.yaml', pointer: '/firewalls/second/rules/0' },
  ]);
  // Reports serialise origins: they are plain data.
  expect(JSON.parse(JSON.stringify(rules[1]!.origin))).toEqual({ file: 'nets/m.yaml', pointer: '/firewalls/fw.a:b/rules/2' });
  expect(document!.locate(rules[1]!.origin.pointer).line).toBe(11);
});
