import { type ComparisonFigure, type ComparisonRow, type QueryState, useQuery } from "../graphql/index.js";
import { Link } from "../router/index.js";
import { Empty, formatChange, formatFigure, formatInstant, QueryView } from "../ui/index.js";

/** What a run is compared with. */
export type CompareTarget =
  | { kind: "none" }
  | { kind: "PREVIOUS" }
  | { kind: "BASELINE" }
  | { kind: "run"; runId: string };

/** The compared run, as the charts and the table need it. */
export interface ComparisonBase {
  id: string;
  createdAt: string;
  startedAt: string | null;
}

export interface Comparison {
  base: ComparisonBase;
  rows: ComparisonRow[];
}

const FIELDS = `base { id createdAt startedAt } rows { figure url value baseValue difference relativeDifference significant }`;

const AGAINST = `query ComparisonAgainst($id: ID!, $against: ComparisonTarget!) {
  testRun(id: $id) { id comparison(against: $against) { ${FIELDS} } }
}`;

const WITH_RUN = `query CompareRuns($id: ID!, $base: ID!) { compareRuns(runId: $id, baseRunId: $base) { ${FIELDS} } }`;

/** The comparison of a run with its target (null when the target does not exist, such as no baseline). */
export function useComparison(
  runId: string,
  target: CompareTarget,
  refreshKey: string,
): QueryState<Comparison | null> {
  const against = useQuery<{ testRun: { comparison: Comparison | null } | null }>(
    AGAINST,
    { id: runId, against: target.kind === "BASELINE" ? "BASELINE" : "PREVIOUS" },
    { skip: target.kind !== "PREVIOUS" && target.kind !== "BASELINE", refreshKey },
  );
  const withRun = useQuery<{ compareRuns: Comparison }>(
    WITH_RUN,
    { id: runId, base: target.kind === "run" ? target.runId : "" },
    { skip: target.kind !== "run", refreshKey },
  );
  if (target.kind === "run") {
    return { ...withRun, data: withRun.data?.compareRuns };
  }
  return { ...against, data: against.data && (against.data.testRun?.comparison ?? null) };
}

const FIGURE_LABELS: Record<ComparisonFigure, string> = {
  P50: "p50",
  P95: "p95",
  P99: "p99",
  REQUEST_RATE: "request rate",
  FAILURE_RATE: "failure rate",
};

/** Higher is worse for latencies and failures; for the request rate neither is. */
function tone(row: ComparisonRow): "worse" | "better" | "same" {
  if (!row.significant || row.difference == null || row.difference === 0 || row.figure === "REQUEST_RATE")
    return "same";
  return row.difference > 0 ? "worse" : "better";
}

/** The differences, overall first, then per URL name. */
export function ComparisonTable({ state }: { state: QueryState<Comparison | null> }) {
  return (
    <QueryView state={state} what="the comparison">
      {(comparison) => {
        if (!comparison) return <Empty title="Nothing to compare with">This test has no such run yet.</Empty>;
        const groups = new Map<string | null, ComparisonRow[]>();
        for (const row of comparison.rows) groups.set(row.url, [...(groups.get(row.url) ?? []), row]);
        return (
          <>
            <p class="muted small">
              Against the run of{" "}
              <Link to={{ page: "run", runId: comparison.base.id }}>
                {formatInstant(comparison.base.createdAt)}
              </Link>{" "}
              (dashed on the charts). A difference is marked when it is beyond chance at the 1% level.
            </p>
            <div class="table-scroll">
              <table class="table" data-testid="comparison-table">
                <thead>
                  <tr>
                    <th>Requests</th>
                    <th>Figure</th>
                    <th class="num">This run</th>
                    <th class="num">Base</th>
                    <th class="num">Change</th>
                    <th>Significant</th>
                  </tr>
                </thead>
                <tbody>
                  {[...groups.entries()].flatMap(([url, rows]) =>
                    rows.map((row, i) => (
                      <tr key={`${url ?? ""}:${row.figure}`} class={`change-${tone(row)}`}>
                        <td class="url-cell">{i === 0 ? (url ?? <strong>All requests</strong>) : ""}</td>
                        <td>{FIGURE_LABELS[row.figure]}</td>
                        <td class="num">{formatFigure(row.figure, row.value)}</td>
                        <td class="num">{formatFigure(row.figure, row.baseValue)}</td>
                        <td class="num">{formatChange(row.relativeDifference)}</td>
                        <td>
                          {row.significant
                            ? tone(row) === "worse"
                              ? "worse"
                              : tone(row) === "better"
                                ? "better"
                                : "yes"
                            : "no"}
                        </td>
                      </tr>
                    )),
                  )}
                </tbody>
              </table>
            </div>
          </>
        );
      }}
    </QueryView>
  );
}
