// Plain JSON values and every JSON pointer into one, for the tests that compare positions.

import { encodePointer } from '../../src/source/pointer';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The pointer of the value itself and of everything inside it, depth first. */
export function pointers(value: Json, prefix: (string | number)[] = []): string[] {
  const here = [encodePointer(prefix)];
  if (Array.isArray(value)) return here.concat(value.flatMap((v, i) => pointers(v, [...prefix, i])));
  if (value !== null && typeof value === 'object') return here.concat(Object.entries(value).flatMap(([k, v]) => pointers(v, [...prefix, k])));
  return here;
}
