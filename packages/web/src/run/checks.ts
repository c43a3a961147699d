/** A check with its group and counts, from k6's summary data. */
export interface CheckRow {
  /** The group path, `::outer::inner`, empty for checks outside groups. */
  group: string;
  name: string;
  passes: number;
  fails: number;
}

interface GroupLike {
  path?: unknown;
  groups?: unknown;
  checks?: unknown;
}

interface CheckLike {
  name?: unknown;
  passes?: unknown;
  fails?: unknown;
}

const count = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : 0);

/**
 * Every check of k6's `root_group` (what `handleSummary` gets as `data.root_group`), depth first
 * in the order the script first ran them. Tolerates a summary without groups (before the first
 * metrics): no checks.
 *
 * @example
 * checksOf({ root_group: { path: "", groups: [], checks: [{ name: "is 200", passes: 9, fails: 1 }] } })
 * // [{ group: "", name: "is 200", passes: 9, fails: 1 }]
 */
export function checksOf(summaryData: unknown): CheckRow[] {
  const root = (summaryData as { root_group?: GroupLike } | null)?.root_group;
  const rows: CheckRow[] = [];
  const visit = (group: GroupLike | undefined) => {
    if (!group || typeof group !== "object") return;
    const path = typeof group.path === "string" ? group.path : "";
    for (const check of Array.isArray(group.checks) ? (group.checks as CheckLike[]) : []) {
      rows.push({
        group: path,
        name: String(check.name ?? ""),
        passes: count(check.passes),
        fails: count(check.fails),
      });
    }
    for (const child of Array.isArray(group.groups) ? (group.groups as GroupLike[]) : []) visit(child);
  };
  visit(root);
  return rows;
}
