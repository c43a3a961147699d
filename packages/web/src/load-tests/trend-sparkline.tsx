import { Sparkline } from "../charts/index.js";
import { type ComparisonFigure, useQuery } from "../graphql/index.js";
import { formatFigure } from "../ui/index.js";

const TREND = `query Trend($id: ID!, $figure: ComparisonFigure!, $last: Int!) {
  loadTest(id: $id) { id trend(figure: $figure, last: $last) { value run { id } } }
}`;

interface TrendData {
  loadTest: { id: string; trend: { value: number | null; run: { id: string } }[] } | null;
}

/** A test's p95 (or another figure) over its last finished runs, oldest first. */
export function TrendSparkline({
  loadTestId,
  figure = "P95",
  last = 20,
  width,
  height,
  summary = false,
}: {
  loadTestId: string;
  figure?: ComparisonFigure;
  last?: number;
  width?: number;
  height?: number;
  /** Say the latest, best and worst values beside the line. */
  summary?: boolean;
}) {
  const state = useQuery<TrendData>(TREND, { id: loadTestId, figure, last });
  if (state.error)
    return (
      <span class="muted small" title={state.error.message}>
        no trend
      </span>
    );
  const trend = state.data?.loadTest?.trend;
  if (!trend) return <span class="muted small">…</span>;
  if (trend.length === 0) return <span class="muted small">no finished runs</span>;
  const values = trend.map((p) => p.value);
  const known = values.filter((v): v is number => v != null);
  const latest = values[values.length - 1];
  const label = `${figure} over the last ${trend.length} runs, latest ${formatFigure(figure, latest)}`;
  const line = (
    <Sparkline values={values} label={label} {...(width ? { width } : {})} {...(height ? { height } : {})} />
  );
  if (!summary) return line;
  return (
    <div class="trend">
      {line}
      <span class="muted small">
        {trend.length} finished {trend.length === 1 ? "run" : "runs"}, latest {formatFigure(figure, latest)}
        {known.length > 1 &&
          `, lowest ${formatFigure(figure, Math.min(...known))}, highest ${formatFigure(figure, Math.max(...known))}`}
      </span>
    </div>
  );
}
