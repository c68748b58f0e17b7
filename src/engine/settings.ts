// How the configuration sets each rule: off, on at the severities the rule itself gives its findings,
// or on with every finding at one fixed severity; and the rule's options.

import type { Severity } from '../core/finding';

export interface RuleSetting {
  /** Off: the rule neither checks nor claims; a flow rule's part then goes on to the next rule in the chain. */
  readonly enabled: boolean;
  /** A fixed severity for every finding of the rule; absent: the severity the rule gives each finding. */
  readonly severity?: Severity;
  /** The options given in the configuration (the rule's defaults fill the rest). */
  readonly options: Readonly<Record<string, unknown>>;
}

/** Settings by rule id; a rule without an entry runs at its defaults. */
export type RuleSettings = ReadonlyMap<string, RuleSetting>;
