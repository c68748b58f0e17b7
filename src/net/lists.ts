// Lists made in one representation. The engine gives an array one of several element kinds from the values
// first stored in it — small integers, doubles or objects — and compiles the code that reads arrays for the
// kinds it has seen; an array of another kind throws that code away, and it is compiled again. The sets and
// spaces are read in every stage, so their lists are made in one kind each: bounds as doubles (bounds of
// ports are small integers, bounds of addresses above 2^31 are not), and empty lists of objects as lists of
// objects (a literal `[]` is a list of small integers to the engine).

/** An empty list that keeps its numbers as doubles, whatever values it is given. */
export function doubleList(): number[] {
  const list = [0.5];
  list.length = 0;
  return list;
}

/** A list of two numbers kept as doubles (see `doubleList`). */
export function doublePair(a: number, b: number): number[] {
  const list = [0.5, 0.5];
  list[0] = a;
  list[1] = b;
  return list;
}

/** An empty list of objects, of the kind a list holding objects has. */
export function emptyList<T extends object>(): T[] {
  const list: (T | null)[] = [null];
  list.length = 0;
  return list as T[];
}
