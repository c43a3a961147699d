import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { ScriptEditor, scriptErrors } from "../editor/index.js";
import {
  type Connection,
  isFinal,
  type RunEvent,
  type RunResult,
  type RunStage,
  type RunStats,
  type RunStatus,
  useMutation,
  useQuery,
} from "../graphql/index.js";
import { originOf, useLiveMetrics } from "../live/index.js";
import { Link } from "../router/index.js";
import {
  Empty,
  ErrorMessage,
  elapsedMs,
  formatDuration,
  formatInstant,
  formatMs,
  formatNumber,
  formatPercent,
  QueryView,
  ResultBadge,
  StatusBadge,
} from "../ui/index.js";
import { type CompareTarget, ComparisonTable, useComparison } from "./comparison.js";
import { type InsightFocus, InsightSeries, InsightsPanel } from "./insights/index.js";
import { SummaryPanel, ThresholdsPanel, UrlsPanel, ZonesPanel } from "./panels.js";
import { type ChartBase, RangePercentiles, RunCharts } from "./run-charts.js";
import { type LiveStage, RunStages, runStages, useRunStage } from "./stages/index.js";

const RUN = `query Run($id: ID!) {
  testRun(id: $id) {
    id status statusReason stage stageDetail result note tags createdAt startedAt endedAt
    loadTest { id name project { id name } baseline { id } runs(first: 20) { edges { node { id createdAt status } } } }
    scriptVersion { id version }
    events { status reason at }
    stats { vusMax durationMs httpRequests httpRequestRate httpFailureRate httpP95Ms }
  }
}`;

interface RunData {
  id: string;
  status: RunStatus;
  statusReason: string | null;
  stage: RunStage;
  stageDetail: string | null;
  result: RunResult | null;
  note: string | null;
  tags: string[];
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  loadTest: {
    id: string;
    name: string;
    project: { id: string; name: string };
    baseline: { id: string } | null;
    runs: Connection<{ id: string; createdAt: string; status: RunStatus }>;
  };
  scriptVersion: { id: string; version: number };
  events: RunEvent[];
  stats: RunStats | null;
}

/** Panels poll this often while the run goes on. */
const PANEL_POLL_MS = 5000;

/**
 * A run, live while it runs: its stages, charts from the `testRunMetrics` subscription, thresholds
 * and checks, insights, per-URL and per-zone tables, a stop button; comparison with the previous
 * run, the baseline or any run of the test; the baseline and the note.
 */
export function RunPage({ runId }: { runId: string }) {
  const state = useQuery<{ testRun: RunData | null }>(RUN, { id: runId });
  const liveStage = useRunStage(runId);
  const run = state.data?.testRun;
  // Status and stage come from the freshest answer: the stage's subscription and poll, then the run.
  const status = liveStage.progress?.status ?? run?.status;
  const live = status !== undefined && !isFinal(status);
  const { refetch } = state;

  // The run is read again on each status change (events, stats, result).
  const runStatus = run?.status;
  useEffect(() => {
    if (status && runStatus && status !== runStatus) refetch();
  }, [status, runStatus, refetch]);
  // Headline figures move while the run goes on.
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(refetch, PANEL_POLL_MS);
    return () => clearInterval(timer);
  }, [live, refetch]);

  return (
    <main class="page run-page">
      <QueryView state={state} what="the run">
        {({ testRun }) =>
          testRun ? (
            <RunView
              run={testRun}
              status={status ?? testRun.status}
              live={live}
              liveStage={liveStage}
              onChanged={refetch}
            />
          ) : (
            <Empty title="No such run">It does not exist, or belongs to another organization.</Empty>
          )
        }
      </QueryView>
    </main>
  );
}

