import { useState } from "preact/hooks";
import { type LoadZone, type Scope, useQuery } from "../graphql/index.js";
import { Empty, QueryView } from "../ui/index.js";
import { CreateZoneForm } from "./create-zone-form.js";
import { type RevealedToken, TokenReveal } from "./token-reveal.js";
import { ZoneCard } from "./zone-card.js";

const LOAD_ZONES = `query LoadZones {
  viewer { scopes }
  loadZones {
    id name provider builtIn vusPerAgent createdAt
    labels { name value }
    enrolmentToken { prefix createdAt }
    agents { id name state lastSeenAt version capacityVus enrolledAt revokedAt run { id } }
  }
}`;

interface LoadZonesData {
  viewer: { scopes: Scope[] };
  loadZones: LoadZone[];
}

/** Agents go OFFLINE after 15 s of silence: poll a little faster than that. */
const POLL_MS = 5000;

/**
 * The load zones the organization may name in `options.cloud.distribution`: the built-in ones and
 * its private zones, with their agents' states (refreshed every few seconds). With an ADMIN token:
 * create a private zone (its enrolment token and the `barrage agent` command shown once), make a
 * new token, revoke the token, revoke agents.
 */
export function ZonesPage() {
  const state = useQuery<LoadZonesData>(LOAD_ZONES, {}, { pollMs: POLL_MS });
  const [revealed, setRevealed] = useState<RevealedToken>();
  // A platform whose API predates load zones refuses the query itself: say so rather than fail.
  const unsupported = state.error?.code === "GRAPHQL_VALIDATION_FAILED" && !state.data;
  return (
    <main class="page">
      <header class="page-header">
        <div>
          <div class="eyebrow">Organization</div>
          <h1>Load zones</h1>
        </div>
      </header>
      <div class="stack" data-testid="zones-page">
        {unsupported ? (
          <section class="card">
            <Empty title="This platform's API has no load zones">
              <p>
                Runs use the built-in <code>local</code> zone, and <code>options.cloud.distribution</code>{" "}
                spreads a run across zones. Each run's page breaks its requests down per zone.
              </p>
              <p class="muted">{state.error?.message}</p>
            </Empty>
          </section>
        ) : (
          <QueryView state={state} what="the load zones">
            {({ viewer, loadZones }) => {
              const admin = viewer.scopes.includes("ADMIN");
              return (
                <>
                  {revealed && <TokenReveal revealed={revealed} onDone={() => setRevealed(undefined)} />}
                  {loadZones.map((zone) => (
                    <ZoneCard
                      key={zone.id}
                      zone={zone}
                      admin={admin}
                      onChanged={state.refetch}
                      onToken={setRevealed}
                    />
                  ))}
                  <section class="card" data-testid="create-zone">
                    <h2>New private zone</h2>
                    <p class="muted small">
                      Agents on the organization's own machines: in its data centre, next to a system not
                      reachable from outside. Each machine runs <code>barrage agent</code> and connects out to
                      the platform; nothing on its network accepts connections.
                    </p>
                    {admin ? (
                      <CreateZoneForm
                        onCreated={(next) => {
                          setRevealed(next);
                          state.refetch();
                          window.scrollTo({ top: 0, behavior: "smooth" });
                        }}
                      />
                    ) : (
                      <p class="muted">Creating zones and revoking tokens or agents needs an ADMIN token.</p>
                    )}
                  </section>
                </>
              );
            }}
          </QueryView>
        )}
      </div>
    </main>
  );
}
