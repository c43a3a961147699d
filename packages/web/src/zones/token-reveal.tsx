import { useState } from "preact/hooks";
import {
  agentPortUrl,
  DEFAULT_AGENT_PORT,
  enrolCommand,
  enrolCommandWithEnv,
  rememberAgentPortUrl,
} from "./agent-command.js";

/** A zone's enrolment token as `createPrivateLoadZone` or `rotateEnrolmentToken` answered it. */
export interface RevealedToken {
  zoneName: string;
  token: string;
}

/**
 * A new enrolment token, shown this once (the platform keeps only its hash), with the command to
 * run on each machine of the zone. The agent port URL is editable: the API does not say where the
 * agent port is, so the page's guess may need correcting.
 */
export function TokenReveal({ revealed, onDone }: { revealed: RevealedToken; onDone: () => void }) {
  const [apiUrl, setApiUrl] = useState(() => agentPortUrl(localStorage, location.href));
  const [copied, setCopied] = useState(false);
  const command = enrolCommand({ zone: revealed.zoneName, token: revealed.token, apiUrl });
  return (
    <section class="card token-reveal" data-testid="enrolment-token" aria-live="polite">
      <h2>Enrol agents in “{revealed.zoneName}”</h2>
      <p>
        <strong>Copy the token now: it is shown only this once.</strong> The platform keeps only its hash; if
        it is lost, make a new one with “New token”.
      </p>
      <label>
        Enrolment token
        <input
          name="enrolment-token"
          value={revealed.token}
          readOnly
          onFocus={(e) => e.currentTarget.select()}
        />
      </label>
      <label>
        <span class="label-text">
          The platform's agent port (<code>AGENT_PORT</code>, default {DEFAULT_AGENT_PORT}), as the machines
          reach it
        </span>
        <input
          name="agent-port-url"
          value={apiUrl}
          onInput={(e) => {
            setApiUrl(e.currentTarget.value);
            rememberAgentPortUrl(localStorage, e.currentTarget.value);
          }}
        />
      </label>
      <div>
        On each machine of the zone, run:
        <pre class="command" data-testid="agent-command">
          {command}
        </pre>
      </div>
      <div class="row">
        <button
          type="button"
          class="button secondary small"
          onClick={async () => {
            await navigator.clipboard?.writeText(command).catch(() => {});
            setCopied(true);
          }}
        >
          {copied ? "Copied" : "Copy the command"}
        </button>
        <button type="button" class="button small" onClick={onDone}>
          Done: forget the token
        </button>
      </div>
      <p class="muted small">
        A command line is visible to every user of the machine; to keep the token out of it, run{" "}
        <code>{enrolCommandWithEnv({ zone: revealed.zoneName, token: "brz_...", apiUrl })}</code> with the
        token in <code>BARRAGE_ENROLMENT_TOKEN</code>.
      </p>
    </section>
  );
}
