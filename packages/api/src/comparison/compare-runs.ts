import { compareHistograms, compareProportions, compareRates } from "@barrage/insights";
import type pg from "pg";
import { type HttpFigures, queryHttpBreakdown, queryMetricSpan } from "../metrics/index.js";
import { queryMergedHistograms } from "../metrics/queries/merged-histograms.js";
import { pointScope, type Selection } from "../metrics/queries/point-scope.js";

/** What a comparison row compares. */
export type ComparisonFigure = "P50" | "P95" | "P99" | "REQUEST_RATE" | "FAILURE_RATE";

/** One figure of two runs, overall (`url` null) or for one URL name. */
export interface ComparisonRow {
  figure: ComparisonFigure;
  url: string | null;
  value: number | null;
  baseValue: number | null;
  difference: number | null;
  relativeDifference: number | null;
  significant: boolean;
}

/** One side of a comparison: a run's HTTP figures overall and per URL name, and how long it ran. */
interface Side {
  durationSeconds: number;
  groups: Map<string | null, HttpFigures>;
}

const PERCENTILES: readonly [ComparisonFigure, keyof HttpFigures][] = [
  ["P50", "p50"],
  ["P95", "p95"],
  ["P99", "p99"],
];

/**
 * A run against a base run, overall and per URL name: p50/p95/p99 of http_req_duration (significant
 * when a Mann–Whitney test on the two merged histograms says so at the 1% level), request rate (a
 * Poisson rate test) and failure rate (a two-proportion z-test). URL names that only one run has
 * get rows with the other side null. Overall rows first, then URLs by name.
 *
 * @example const rows = await compareRuns(pool, run.id, previous.id);
 */
export async function compareRuns(pool: pg.Pool, runId: number, baseRunId: number): Promise<ComparisonRow[]> {
  const [run, base] = await Promise.all([side(pool, runId), side(pool, baseRunId)]);
  const urls = [...new Set([...run.groups.keys(), ...base.groups.keys()])].sort((a, b) =>
    a === null ? -1 : b === null ? 1 : a.localeCompare(b),
  );
  const [runHistograms, baseHistograms] = await Promise.all([
    durationHistograms(pool, runId, urls),
    durationHistograms(pool, baseRunId, urls),
  ]);
  const rows: ComparisonRow[] = [];
  for (const url of urls) {
    const now = run.groups.get(url);
    const then = base.groups.get(url);
    const key = url ?? "";
    const a = baseHistograms.get(key);
    const b = runHistograms.get(key);
    const latencyDiffers = a !== undefined && b !== undefined && compareHistograms(a, b).significant;
    for (const [figure, field] of PERCENTILES) {
      rows.push(
        row(
          figure,
          url,
          now?.[field] as number | undefined,
          then?.[field] as number | undefined,
          latencyDiffers,
        ),
      );
    }
    const rateDiffers =
      now !== undefined &&
      then !== undefined &&
      compareRates(then.requests, base.durationSeconds, now.requests, run.durationSeconds).significant;
    rows.push(
      row(
        "REQUEST_RATE",
        url,
        now && run.durationSeconds > 0 ? now.requests / run.durationSeconds : undefined,
        then && base.durationSeconds > 0 ? then.requests / base.durationSeconds : undefined,
        rateDiffers,
      ),
    );
    const failuresDiffer =
      now !== undefined &&
      then !== undefined &&
      compareProportions(then.failures, then.requests, now.failures, now.requests).significant;
    rows.push(row("FAILURE_RATE", url, now?.failureRate, then?.failureRate, failuresDiffer));
  }
  return rows;
}

function row(
  figure: ComparisonFigure,
  url: string | null,
  value: number | undefined,
  baseValue: number | undefined,
  significant: boolean,
): ComparisonRow {
  const both = value !== undefined && baseValue !== undefined;
  const difference = both ? value - baseValue : null;
  return {
    figure,
    url,
    value: value ?? null,
    baseValue: baseValue ?? null,
    difference,
    relativeDifference: difference !== null && baseValue ? difference / baseValue : null,
    significant: both && significant,
  };
}

async function side(pool: pg.Pool, runId: number): Promise<Side> {
  const [span, overall, perUrl] = await Promise.all([
    queryMetricSpan(pool, runId),
    queryHttpBreakdown(pool, runId),
    queryHttpBreakdown(pool, runId, "name"),
  ]);
  const groups = new Map<string | null, HttpFigures>();
  const [all] = overall;
  if (all && all.requests > 0) groups.set(null, all);
  for (const figures of perUrl) groups.set(figures.key, figures);
  return { durationSeconds: span ? (span.to - span.from) / 1000 : 0, groups };
}

/** The merged http_req_duration histogram of every request (key "") and of each URL name. */
function durationHistograms(pool: pg.Pool, runId: number, urls: readonly (string | null)[]) {
  const selections = urls.map(
    (url): Selection => ({
      name: url ?? "",
      metric: "http_req_duration",
      tags: url === null ? {} : { name: url },
    }),
  );
  return queryMergedHistograms(pool, pointScope(runId, selections));
}
