import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { ScriptEditor, scriptErrors } from "../editor/index.js";
import { type EnvVariable, type RunStatus, useApi, useMutation } from "../graphql/index.js";
import { Link, navigate } from "../router/index.js";
import { ErrorMessage, formatInstant } from "../ui/index.js";
import { clearDraft, formatEnv, initialEnv, loadDraft, parseEnv, saveDraft } from "./drafts.js";

const SAVE_SCRIPT = `mutation SaveScript($input: SaveScriptInput!) {
  saveScript(input: $input) { id version createdAt }
}`;

const CREATE_RUN = `mutation CreateRun($input: CreateTestRunInput!) {
  createTestRun(input: $input) { id status loadTest { id } }
}`;

const RUN_STATUS = `subscription RunValidation($id: ID!) { testRunStatus(id: $id) { id status statusReason } }`;

/** The entry script's name, as errors name it (the API's default). */
const SCRIPT_NAME = "script.js";

/** A starting point for a new test. */
export const STARTER_SCRIPT = `import http from "k6/http";
import { check, sleep } from "k6";

const BASE_URL = __ENV.BASE_URL || "http://127.0.0.1:3000";

export const options = {
  vus: 5,
  duration: "30s",
  thresholds: { http_req_duration: ["p(95)<500"], checks: ["rate==1"] },
};

export default async function () {
  const res = await http.get(\`\${BASE_URL}/\`);
  check(res, { "status is 200": (r) => r.status === 200 });
  await sleep(1);
}
`;

type Phase =
  | { kind: "editing" }
  | { kind: "validating"; runId: string }
  | { kind: "invalid"; runId: string; reason: string; status: RunStatus };

/** What "Save" stored. */
export interface SavedScript {
  loadTestName: string;
  version: number;
  createdAt: string;
}

/**
 * Writing a test: the script editor, its environment, "Save" (`saveScript`: a new script version
 * of the test, without a run) and "Save and run" (`createTestRun`). After "Save and run" it waits
 * for validation: a script error stays here, at its line in the editor; a valid script goes on to
 * the run's page.
 */
