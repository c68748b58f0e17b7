// Lookup tables for names that come from the user's files (service names, protocol and ICMP type names):
// without a prototype, so that `constructor` or `toString` finds nothing instead of what every object inherits.

export function nameTable<T>(entries: Readonly<Record<string, T>>): Readonly<Record<string, T>> {
  return Object.assign(Object.create(null) as Record<string, T>, entries);
}
