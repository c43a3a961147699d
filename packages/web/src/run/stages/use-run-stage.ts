import { useEffect, useRef, useState } from "preact/hooks";
import type { RunStage, RunStatus } from "../../graphql/index.js";
import { useApi } from "../../graphql/index.js";
import { STAGES, type StageKey, stageKey } from "./stages.js";

const PROGRESS_FIELDS = "id status statusReason stage stageDetail";
const RUN_PROGRESS = `query RunProgress($id: ID!) { testRun(id: $id) { ${PROGRESS_FIELDS} } }`;
const RUN_STATUS = `subscription RunStatus($id: ID!) { testRunStatus(id: $id) { ${PROGRESS_FIELDS} } }`;

/** How often the stage is read while the run has not ended. */
export const STAGE_POLL_MS = 1500;

/** A run's status and stage, read together in one answer so that they always agree. */
export interface RunProgress {
  status: RunStatus;
  statusReason: string | null;
  stage: RunStage;
  stageDetail: string | null;
}

/** {@link RunProgress} as it stands, and what the page saw of the stages while it watched. */
export interface LiveStage {
  /** Undefined until the first answer. */
  progress: RunProgress | undefined;
  /** When the page saw each stage begin (this browser's clock), for the changes it watched. */
  seenAt: Partial<Record<StageKey, string>>;
  /** The last stage seen before ENDED. */
  lastSeen: StageKey | undefined;
}

const STATUS_ORDER: readonly RunStatus[] = ["CREATED", "VALIDATED", "QUEUED", "INITIALIZING", "RUNNING"];

/** Runs only move forward: orders answers so that a late one never takes the page back. */
function rank(progress: RunProgress): number {
  const key = stageKey(progress.stage);
  const stage = key === undefined ? STAGES.length : STAGES.indexOf(key);
  const status = STATUS_ORDER.indexOf(progress.status);
  return stage * 10 + (status < 0 ? 9 : status);
}

/**
 * A run's stage, live. The `testRunStatus` subscription carries the stage with each status change,
 * but the stage also changes within a status (allocating → starting while INITIALIZING, running →
 * finishing while RUNNING), which notifies nothing: so the stage is also read every
 * {@link STAGE_POLL_MS} until it is ENDED. Answers that would move the run backwards (a poll
 * answered after a newer update) are dropped.
 */
export function useRunStage(runId: string): LiveStage {
  const api = useApi();
  const [live, setLive] = useState<LiveStage>({ progress: undefined, seenAt: {}, lastSeen: undefined });
  const ended = useRef(false);

  useEffect(() => {
    ended.current = false;
    setLive({ progress: undefined, seenAt: {}, lastSeen: undefined });
    let stopped = false;
    const accept = (next: RunProgress) => {
      if (stopped) return;
      if (next.stage === "ENDED") ended.current = true;
      setLive((current) => {
        if (current.progress && rank(next) < rank(current.progress)) return current;
        const key = stageKey(next.stage);
        // Only a change the page watched dates a stage: one already under way when the page opened
        // began at some unknown earlier time.
        const watched =
          key !== undefined &&
          current.progress !== undefined &&
          stageKey(current.progress.stage) !== key &&
          !current.seenAt[key];
        const seenAt = watched ? { ...current.seenAt, [key]: new Date().toISOString() } : current.seenAt;
        return { progress: next, seenAt, lastSeen: key ?? current.lastSeen };
      });
    };

    const unsubscribe = api.subscriptions.subscribe<{ testRunStatus: RunProgress }>(
      RUN_STATUS,
      { id: runId },
      {
        next: ({ testRunStatus }) => accept(testRunStatus),
        // The poll goes on either way: the stage stays fresh without the subscription.
        error: () => {},
        complete: () => {},
      },
    );

    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const { testRun } = await api.client.request<{ testRun: RunProgress | null }>(
          RUN_PROGRESS,
          { id: runId },
          controller.signal,
        );
        if (testRun) accept(testRun);
        else ended.current = true; // No such run: nothing will change.
      } catch {
        // A failed read is retried at the next tick; the page shows the last stage it knew.
      }
      if (!stopped && !ended.current) timer = setTimeout(poll, STAGE_POLL_MS);
    };
    void poll();

    return () => {
      stopped = true;
      unsubscribe();
      controller.abort();
      if (timer) clearTimeout(timer);
    };
  }, [api, runId]);

  return live;
}
