import { useEffect, useRef, useState } from "preact/hooks";
import {
  type GraphQLRequestError,
  type MetricsUpdate,
  type RunStatus,
  type TimeSeries,
  useApi,
} from "../graphql/index.js";
import { CHART_METRICS } from "./chart-data.js";
import { type LiveSeries, mergeSeries } from "./merge-points.js";

const POINT_FIELDS = "metric points { time value p50 p95 p99 }";

/** The charted metrics of a run, whole, one alias per metric. */
const RUN_SERIES = `query RunSeries($id: ID!) {
  testRun(id: $id) {
    id
    ${CHART_METRICS.map((metric) => `${metric}: timeSeries(metric: "${metric}") { ${POINT_FIELDS} }`).join("\n    ")}
  }
}`;

const RUN_METRICS = `subscription RunMetrics($id: ID!) {
  testRunMetrics(id: $id) { series { ${POINT_FIELDS} } status }
}`;

/** Polls this often when the live subscription is not available. */
const FALLBACK_POLL_MS = 2000;

/** A run's chart data and how it is coming. */
export interface LiveMetrics {
  series: LiveSeries;
  /** The status the last live update carried. */
  liveStatus: RunStatus | undefined;
  /** The subscription is delivering. */
  streaming: boolean;
  loading: boolean;
  /** Why the data is missing or no longer live (the subscription or the query failed). */
  error: GraphQLRequestError | undefined;
}

/**
 * A run's charted metrics: the whole series from `timeSeries`, then, while `live`, the buckets
 * `testRunMetrics` pushes, merged by time (a bucket sent again replaces the earlier one). The query's
 * answer only fills gaps, since the stream's buckets are newer. When the stream completes (a final
 * status) the series are fetched once more, complete. Without the subscription it polls. No run
 * (undefined), no data: for an optional comparison.
 */
export function useLiveMetrics(runId: string | undefined, live: boolean): LiveMetrics {
  const api = useApi();
  const [series, setSeries] = useState<LiveSeries>({});
  const [liveStatus, setLiveStatus] = useState<RunStatus>();
  const [streaming, setStreaming] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<GraphQLRequestError>();
  const [fallback, setFallback] = useState(false);
  const [completed, setCompleted] = useState(0);
  const current = useRef(runId);
  current.current = runId;

  // A new run: start over.
  useEffect(() => {
    setSeries({});
    setLoading(runId !== undefined);
    setError(undefined);
    setFallback(false);
  }, [runId]);

  // The whole series: at first, after the stream ends, and as polling when there is no stream.
  useEffect(() => {
    if (!runId) return;
    const controller = new AbortController();
    const load = (keepExisting: boolean) =>
      api.client
        .request<{ testRun: Record<string, TimeSeries> | null }>(RUN_SERIES, { id: runId }, controller.signal)
        .then(
          ({ testRun }) => {
            if (current.current !== runId || !testRun) return;
            const loaded = CHART_METRICS.map((metric) => testRun[metric]).filter((s): s is TimeSeries => !!s);
            setSeries((s) => mergeSeries(s, loaded, { keepExisting }));
            setLoading(false);
          },
          (caught: GraphQLRequestError) => {
            if (controller.signal.aborted) return;
            setError(caught);
            setLoading(false);
          },
        );
    // While the stream runs its buckets are newer than the query's; once it ended, the query's are complete.
    void load(live && completed === 0);
    const timer = live && fallback ? setInterval(() => void load(false), FALLBACK_POLL_MS) : undefined;
    return () => {
      controller.abort();
      if (timer) clearInterval(timer);
    };
  }, [api, runId, live, fallback, completed]);

  useEffect(() => {
    if (!live || !runId) return;
    const stop = api.subscriptions.subscribe<{ testRunMetrics: MetricsUpdate }>(
      RUN_METRICS,
      { id: runId },
      {
        next: ({ testRunMetrics }) => {
          setStreaming(true);
          setLiveStatus(testRunMetrics.status);
          setSeries((s) => mergeSeries(s, testRunMetrics.series));
        },
        error: (caught) => {
          setStreaming(false);
          setError(caught);
          setFallback(true);
        },
        complete: () => {
          setStreaming(false);
          setCompleted((n) => n + 1);
        },
      },
    );
    return () => {
      stop();
      setStreaming(false);
    };
  }, [api, runId, live]);

  return { series, liveStatus, streaming, loading, error };
}
