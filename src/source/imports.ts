// The vendor files a model imports (`firewalls.<id>.import`): where each model document names them, and
// where they lie. Pure: reading them is read.ts's job.

import { posix } from 'node:path';
import type { SourceDocument } from './document';
import { encodePointer } from './pointer';

/** Where a file named in a model file lies, relative to the working directory like the model file's own path. */
export function importedFilePath(modelFile: string, file: string): string {
  const path = file.split('\\').join('/');
  return posix.normalize(posix.isAbsolute(path) ? path : posix.join(posix.dirname(modelFile), path));
}

/** The `import` entries of the firewalls of a (validated) model document, with where each names its file. */
export function importsOf(document: SourceDocument): { firewall: string; index: number | undefined; spec: Record<string, unknown>; pointer: string }[] {
  const firewalls = (document.data as { firewalls?: Record<string, { import?: unknown }> } | null)?.firewalls ?? {};
  return Object.entries(firewalls).flatMap(([firewall, value]) => {
    const spec = value?.import;
    if (spec === undefined) return [];
    const list = Array.isArray(spec) ? spec : [spec];
    return list.map((s, i) => {
      const index = Array.isArray(spec) ? i : undefined;
      return { firewall, index, spec: s as Record<string, unknown>, pointer: encodePointer(['firewalls', firewall, 'import', ...(index === undefined ? [] : [index])]) };
    });
  });
}

