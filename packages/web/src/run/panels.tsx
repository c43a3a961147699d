import type { ComponentChildren } from "preact";
import { type ThresholdResult, type UrlStats, useQuery, type ZoneStats } from "../graphql/index.js";
import { formatMs, formatNumber, formatPercent, QueryView } from "../ui/index.js";
import { checksOf } from "./checks.js";

/** How a panel refreshes: polled while the run goes on, fetched again when its status changes. */
export interface PanelProps {
  runId: string;
  /** Poll period while the run goes on; undefined once it ended. */
  pollMs: number | undefined;
  /** Changes when the run's status does, to fetch the final figures. */
  statusKey: string;
}

/** A titled card of the run page. */
export function Panel({
  title,
  children,
  testId,
}: {
  title: string;
  children: ComponentChildren;
  testId: string;
}) {
  return (
    <section class="card" data-testid={testId}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

const THRESHOLDS_AND_CHECKS = `query ThresholdsAndChecks($id: ID!) {
  testRun(id: $id) {
    id
    thresholds { metric expression ok value abortOnFail }
    summary { data }
  }
}`;

/** Every threshold's verdict on the aggregate, and every check's passes and fails. */
export function ThresholdsPanel({ runId, pollMs, statusKey }: PanelProps) {
  const state = useQuery<{ testRun: { thresholds: ThresholdResult[]; summary: { data: unknown } } | null }>(
    THRESHOLDS_AND_CHECKS,
    { id: runId },
    { pollMs, refreshKey: statusKey },
  );
  return (
    <Panel title="Thresholds and checks" testId="thresholds">
      <QueryView state={state} what="thresholds and checks">
        {({ testRun }) => {
          if (!testRun) return null;
          const checks = checksOf(testRun.summary.data);
          return (
            <>
              {testRun.thresholds.length === 0 ? (
                <p class="muted">
                  {pollMs ? "No threshold evaluated yet." : "The script sets no thresholds."}
                </p>
              ) : (
                <ul class="verdicts">
                  {testRun.thresholds.map((t) => (
                    <li
                      key={`${t.metric} ${t.expression}`}
                      class={t.ok ? "ok" : "failed"}
                      data-ok={String(t.ok)}
                    >
                      <span class="verdict">{t.ok ? "✓ pass" : "✕ fail"}</span>
                      <code>
                        {t.metric}: {t.expression}
                      </code>
                      <span class="muted">
                        {t.value == null ? "no data" : `value ${formatNumber(t.value, 3)}`}
                        {t.abortOnFail ? " · aborts on fail" : ""}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
              <h3>Checks</h3>
              {checks.length === 0 ? (
                <p class="muted">No checks ran (yet).</p>
              ) : (
                <ul class="verdicts">
                  {checks.map((c) => {
                    const total = c.passes + c.fails;
                    return (
                      <li key={`${c.group}::${c.name}`} class={c.fails === 0 ? "ok" : "failed"}>
                        <span class="verdict">{c.fails === 0 ? "✓" : "✕"}</span>
                        <span>
                          {c.group && (
                            <span class="muted">{c.group.replace(/^::/, "").replaceAll("::", " › ")} › </span>
                          )}
                          {c.name}
                        </span>
                        <span class="muted">
                          {formatNumber(c.passes)} / {formatNumber(total)} passed (
                          {formatPercent(total ? c.passes / total : 0)})
                        </span>
                      </li>
                    );
                  })}
                </ul>
              )}
            </>
          );
        }}
      </QueryView>
    </Panel>
  );
}

const URLS = `query Urls($id: ID!) {
  testRun(id: $id) { id urls(first: 50) { name method requests failures failureRate p50Ms p95Ms p99Ms } }
}`;

/** A column of a {@link FiguresTable}: its heading, whether it holds numbers, and its cell. */
interface Column<Row> {
  title: string;
  numeric?: boolean;
  cell(row: Row): ComponentChildren;
  /** The cell's class when it depends on the row (e.g. failures in red). */
  cellClass?(row: Row): string | undefined;
}

/** A table of figures per row (URL, zone), scrolling sideways on a narrow screen. */
function FiguresTable<Row>({
  rows,
  columns,
  rowKey,
}: {
  rows: Row[];
  columns: Column<Row>[];
  rowKey(row: Row): string;
}) {
  return (
    <div class="table-scroll">
      <table class="table">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.title} class={c.numeric ? "num" : undefined}>
                {c.title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((c) => (
                <td key={c.title} class={c.cellClass?.(row) ?? (c.numeric ? "num" : undefined)}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const URL_COLUMNS: Column<UrlStats>[] = [
  {
    title: "URL name",
    cellClass: () => "url-cell",
    cell: (u) => (
      <>
        {u.method && <span class="method">{u.method}</span>} {u.name}
      </>
    ),
  },
  { title: "Requests", numeric: true, cell: (u) => formatNumber(u.requests) },
  {
    title: "Failures",
    numeric: true,
    cellClass: (u) => (u.failures > 0 ? "num bad" : "num"),
    cell: (u) => (
      <>
        {formatNumber(u.failures)} <span class="muted">({formatPercent(u.failureRate)})</span>
      </>
    ),
  },
  { title: "p95", numeric: true, cell: (u) => formatMs(u.p95Ms) },
  { title: "p99", numeric: true, cell: (u) => formatMs(u.p99Ms) },
];

/** Requests, failures and latency per URL name, most requests first. */
export function UrlsPanel({ runId, pollMs, statusKey }: PanelProps) {
  const state = useQuery<{ testRun: { urls: UrlStats[] } | null }>(
    URLS,
    { id: runId },
    { pollMs, refreshKey: statusKey },
  );
  return (
    <Panel title="Requests per URL" testId="urls">
      <QueryView state={state} what="the URLs">
        {({ testRun }) =>
          !testRun ? null : testRun.urls.length === 0 ? (
            <p class="muted">No requests{pollMs ? " yet" : ""}.</p>
          ) : (
            <FiguresTable
              rows={testRun.urls}
              columns={URL_COLUMNS}
              rowKey={(u) => `${u.method ?? ""} ${u.name}`}
            />
          )
        }
      </QueryView>
    </Panel>
  );
}

const ZONES = `query Zones($id: ID!) { testRun(id: $id) { id zones { zone requests failureRate p95Ms } } }`;

const ZONE_COLUMNS: Column<ZoneStats>[] = [
  { title: "Zone", cell: (z) => z.zone },
  { title: "Requests", numeric: true, cell: (z) => formatNumber(z.requests) },
  { title: "Failure rate", numeric: true, cell: (z) => formatPercent(z.failureRate) },
  { title: "p95", numeric: true, cell: (z) => formatMs(z.p95Ms) },
];

/** Requests, failures and p95 per load zone. */
export function ZonesPanel({ runId, pollMs, statusKey }: PanelProps) {
  const state = useQuery<{ testRun: { zones: ZoneStats[] } | null }>(
    ZONES,
    { id: runId },
    { pollMs, refreshKey: statusKey },
  );
  return (
    <Panel title="Load zones" testId="zones">
      <QueryView state={state} what="the load zones">
        {({ testRun }) =>
          !testRun ? null : testRun.zones.length === 0 ? (
            <p class="muted">No requests from any zone{pollMs ? " yet" : ""}.</p>
          ) : (
            <FiguresTable rows={testRun.zones} columns={ZONE_COLUMNS} rowKey={(z) => z.zone} />
          )
        }
      </QueryView>
    </Panel>
  );
}

const SUMMARY_TEXT = `query SummaryText($id: ID!) { testRun(id: $id) { id summary { text } } }`;

/** k6's end-of-test summary as text, as `barrage run` prints it. */
export function SummaryPanel({ runId, statusKey }: Omit<PanelProps, "pollMs">) {
  const state = useQuery<{ testRun: { summary: { text: string } } | null }>(
    SUMMARY_TEXT,
    { id: runId },
    { refreshKey: statusKey },
  );
  return (
    <details class="card">
      <summary>
        <h2>End-of-test summary</h2>
      </summary>
      <QueryView state={state} what="the summary">
        {({ testRun }) => <pre class="summary-text">{testRun?.summary.text || "No summary yet."}</pre>}
      </QueryView>
    </details>
  );
}
