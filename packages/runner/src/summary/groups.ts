import { createHash } from "node:crypto";
import type { SummaryCheck, SummaryGroup } from "./data.js";

/** A check's counts, as the engine keeps them. */
export interface CheckInput {
  readonly name: string;
  readonly passes: number;
  readonly fails: number;
}

/** A group, its checks and its nested groups, in the order they were first seen; the root is named `""`. */
export interface GroupInput {
  readonly name: string;
  readonly groups: readonly GroupInput[];
  readonly checks: readonly CheckInput[];
}

// k6's group separator; a path is the names from the root joined by it ("::outer::inner").
const SEPARATOR = "::";

/**
 * Turns the engine's group tree into k6's `root_group`: every group and check gets its path and an
 * id that is the MD5 of the path, as k6 computes them, so ids match between k6 and Barrage.
 */
export function summarizeGroups(root: GroupInput): SummaryGroup {
  return summarizeGroup(root, "");
}

function summarizeGroup(group: GroupInput, path: string): SummaryGroup {
  return {
    name: group.name,
    path,
    id: md5(path),
    groups: group.groups.map((child) => summarizeGroup(child, path + SEPARATOR + child.name)),
    checks: group.checks.map((check): SummaryCheck => {
      const checkPath = path + SEPARATOR + check.name;
      return {
        name: check.name,
        path: checkPath,
        id: md5(checkPath),
        passes: check.passes,
        fails: check.fails,
      };
    }),
  };
}

function md5(text: string): string {
  return createHash("md5").update(text).digest("hex");
}
