import { cardinalityLimit } from "./cardinality-limit.js";

/** k6 fires on "a high number of groups" without a number; Barrage's limit. */
export const MAX_GROUPS = 100;

/**
 * best_practice_too_many_groups: more than 100 distinct groups, usually group() used to label
 * individual requests or called with a name built in a loop.
 *
 * @example tooManyGroups.check(prepareRun(run))?.values?.count // 101
 */
export const tooManyGroups = cardinalityLimit({
  id: "best_practice_too_many_groups",
  name: "Too many groups",
  field: "groups",
  limit: MAX_GROUPS,
  severity: "warning",
  noun: "groups",
  metric: "group_duration",
  advice:
    "Groups are meant for the few steps of a user journey. To aggregate requests use the name tag, " +
    "and keep dynamic values (ids, loop counters) out of group names.",
});
