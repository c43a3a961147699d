import type { Insight, InsightSeverity, TagFilter } from "../../graphql/index.js";
import { useQuery } from "../../graphql/index.js";
import { formatElapsed } from "../../live/index.js";
import { formatInstant, QueryView } from "../../ui/index.js";
import { Panel, type PanelProps } from "../panels.js";
import { describeFilter, insightRange } from "./series-spec.js";

const INSIGHTS = `query Insights($id: ID!) {
  testRun(id: $id) { id insights { id severity title explanation from to metric filter } }
}`;

/** What "Show series" of an insight asks the charts to show. */
export interface InsightFocus {
  insightId: string;
  title: string;
  /** The insight's time range in seconds since the run's origin; the charts zoom to it. */
  range: readonly [number, number] | undefined;
  /** The series that shows it, charted beside the run's charts. */
  metric: string | null;
  filter: TagFilter | null;
}

const SEVERITY_TONE: Record<InsightSeverity, string> = { INFO: "neutral", WARNING: "warn", CRITICAL: "bad" };

/** When an insight applies: seconds into the run when the charts' origin is known, instants otherwise. */
function InsightRange({ insight, origin }: { insight: Insight; origin: number | undefined }) {
  if (!insight.from || !insight.to) return <span>the whole run</span>;
  const range = insightRange(insight, origin);
  const instants = `${formatInstant(insight.from)} – ${formatInstant(insight.to)}`;
  if (!range) return <span>{instants}</span>;
  return (
    <span title={instants}>
      {formatElapsed(range[0])}–{formatElapsed(range[1])} into the run
    </span>
  );
}

/**
 * What the numbers mean, most severe first: each insight's severity, title, explanation and time
 * range, and "Show series", which zooms the charts to its range and charts the series that shows
 * it (`metric` narrowed by `filter`).
 */
export function InsightsPanel({
  runId,
  pollMs,
  statusKey,
  origin,
  focusedId,
  onShow,
}: PanelProps & {
  origin: number | undefined;
  /** The insight whose series is shown. */
  focusedId: string | undefined;
  onShow: (focus: InsightFocus) => void;
}) {
  const state = useQuery<{ testRun: { insights: Insight[] } | null }>(
    INSIGHTS,
    { id: runId },
    { pollMs, refreshKey: statusKey },
  );
  return (
    <Panel title="Insights" testId="insights">
      <QueryView state={state} what="insights">
        {({ testRun }) =>
          !testRun ? null : testRun.insights.length === 0 ? (
            <p class="muted">
              No insights: nothing in the metrics calls for attention{pollMs ? " so far" : ""}.
            </p>
          ) : (
            <ul class="insights">
              {testRun.insights.map((insight) => {
                const range = insightRange(insight, origin);
                const filter = describeFilter(insight.filter);
                const showable = range !== undefined || insight.metric !== null;
                return (
                  <li
                    key={insight.id}
                    class={`insight severity-${insight.severity.toLowerCase()}${focusedId === insight.id ? " focused" : ""}`}
                    data-insight={insight.id}
                  >
                    <div class="insight-head">
                      <span
                        class={`badge tone-${SEVERITY_TONE[insight.severity]}`}
                        data-severity={insight.severity}
                      >
                        {insight.severity.toLowerCase()}
                      </span>
                      <strong>{insight.title}</strong>
                    </div>
                    <p>{insight.explanation}</p>
                    <div class="insight-meta muted small">
                      <InsightRange insight={insight} origin={origin} />
                      {insight.metric && (
                        <>
                          {" · "}
                          <code>
                            {insight.metric}
                            {filter}
                          </code>
                        </>
                      )}
                    </div>
                    {showable && (
                      <button
                        type="button"
                        class="button secondary small"
                        aria-label={`Show series: ${insight.title}`}
                        onClick={() =>
                          onShow({
                            insightId: insight.id,
                            title: insight.title,
                            range,
                            metric: insight.metric,
                            filter: insight.filter,
                          })
                        }
                      >
                        Show series
                      </button>
                    )}
                  </li>
                );
              })}
            </ul>
          )
        }
      </QueryView>
    </Panel>
  );
}
