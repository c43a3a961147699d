import { createHash } from "node:crypto";

/** A check's results within its group, as k6 reports them in `root_group`. */
export interface CheckResult {
  name: string;
  path: string;
  id: string;
  passes: number;
  fails: number;
}

/** A group of k6's `group()` tree, with its checks, as k6 reports it in `root_group`. */
export interface GroupResult {
  name: string;
  path: string;
  id: string;
  groups: GroupResult[];
  checks: CheckResult[];
}

interface Node {
  result: GroupResult;
  groups: Map<string, Node>;
  checks: Map<string, CheckResult>;
}

/** k6 separates group names in a path with "::" and identifies groups and checks by the MD5 of their path. */
export const GROUP_SEPARATOR = "::";

function md5(text: string): string {
  return createHash("md5").update(text).digest("hex");
}

/**
 * The tree of groups and checks a test went through, counted across every VU: what the end-of-test
 * summary prints under "checks".
 */
export class GroupTree {
  readonly #root: Node = GroupTree.#node("", "");
  readonly #byPath = new Map<string, Node>([["", this.#root]]);

  static #node(name: string, path: string): Node {
    return {
      result: { name, path, id: md5(path), groups: [], checks: [] },
      groups: new Map(),
      checks: new Map(),
    };
  }

  /** The path of group `name` inside the group at `parentPath`, creating it on first use. */
  enter(parentPath: string, name: string): string {
    const parent = this.#byPath.get(parentPath) ?? this.#root;
    let child = parent.groups.get(name);
    if (!child) {
      const path = `${parentPath}${GROUP_SEPARATOR}${name}`;
      child = GroupTree.#node(name, path);
      parent.groups.set(name, child);
      parent.result.groups.push(child.result);
      this.#byPath.set(path, child);
    }
    return child.result.path;
  }

  /** Counts one check outcome in the group at `groupPath`. */
  recordCheck(groupPath: string, name: string, passed: boolean): void {
    const group = this.#byPath.get(groupPath) ?? this.#root;
    let check = group.checks.get(name);
    if (!check) {
      const path = `${groupPath}${GROUP_SEPARATOR}${name}`;
      check = { name, path, id: md5(path), passes: 0, fails: 0 };
      group.checks.set(name, check);
      group.result.checks.push(check);
    }
    if (passed) check.passes++;
    else check.fails++;
  }

  /** The whole tree, in the order groups and checks were first seen. */
  root(): GroupResult {
    return this.#root.result;
  }
}
