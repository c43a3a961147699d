import {
  type LoadZone,
  type LoadZoneProvider,
  useMutation,
  type ZoneAgent,
  type ZoneAgentState,
} from "../graphql/index.js";
import { Link } from "../router/index.js";
import { ConfirmButton, ErrorMessage, formatAgo, formatInstant, formatNumber } from "../ui/index.js";
import type { RevealedToken } from "./token-reveal.js";

const REVOKE_AGENT = `mutation RevokeAgent($id: ID!) { revokeAgent(id: $id) { id state revokedAt } }`;
const REVOKE_TOKEN = `mutation RevokeEnrolmentToken($zoneId: ID!) {
  revokeEnrolmentToken(zoneId: $zoneId) { id enrolmentToken { prefix } }
}`;
const ROTATE_TOKEN = `mutation RotateEnrolmentToken($zoneId: ID!) {
  rotateEnrolmentToken(zoneId: $zoneId) { zone { id name } enrolmentToken }
}`;

const PROVIDER_TEXT: Record<LoadZoneProvider, string> = {
  LOCAL: "Agents run as processes on the platform's host, started for each run.",
  AWS: "EC2 instances the platform starts for each run and stops after it.",
  PRIVATE: "Agents the organization runs on its own machines with barrage agent.",
};

const STATE_TONE: Record<ZoneAgentState, string> = {
  IDLE: "good",
  BUSY: "active",
  OFFLINE: "neutral",
  REVOKED: "bad",
};

/** "2 agents: 1 idle, 1 busy" */
function agentCounts(agents: readonly ZoneAgent[]): string {
  if (agents.length === 0) return "no agents enrolled yet";
  const counts = new Map<ZoneAgentState, number>();
  for (const agent of agents) counts.set(agent.state, (counts.get(agent.state) ?? 0) + 1);
  const parts = (["IDLE", "BUSY", "OFFLINE", "REVOKED"] as const)
    .filter((state) => counts.has(state))
    .map((state) => `${counts.get(state)} ${state.toLowerCase()}`);
  return `${agents.length} ${agents.length === 1 ? "agent" : "agents"}: ${parts.join(", ")}`;
}

/** One agent's row: its state, when it was last heard from, its version and capacity, its run. */
function AgentRow({ agent, admin, onChanged }: { agent: ZoneAgent; admin: boolean; onChanged: () => void }) {
  const revoke = useMutation(REVOKE_AGENT);
  return (
    <tr data-agent={agent.name} data-state={agent.state}>
      <td>{agent.name}</td>
      <td>
        <span class={`badge tone-${STATE_TONE[agent.state]}`} data-agent-state={agent.state}>
          {agent.state.toLowerCase()}
        </span>
      </td>
      <td title={formatInstant(agent.lastSeenAt)}>{formatAgo(agent.lastSeenAt)}</td>
      <td>{agent.version ?? "–"}</td>
      <td class="num">{formatNumber(agent.capacityVus)}</td>
      <td>
        {agent.run ? (
          <Link to={{ page: "run", runId: agent.run.id }}>its run</Link>
        ) : (
          <span class="muted">–</span>
        )}
      </td>
      {admin && (
        <td>
          {agent.state === "REVOKED" ? (
            <span class="muted small">revoked {formatInstant(agent.revokedAt)}</span>
          ) : (
            <ConfirmButton
              label="Revoke"
              confirmLabel={`Revoke ${agent.name}`}
              busy={revoke.running}
              onConfirm={async () => {
                if (await revoke.run({ id: agent.id })) onChanged();
              }}
            />
          )}
          {revoke.error && <ErrorMessage error={revoke.error} title="Not revoked" />}
        </td>
      )}
    </tr>
  );
}

/**
 * A load zone: what runs its load generators, its labels and split, and for a private zone its
 * enrolment token in force and its agents with their state; with ADMIN, buttons to make a new
 * token, revoke the token and revoke agents.
 */
export function ZoneCard({
  zone,
  admin,
  onChanged,
  onToken,
}: {
  zone: LoadZone;
  admin: boolean;
  onChanged: () => void;
  onToken: (revealed: RevealedToken) => void;
}) {
  const revokeToken = useMutation(REVOKE_TOKEN);
  const rotate = useMutation<{ rotateEnrolmentToken: { zone: { name: string }; enrolmentToken: string } }>(
    ROTATE_TOKEN,
  );
  const isPrivate = zone.provider === "PRIVATE";
  const error = revokeToken.error ?? rotate.error;
  return (
    <section class="card zone" data-testid="zone" data-zone={zone.name}>
      <div class="card-header">
        <h2>
          {zone.name}{" "}
          <span class="badge tone-neutral" data-provider={zone.provider}>
            {zone.provider.toLowerCase()}
          </span>
          {zone.builtIn && <span class="badge tone-neutral">built in</span>}
        </h2>
        {admin && isPrivate && (
          <div class="row">
            <button
              type="button"
              class="button secondary small"
              disabled={rotate.running}
              onClick={async () => {
                const rotated = await rotate.run({ zoneId: zone.id });
                if (!rotated) return;
                onToken({
                  zoneName: rotated.rotateEnrolmentToken.zone.name,
                  token: rotated.rotateEnrolmentToken.enrolmentToken,
                });
                onChanged();
              }}
            >
              New token
            </button>
            {zone.enrolmentToken && (
              <ConfirmButton
                label="Revoke token"
                confirmLabel="Revoke the token: no new agents"
                busy={revokeToken.running}
                onConfirm={async () => {
                  if (await revokeToken.run({ zoneId: zone.id })) onChanged();
                }}
              />
            )}
          </div>
        )}
      </div>
      <p class="muted small">
        {PROVIDER_TEXT[zone.provider]} Runs are split into instances of at most{" "}
        {formatNumber(zone.vusPerAgent)} VUs, one per agent.
        {zone.labels.length > 0 && (
          <>
            {" "}
            Labels:{" "}
            {zone.labels.map((label) => (
              <code key={label.name} class="label-chip">
                {label.name}={label.value}
              </code>
            ))}
          </>
        )}
      </p>
      {error && <ErrorMessage error={error} />}
      {isPrivate && (
        <>
          <p class="small" data-testid="enrolment-token-info">
            {zone.enrolmentToken ? (
              <>
                Enrolment token <code>{zone.enrolmentToken.prefix}…</code> in force since{" "}
                {formatInstant(zone.enrolmentToken.createdAt)}.
              </>
            ) : (
              <>No enrolment token in force: no new agent can enrol until a new token is made.</>
            )}{" "}
            <span class="muted">{agentCounts(zone.agents)}.</span>
          </p>
          {zone.agents.length > 0 && (
            <div class="table-scroll">
              <table class="table" data-testid="zone-agents">
                <thead>
                  <tr>
                    <th>Agent</th>
                    <th>State</th>
                    <th>Last seen</th>
                    <th>Version</th>
                    <th class="num">Capacity (VUs)</th>
                    <th>Run</th>
                    {admin && <th />}
                  </tr>
                </thead>
                <tbody>
                  {zone.agents.map((agent) => (
                    <AgentRow key={agent.id} agent={agent} admin={admin} onChanged={onChanged} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
