import type { SummaryCheck, SummaryData, SummaryGroup } from "./data.js";

/** A group in the `--summary-export` format: nested groups and checks keyed by name. */
export interface LegacyGroup {
  readonly name: string;
  readonly path: string;
  readonly id: string;
  readonly groups: Readonly<Record<string, LegacyGroup>>;
  readonly checks: Readonly<Record<string, SummaryCheck>>;
}

/**
 * A metric in the `--summary-export` format: its values at the top level (a rate's `rate` renamed
 * `value`), and `thresholds` mapping each expression to `true` when it FAILED, as k6 writes it.
 */
export type LegacyMetric = Readonly<Record<string, number | Readonly<Record<string, boolean>>>>;

/** The legacy `k6 run --summary-export` document. */
export interface LegacySummaryExport {
  readonly root_group: LegacyGroup;
  readonly metrics: Readonly<Record<string, LegacyMetric>>;
}

/**
 * Converts `handleSummary` data into the legacy `--summary-export` document, as k6's summary wrapper
 * (`oldJSONSummary`) does: options and state dropped, metric values flattened, threshold verdicts
 * inverted, groups and checks keyed by name.
 */
export function toLegacySummaryExport(data: SummaryData): LegacySummaryExport {
  const metrics: Record<string, LegacyMetric> = {};
  for (const [name, metric] of Object.entries(data.metrics)) {
    const { rate, ...others } = metric.values;
    const isRate = metric.type === "rate" && rate !== undefined;
    const entry: Record<string, number | Record<string, boolean>> = isRate ? others : { ...metric.values };
    const thresholds = Object.entries(metric.thresholds ?? {});
    if (thresholds.length > 0)
      entry.thresholds = Object.fromEntries(thresholds.map(([source, { ok }]) => [source, !ok]));
    // k6 adds `value` after `thresholds`; kept so the file reads the same.
    if (isRate) entry.value = rate;
    metrics[name] = entry;
  }
  return { root_group: legacyGroup(data.root_group), metrics };
}

/**
 * The `--summary-export` file's text: {@link toLegacySummaryExport} with k6's four-space indentation.
 */
export function legacySummaryExportJson(data: SummaryData): string {
  return JSON.stringify(toLegacySummaryExport(data), null, 4);
}

function legacyGroup(group: SummaryGroup): LegacyGroup {
  return {
    name: group.name,
    path: group.path,
    id: group.id,
    groups: Object.fromEntries(group.groups.map((child) => [child.name, legacyGroup(child)])),
    checks: Object.fromEntries(group.checks.map((check) => [check.name, check])),
  };
}
