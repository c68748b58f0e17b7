// The built-in rule pack, in the order that judges a cross-tier flow: the first rule that claims a part
// of a violating flow reports it. A test keeps this list and the rule folders in step.

import type { Rule } from '../src/engine/rule';
import mynumberIsolation from './mynumber-isolation/rule';
import unsanitizedMail from './unsanitized-mail/rule';
import tierCrossing from './tier-crossing/rule';
import internetEgress from './internet-egress/rule';
import exceptionExpired from './exception-expired/rule';
import exceptionUnused from './exception-unused/rule';
import exceptionNotPinned from './exception-not-pinned/rule';

export const RULES: readonly Rule[] = [
  mynumberIsolation,
  unsanitizedMail,
  tierCrossing,
  internetEgress,
  exceptionExpired,
  exceptionUnused,
  exceptionNotPinned,
];
