import type { buildSummaryData } from "@barrage/runner";
import type pg from "pg";

/** The root group of k6's summary input, with its nested groups and checks. */
export type GroupInput = Parameters<typeof buildSummaryData>[0]["rootGroup"];

interface MutableGroup {
  name: string;
  groups: MutableGroup[];
  checks: { name: string; passes: number; fails: number }[];
}

// k6's group separator: the `group` tag of a sample is the path "::outer::inner" ("" at the root).
const SEPARATOR = "::";

/**
 * The run's tree of groups and checks, as k6's summary shows it under `root_group`, rebuilt from the
 * stored series: every `group` tag names a group path, and the `checks` rate's series (tagged `check`
 * and `group`) give each check's passes and fails, summed over every agent. Groups and checks come in
 * the order their first series was stored, which is the order an agent first met them.
 */
export async function queryCheckGroups(pool: pg.Pool, runId: number): Promise<GroupInput> {
  const [groups, checks] = await Promise.all([
    pool.query<{ path: string }>(
      `select tags->>'group' as path from metric_series
        where run_id = $1 and tags ? 'group' group by 1 order by min(id)`,
      [runId],
    ),
    pool.query<{ path: string | null; name: string; passes: number; fails: number }>(
      `select s.tags->>'group' as path, s.tags->>'check' as name,
              sum(p.rate_nonzero)::float8 as passes, sum(p.rate_total - p.rate_nonzero)::float8 as fails
         from metric_series s join metric_points p on p.series_id = s.id
        where s.run_id = $1 and s.metric = 'checks' and s.tags ? 'check'
        group by 1, 2 order by min(s.id)`,
      [runId],
    ),
  ]);
  const root: MutableGroup = { name: "", groups: [], checks: [] };
  const byPath = new Map<string, MutableGroup>([["", root]]);
  const groupAt = (path: string): MutableGroup => {
    const known = byPath.get(path);
    if (known) return known;
    const cut = path.lastIndexOf(SEPARATOR);
    const parent = groupAt(cut <= 0 ? "" : path.slice(0, cut));
    const name = cut === -1 ? path : path.slice(cut + SEPARATOR.length);
    const group: MutableGroup = { name, groups: [], checks: [] };
    parent.groups.push(group);
    byPath.set(path, group);
    return group;
  };
  for (const { path } of groups.rows) groupAt(path);
  for (const { path, name, passes, fails } of checks.rows) {
    groupAt(path ?? "").checks.push({ name, passes, fails });
  }
  return root;
}