export function ScriptWorkbench({
  projectId,
  loadTestName,
  script,
  env = [],
  envRunAt,
  nameEditable = false,
  onSaved,
}: {
  projectId: string;
  loadTestName: string;
  /** The test's latest script version, or the starter. */
  script: string;
  /** The environment of the test's last run. */
  env?: readonly EnvVariable[];
  /** When that run was created: an environment saved in this browser after it is newer. */
  envRunAt?: string | undefined;
  nameEditable?: boolean;
  onSaved?: (saved: SavedScript) => void;
}) {
  const api = useApi();
  const [name, setName] = useState(loadTestName);
  const draft = useMemo(() => loadDraft(localStorage, projectId, loadTestName), [projectId, loadTestName]);
  const [source, setSource] = useState(script);
  const [envText, setEnvText] = useState(() => formatEnv(initialEnv(draft, env, envRunAt)));
  const [note, setNote] = useState("");
  // The script as last stored on the platform, to tell unsaved edits.
  const [storedSource, setStoredSource] = useState(nameEditable ? undefined : script);
  const [saved, setSaved] = useState<SavedScript>();
  const [phase, setPhase] = useState<Phase>({ kind: "editing" });
  const saveScript = useMutation<{ saveScript: { id: string; version: number; createdAt: string } }>(
    SAVE_SCRIPT,
  );
  const create = useMutation<{ createTestRun: { id: string; status: RunStatus; loadTest: { id: string } } }>(
    CREATE_RUN,
  );
  const stopWatching = useRef<(() => void) | undefined>(undefined);
  useEffect(() => () => stopWatching.current?.(), []);

  const parsedEnv = parseEnv(envText);
  const errors = phase.kind === "invalid" ? scriptErrors(phase.reason, SCRIPT_NAME) : [];
  const testName = name.trim();

  const save = async () => {
    const submitted = source;
    const answer = await saveScript.run({
      input: { projectId, loadTestName: testName, script: submitted },
    });
    if (!answer) return;
    saveDraft(localStorage, projectId, testName, {
      env: parsedEnv.env,
      savedAt: new Date().toISOString(),
    });
    const stored = { loadTestName: testName, ...answer.saveScript };
    setStoredSource(submitted);
    setSaved(stored);
    onSaved?.(stored);
  };

  const saveAndRun = async () => {
    const created = await create.run({
      input: {
        projectId,
        loadTestName: testName,
        script: source,
        env: parsedEnv.env,
        ...(note.trim() ? { note: note.trim() } : {}),
      },
    });
    if (!created) return;
    clearDraft(localStorage, projectId, testName);
    setStoredSource(source);
    const runId = created.createTestRun.id;
    setPhase({ kind: "validating", runId });
    stopWatching.current?.();
    stopWatching.current = api.subscriptions.subscribe<{
      testRunStatus: { status: RunStatus; statusReason: string | null };
    }>(
      RUN_STATUS,
      { id: runId },
      {
        next: ({ testRunStatus: run }) => {
          if (run.status === "CREATED") return;
          stopWatching.current?.();
          if (run.status === "ABORTED_BY_SCRIPT_ERROR")
            setPhase({ kind: "invalid", runId, reason: run.statusReason ?? "", status: run.status });
          else navigate({ page: "run", runId });
        },
        // The run exists either way: its page tells the rest.
        error: () => navigate({ page: "run", runId }),
        complete: () => {},
      },
    );
  };

  const busy = create.running || saveScript.running || phase.kind === "validating";
  const canSave = testName !== "" && source.trim() !== "" && !busy;
  const canRun = canSave && parsedEnv.problems.length === 0;
  const unsaved = storedSource !== undefined && source !== storedSource;

  return (
    <div class="workbench">
      {nameEditable && (
        <label>
          Load test name
          <input
            name="load-test-name"
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
            required
          />
        </label>
      )}
      <ScriptEditor initialValue={source} onChange={setSource} errors={errors} label="Test script" />
      {phase.kind === "invalid" && (
        <div class="state state-error" role="alert" data-testid="validation-errors">
          <strong>The script did not validate</strong>
          {errors.length > 0 ? (
            <ul>
              {errors.map((e) => (
                <li key={`${e.line}:${e.column}`}>
                  Line {e.line}, column {e.column}: {e.message}
                </li>
              ))}
            </ul>
          ) : (
            <pre class="reason">{phase.reason}</pre>
          )}
          <Link to={{ page: "run", runId: phase.runId }}>See the run</Link>
        </div>
      )}
      <div class="workbench-fields">
        <label>
          <span class="label-text">
            Environment (<code>__ENV</code>), one <code>NAME=value</code> a line
          </span>
          <textarea
            name="env"
            rows={3}
            spellcheck={false}
            value={envText}
            onInput={(e) => setEnvText(e.currentTarget.value)}
            placeholder="BASE_URL=http://127.0.0.1:3000"
          />
        </label>
        {parsedEnv.problems.length > 0 && <div class="field-problem">{parsedEnv.problems.join("; ")}</div>}
        <label>
          Note for the run
          <input
            name="note"
            value={note}
            onInput={(e) => setNote(e.currentTarget.value)}
            placeholder="optional"
          />
        </label>
      </div>
      {saveScript.error && <ErrorMessage error={saveScript.error} title="The script was not saved" />}
      {create.error && <ErrorMessage error={create.error} title="The run was not created" />}
      <div class="row">
        <button type="button" class="button secondary" onClick={save} disabled={!canSave}>
          {saveScript.running ? "Saving…" : "Save"}
        </button>
        <button type="button" class="button" onClick={saveAndRun} disabled={!canRun}>
          {phase.kind === "validating" ? "Validating…" : create.running ? "Starting…" : "Save and run"}
        </button>
        <span class="muted small" role="status" data-testid="save-status">
          {saved && !unsaved
            ? `Saved as version ${saved.version} at ${formatInstant(saved.createdAt)}.`
            : unsaved
              ? "Unsaved changes."
              : ""}
        </span>
      </div>
    </div>
  );
}
