// Names are the user's own: a zone, host, object or firewall called like a property every JavaScript object
// has (`constructor`, `toString`, `__proto__`) is a name like any other, never a built-in.

import { parse } from 'yaml';
import { lint } from '../../src/api';

const model = (service: string): string => `
sanso: 1
zones:
  constructor: { tier: lgwan, networks: [10.0.0.0/24] }
  __proto__: { tier: internet, networks: [10.0.1.0/24] }
  hasOwnProperty: { tier: mynumber, networks: [10.0.2.0/24] }
hosts:
  toString: { zone: constructor, addresses: [10.0.0.5], role: proxy }
addresses:
  valueOf: [10.0.0.0/25]
services:
  constructor: [tcp/8080]
firewalls:
  isPrototypeOf:
    interfaces: { toString: [constructor], valueOf: [__proto__], x: [hasOwnProperty] }
    rules:
      - { name: toString, from: [valueOf], to: [__proto__], services: [constructor], action: allow, log: true, comment: c }
      - { from: [hasOwnProperty], to: [__proto__], services: [${service}], action: allow, log: true, comment: c }
`;

it('reads names that every JavaScript object also has as plain names', () => {
  const inputs = (service: string) => [
    { file: 'm.yaml', text: model(service) },
    { file: 'm.json', text: JSON.stringify(parse(model(service))) },
  ];
  for (const source of inputs('toString')) {
    const report = lint({ sources: [source], config: false, today: '2026-11-28' });
    const found = report.findings.map((f) => `${f.ruleId}:${f.messageId}:${f.data.name ?? ''}`);
    // `toString` is no built-in service: the second rule names an unknown service, and nothing is analysed.
    expect([source.file, found]).toEqual([source.file, ['undefined-reference:unknown-service:toString']]);
  }
  for (const source of inputs('https')) {
    const report = lint({ sources: [source], config: false, today: '2026-11-28' });
    expect([source.file, report.summary.inputErrors]).toEqual([source.file, 0]);
    // The LGWAN zone `constructor` reaches the Internet zone `__proto__` through the user's service `constructor`.
    const crossing = report.findings.find((f) => f.ruleId === 'tier-crossing');
    expect(crossing?.flow).toMatchObject({ from: 'constructor', to: '__proto__', services: ['tcp/8080'] });
    expect(report.findings.some((f) => f.ruleId === 'mynumber-isolation' && f.flow?.from === 'hasOwnProperty')).toBe(true);
  }
});