function RunView({
  run,
  status,
  live,
  liveStage,
  onChanged,
}: {
  run: RunData;
  status: RunStatus;
  live: boolean;
  liveStage: LiveStage;
  onChanged: () => void;
}) {
  const metrics = useLiveMetrics(run.id, live);
  const [zoom, setZoom] = useState<readonly [number, number] | null>(null);
  const [target, setTarget] = useState<CompareTarget>({ kind: "none" });
  const [focus, setFocus] = useState<InsightFocus | null>(null);
  const chartsCard = useRef<HTMLElement>(null);
  const comparison = useComparison(run.id, target, status);
  const base = target.kind === "none" ? undefined : (comparison.data ?? undefined)?.base;
  const baseMetrics = useLiveMetrics(base?.id, false);

  const origin = originOf(run.startedAt, metrics.series);
  const chartBase = useMemo<ChartBase | undefined>(
    () =>
      base
        ? { series: baseMetrics.series, origin: originOf(base.startedAt, baseMetrics.series), label: "base" }
        : undefined,
    [base, baseMetrics.series],
  );
  // The stage and status of one answer together; the run's own until the live ones arrive.
  const progress = liveStage.progress ?? run;
  const stages = runStages({
    status: progress.status,
    stage: progress.stage,
    stageDetail: progress.stageDetail,
    events: run.events,
    statusReason: progress.statusReason,
    endedAt: run.endedAt,
    seenAt: liveStage.seenAt,
    lastSeen: liveStage.lastSeen,
  });
  const showInsight = (next: InsightFocus) => {
    if (next.range) setZoom(next.range);
    setFocus(next);
    chartsCard.current?.scrollIntoView({ behavior: "smooth", block: "start" });
  };
  const pollMs = live ? PANEL_POLL_MS : undefined;
  const errors = status === "ABORTED_BY_SCRIPT_ERROR" ? scriptErrors(run.statusReason) : [];

  return (
    <>
      <header class="page-header">
        <div>
          <div class="eyebrow">
            <Link to={{ page: "project", projectId: run.loadTest.project.id }}>
              {run.loadTest.project.name}
            </Link>{" "}
            /{" "}
            <Link to={{ page: "load-test", loadTestId: run.loadTest.id, tab: "runs" }}>
              {run.loadTest.name}
            </Link>{" "}
            /
          </div>
          <h1>
            Run of {formatInstant(run.createdAt)} <StatusBadge status={status} />{" "}
            {run.result && <ResultBadge result={run.result} />}
            {run.loadTest.baseline?.id === run.id && <span class="badge tone-neutral">baseline</span>}
          </h1>
          <div class="muted small">
            Script version {run.scriptVersion.version}
            {run.startedAt && ` · started ${formatInstant(run.startedAt)}`}
            {run.endedAt && ` · ended ${formatInstant(run.endedAt)}`}
            {run.tags.length > 0 && ` · tags: ${run.tags.join(", ")}`}
          </div>
        </div>
        <div class="row">
          {live && <StopButton runId={run.id} onStopped={onChanged} />}
          <BaselineButton run={run} status={status} onChanged={onChanged} />
        </div>
      </header>

      <RunStages stages={stages} status={progress.status} />

      <StatsStrip stats={run.stats} live={live} startedAt={run.startedAt} endedAt={run.endedAt} />

      <NoteEditor runId={run.id} note={run.note} onSaved={onChanged} />

      <section class="card charts-card" data-testid="charts" ref={chartsCard}>
        <div class="card-header">
          <h2>Metrics</h2>
          <CompareSelect run={run} target={target} onChange={setTarget} />
        </div>
        <RunCharts metrics={metrics} origin={origin} base={chartBase} zoom={zoom} onZoom={setZoom} />
        {focus?.metric && (
          <InsightSeries
            key={focus.insightId}
            runId={run.id}
            focus={focus}
            metric={focus.metric}
            origin={origin}
            zoom={zoom}
            onZoom={setZoom}
            pollMs={live ? PANEL_POLL_MS : undefined}
            statusKey={status}
            onClose={() => setFocus(null)}
          />
        )}
        {zoom && origin !== undefined && <RangePercentiles runId={run.id} origin={origin} zoom={zoom} />}
      </section>

      {target.kind !== "none" && (
        <section class="card" data-testid="comparison">
          <h2>Differences</h2>
          <ComparisonTable state={comparison} />
        </section>
      )}

      {errors.length > 0 && (
        <section class="card">
          <h2>Script</h2>
          <RunScript runId={run.id} errors={errors} />
        </section>
      )}

      <div class="panels">
        <ThresholdsPanel runId={run.id} pollMs={pollMs} statusKey={status} />
        <InsightsPanel
          runId={run.id}
          pollMs={pollMs}
          statusKey={status}
          origin={origin}
          focusedId={focus?.insightId}
          onShow={showInsight}
        />
        <UrlsPanel runId={run.id} pollMs={pollMs} statusKey={status} />
        <ZonesPanel runId={run.id} pollMs={pollMs} statusKey={status} />
      </div>
      <SummaryPanel runId={run.id} statusKey={status} />
    </>
  );
}

