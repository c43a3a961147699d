import { useState } from "preact/hooks";
import { useMutation } from "../graphql/index.js";
import { ErrorMessage } from "../ui/index.js";
import type { RevealedToken } from "./token-reveal.js";
import { parseLabels } from "./zone-input.js";

const CREATE_ZONE = `mutation CreatePrivateLoadZone($input: CreatePrivateLoadZoneInput!) {
  createPrivateLoadZone(input: $input) { zone { id name } enrolmentToken }
}`;

/** A sensible first split: one agent per 100 VUs. */
const DEFAULT_VUS_PER_AGENT = 100;

/**
 * Registers a private load zone (ADMIN): its name, labels and VUs per agent. The answer's enrolment
 * token goes to `onCreated`, to be shown once.
 */
export function CreateZoneForm({ onCreated }: { onCreated: (revealed: RevealedToken) => void }) {
  const [name, setName] = useState("");
  const [labelsText, setLabelsText] = useState("");
  const [vusPerAgent, setVusPerAgent] = useState(String(DEFAULT_VUS_PER_AGENT));
  const create = useMutation<{ createPrivateLoadZone: { zone: { name: string }; enrolmentToken: string } }>(
    CREATE_ZONE,
  );
  const { labels, problems } = parseLabels(labelsText);
  const vus = Number(vusPerAgent);
  const canCreate = name.trim() !== "" && Number.isInteger(vus) && vus > 0 && problems.length === 0;
  return (
    <form
      class="zone-form"
      onSubmit={async (event) => {
        event.preventDefault();
        if (!canCreate) return;
        const created = await create.run({ input: { name: name.trim(), labels, vusPerAgent: vus } });
        if (!created) return;
        onCreated({
          zoneName: created.createPrivateLoadZone.zone.name,
          token: created.createPrivateLoadZone.enrolmentToken,
        });
        setName("");
        setLabelsText("");
      }}
    >
      <div class="zone-form-fields">
        <label>
          Zone name
          <input
            name="zone-name"
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
            placeholder="office"
            maxLength={63}
            title="1 to 63 letters, digits and . _ : -"
            required
          />
        </label>
        <label>
          VUs per agent
          <input
            name="vus-per-agent"
            type="number"
            min={1}
            max={100000}
            value={vusPerAgent}
            onInput={(e) => setVusPerAgent(e.currentTarget.value)}
            required
          />
        </label>
        <label>
          <span class="label-text">
            Labels, <code>name=value</code> separated by commas
          </span>
          <input
            name="zone-labels"
            value={labelsText}
            onInput={(e) => setLabelsText(e.currentTarget.value)}
            placeholder="site=berlin, rack=b2"
          />
        </label>
      </div>
      {problems.length > 0 && <div class="field-problem">{problems.join("; ")}</div>}
      {create.error && <ErrorMessage error={create.error} title="The zone was not created" />}
      <div class="row">
        <button type="submit" class="button" disabled={!canCreate || create.running}>
          {create.running ? "Creating…" : "Create private zone"}
        </button>
        <span class="muted small">
          A run uses it when its script names it in <code>options.cloud.distribution</code>.
        </span>
      </div>
    </form>
  );
}
