import { Empty } from "../ui/index.js";

/**
 * The organization's private load zones and the state of their agents.
 *
 * The GraphQL API has no load-zone queries yet (the SDL in packages/api/src/graphql/schema.graphql
 * has none), and the app uses only that API, so this page says so instead of guessing fields.
 * When the API gains them, this page queries them here: the zones of the organization, and per
 * zone its agents with their state and last heartbeat.
 */
export function ZonesPage() {
  return (
    <main class="page">
      <header class="page-header">
        <div>
          <div class="eyebrow">Organization</div>
          <h1>Load zones</h1>
        </div>
      </header>
      <section class="card" data-testid="zones-page">
        <Empty title="Load zones are not in the API yet">
          <p>
            Runs use the built-in <code>local</code> zone, and <code>options.cloud.distribution</code> spreads
            a run across zones. Each run's page breaks its requests down per zone.
          </p>
          <p class="muted">
            The organization's private zones and their agents will be listed here once the GraphQL API offers
            them.
          </p>
        </Empty>
      </section>
    </main>
  );
}