function StatsStrip({
  stats,
  live,
  startedAt,
  endedAt,
}: {
  stats: RunStats | null;
  live: boolean;
  startedAt: string | null;
  endedAt: string | null;
}) {
  const duration = stats?.durationMs ?? elapsedMs(startedAt, endedAt);
  const figures: [string, string][] = [
    ["Duration", formatDuration(duration)],
    ["Max VUs", formatNumber(stats?.vusMax)],
    ["Requests", formatNumber(stats?.httpRequests)],
    ["Request rate", stats ? `${formatNumber(stats.httpRequestRate, 1)}/s` : "–"],
    ["Failures", formatPercent(stats?.httpFailureRate)],
    ["p95", formatMs(stats?.httpP95Ms)],
  ];
  return (
    <dl
      class="stats"
      data-testid="stats"
      title={live ? "Updated every few seconds while the run goes on" : undefined}
    >
      {figures.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

const STOP = `mutation Stop($id: ID!) { stopTestRun(id: $id) { id status } }`;

function StopButton({ runId, onStopped }: { runId: string; onStopped: () => void }) {
  const stop = useMutation<{ stopTestRun: { id: string; status: RunStatus } }>(STOP);
  return (
    <>
      <button
        type="button"
        class="button danger"
        disabled={stop.running}
        onClick={async () => {
          if (await stop.run({ id: runId })) onStopped();
        }}
      >
        {stop.running ? "Stopping…" : "Stop run"}
      </button>
      {stop.error && <ErrorMessage error={stop.error} title="Not stopped" />}
    </>
  );
}

const SET_BASELINE = `mutation SetBaseline($id: ID!) { setBaseline(runId: $id) { id baseline { id } } }`;
const CLEAR_BASELINE = `mutation ClearBaseline($id: ID!) { clearBaseline(loadTestId: $id) { id baseline { id } } }`;

function BaselineButton({
  run,
  status,
  onChanged,
}: {
  run: RunData;
  status: RunStatus;
  onChanged: () => void;
}) {
  const set = useMutation(SET_BASELINE);
  const clear = useMutation(CLEAR_BASELINE);
  if (status !== "FINISHED") return null;
  const isBaseline = run.loadTest.baseline?.id === run.id;
  const error = set.error ?? clear.error;
  return (
    <>
      {isBaseline ? (
        <button
          type="button"
          class="button secondary"
          disabled={clear.running}
          onClick={async () => {
            if (await clear.run({ id: run.loadTest.id })) onChanged();
          }}
        >
          Clear baseline
        </button>
      ) : (
        <button
          type="button"
          class="button secondary"
          disabled={set.running}
          onClick={async () => {
            if (await set.run({ id: run.id })) onChanged();
          }}
        >
          Set as baseline
        </button>
      )}
      {error && <ErrorMessage error={error} />}
    </>
  );
}

function CompareSelect({
  run,
  target,
  onChange,
}: {
  run: RunData;
  target: CompareTarget;
  onChange: (t: CompareTarget) => void;
}) {
  const others = run.loadTest.runs.edges.map((e) => e.node).filter((r) => r.id !== run.id);
  const value = target.kind === "run" ? `run:${target.runId}` : target.kind;
  return (
    <label class="inline">
      Compare with
      <select
        name="compare"
        value={value}
        onChange={(e) => {
          const v = e.currentTarget.value;
          onChange(
            v.startsWith("run:") ? { kind: "run", runId: v.slice(4) } : ({ kind: v } as CompareTarget),
          );
        }}
      >
        <option value="none">nothing</option>
        <option value="PREVIOUS">the previous run</option>
        <option value="BASELINE" disabled={!run.loadTest.baseline}>
          the baseline{run.loadTest.baseline ? "" : " (none set)"}
        </option>
        {others.map((r) => (
          <option key={r.id} value={`run:${r.id}`}>
            the run of {formatInstant(r.createdAt)}
          </option>
        ))}
      </select>
    </label>
  );
}

const SET_NOTE = `mutation SetNote($id: ID!, $note: String) { setRunNote(id: $id, note: $note) { id note } }`;

function NoteEditor({ runId, note, onSaved }: { runId: string; note: string | null; onSaved: () => void }) {
  const [text, setText] = useState(note ?? "");
  const save = useMutation(SET_NOTE);
  useEffect(() => setText(note ?? ""), [note]);
  const changed = text.trim() !== (note ?? "");
  return (
    <form
      class="note"
      onSubmit={async (event) => {
        event.preventDefault();
        if (await save.run({ id: runId, note: text.trim() || null })) onSaved();
      }}
    >
      <label>
        Note
        <input
          name="run-note"
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
          placeholder="What this run tried"
        />
      </label>
      <button type="submit" class="button secondary small" disabled={!changed || save.running}>
        Save note
      </button>
      {save.error && <ErrorMessage error={save.error} />}
    </form>
  );
}

const RUN_SCRIPT = `query RunScript($id: ID!) { testRun(id: $id) { id scriptVersion { id script } } }`;

/** The script the run ran, read-only, with its errors at their line. */
function RunScript({ runId, errors }: { runId: string; errors: ReturnType<typeof scriptErrors> }) {
  const state = useQuery<{ testRun: { scriptVersion: { script: string } } | null }>(RUN_SCRIPT, {
    id: runId,
  });
  return (
    <QueryView state={state} what="the script">
      {({ testRun }) => (
        <ScriptEditor
          initialValue={testRun?.scriptVersion.script ?? ""}
          errors={errors}
          readOnly
          label="The run's script"
        />
      )}
    </QueryView>
  );
}
