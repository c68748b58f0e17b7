// The built-in rule pack. The first four judge cross-tier flows, in the order of the claim chain: the
// first rule that claims a part of a violating flow reports it. The rest check the exceptions, the rule
// bases and the address plan on their own. A test keeps this list and the rule folders in step.

import type { Rule } from '../src/engine/rule';
import mynumberIsolation from './mynumber-isolation/rule';
import unsanitizedMail from './unsanitized-mail/rule';
import tierCrossing from './tier-crossing/rule';
import internetEgress from './internet-egress/rule';
import exceptionExpired from './exception-expired/rule';
import exceptionUnused from './exception-unused/rule';
import exceptionNotPinned from './exception-not-pinned/rule';
import ruleShadowed from './rule-shadowed/rule';
import ruleRedundant from './rule-redundant/rule';
import rulePartiallyShadowed from './rule-partially-shadowed/rule';
import ruleOverBroad from './rule-over-broad/rule';
import dangerousService from './dangerous-service/rule';
import screenTransferHygiene from './screen-transfer-hygiene/rule';
import firewallDefaultAllow from './firewall-default-allow/rule';
import ruleNoLog from './rule-no-log/rule';
import ruleNoComment from './rule-no-comment/rule';
import zoneOverlap from './zone-overlap/rule';
import hostOutsideZone from './host-outside-zone/rule';
import addressOutsideZones from './address-outside-zones/rule';
import zoneUnattached from './zone-unattached/rule';
import objectUnused from './object-unused/rule';
import importApproximated from './import-approximated/rule';

export const RULES: readonly Rule[] = [
  mynumberIsolation,
  unsanitizedMail,
  tierCrossing,
  internetEgress,
  exceptionExpired,
  exceptionUnused,
  exceptionNotPinned,
  ruleShadowed,
  ruleRedundant,
  rulePartiallyShadowed,
  ruleOverBroad,
  dangerousService,
  screenTransferHygiene,
  firewallDefaultAllow,
  ruleNoLog,
  ruleNoComment,
  zoneOverlap,
  hostOutsideZone,
  addressOutsideZones,
  zoneUnattached,
  objectUnused,
  importApproximated,
];
