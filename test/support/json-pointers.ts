// Plain JSON values, random ones, and every JSON pointer into one, for the tests that compare positions.

import fc from 'fast-check';
import { encodePointer } from '../../src/source/pointer';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The pointer of the value itself and of everything inside it, depth first. */
export function pointers(value: Json, prefix: (string | number)[] = []): string[] {
  const here = [encodePointer(prefix)];
  if (Array.isArray(value)) return here.concat(value.flatMap((v, i) => pointers(v, [...prefix, i])));
  if (value !== null && typeof value === 'object') return here.concat(Object.entries(value).flatMap(([k, v]) => pointers(v, [...prefix, k])));
  return here;
}

/** Random JSON values with the given keys and strings, containers of at most `size` members. */
export function jsonValues(key: fc.Arbitrary<string>, text: fc.Arbitrary<string>, size: number): fc.Arbitrary<Json> {
  return fc.letrec<{ value: Json }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constant(null),
      fc.boolean(),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      text,
      fc.array(tie('value'), { maxLength: size }),
      fc.dictionary(key, tie('value'), { maxKeys: size }),
    ),
  })).value;
}
