import { type Client, createClient } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { transitionRun } from "../runs/status.js";
import { startTestApi, type TestApi } from "../server/test-api.test-helpers.js";
import { type SeededOrganization, seedOrganization, seedRun } from "../test-fixtures.test-helpers.js";
import { toGlobalId } from "./global-id.js";

let api: TestApi;
let acme: SeededOrganization;
let other: SeededOrganization;
const clients: Client[] = [];

beforeAll(async () => {
  api = await startTestApi();
  acme = await seedOrganization(api.db, "acme");
  other = await seedOrganization(api.db, "other");
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  await api.close();
});

function connect(token: string | null, onClose?: (event: { code: number; reason: string }) => void): Client {
  const client = createClient({
    url: api.server.url.replace(/^http/, "ws"),
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: false,
    on: { closed: (event) => onClose?.(event as { code: number; reason: string }) },
  });
  clients.push(client);
  return client;
}

const STATUS = "subscription ($id: ID!) { testRunStatus(id: $id) { id status statusReason } }";

/** What an operation sent until it completed or failed. */
interface Collected {
  data: Record<string, unknown>[];
  errors: unknown[];
  done: Promise<void>;
}

/** Runs an operation over the socket, collecting what it sends. */
function collect(client: Client, query: string, variables: Record<string, unknown> = {}): Collected {
  const collected: Omit<Collected, "done"> = { data: [], errors: [] };
  const done = new Promise<void>((resolve) => {
    client.subscribe(
      { query, variables },
      {
        next: (result) => {
          if (result.data) collected.data.push(result.data);
          if (result.errors) collected.errors.push(...result.errors);
        },
        error: (error) => {
          collected.errors.push(...(Array.isArray(error) ? error : [error]));
          resolve();
        },
        complete: resolve,
      },
    );
  });
  return { ...collected, done };
}

/** Follows a run's statuses; `statuses()` reads what arrived so far. */
function follow(client: Client, id: string) {
  const stream = collect(client, STATUS, { id });
  const statuses = () => stream.data.map((data) => (data.testRunStatus as { status: string }).status);
  return { statuses, errors: stream.errors, done: stream.done };
}

describe("testRunStatus over WebSocket", () => {
  it("sends the run now, each status change as it commits, and completes after the final one", async () => {
    const run = await seedRun(api.db, acme);
    const stream = follow(connect(acme.tokens.read), toGlobalId("TestRun", run.id));
    await expect.poll(() => stream.statuses()).toEqual(["CREATED"]);
    await transitionRun(api.db, run.id, "VALIDATED", null);
    await expect.poll(() => stream.statuses()).toEqual(["CREATED", "VALIDATED"]);
    // A stop through the API reaches the subscriber the same way.
    const stop = await api.graphql(
      acme.tokens.write,
      "mutation ($id: ID!) { stopTestRun(id: $id) { status } }",
      {
        id: toGlobalId("TestRun", run.id),
      },
    );
    expect(stop.data).toEqual({ stopTestRun: { status: "ABORTED_BY_USER" } });
    await stream.done;
    expect(stream.statuses()).toEqual(["CREATED", "VALIDATED", "ABORTED_BY_USER"]);
    expect(stream.errors).toEqual([]);
  });

  it("keeps delivering after the LISTEN connection was cut", async () => {
    const run = await seedRun(api.db, acme);
    const stream = follow(connect(acme.tokens.read), toGlobalId("TestRun", run.id));
    await expect.poll(() => stream.statuses()).toEqual(["CREATED"]);
    await api.database.pool.query(
      "select pg_terminate_backend(pid) from pg_stat_activity where query like 'listen barrage_run%' and pid <> pg_backend_pid()",
    );
    await transitionRun(api.db, run.id, "VALIDATED", null);
    // The change happened while nobody listened; the hub's resync after reconnecting shows it.
    await expect.poll(() => stream.statuses(), { timeout: 5000 }).toEqual(["CREATED", "VALIDATED"]);
    await transitionRun(api.db, run.id, "ABORTED_BY_SYSTEM", "test over");
    await stream.done;
    expect(stream.statuses()).toEqual(["CREATED", "VALIDATED", "ABORTED_BY_SYSTEM"]);
  });

  it("answers another organization's run with NOT_FOUND", async () => {
    const run = await seedRun(api.db, acme);
    const stream = follow(connect(other.tokens.admin), toGlobalId("TestRun", run.id));
    await stream.done;
    expect(stream.statuses()).toEqual([]);
    expect(stream.errors).toMatchObject([{ extensions: { code: "NOT_FOUND" } }]);
  });

  it("closes the socket with 4403 and the reason when the token is refused", async () => {
    const closed = new Promise<{ code: number; reason: string }>((resolve) => connect("brg_wrong", resolve));
    expect(await closed).toMatchObject({ code: 4403, reason: expect.stringContaining("Bearer") });
  });

  it.each([
    ["an unknown field", "{ viewer { nope } }", "GRAPHQL_VALIDATION_FAILED"],
    ["a syntax error", "subscription { testRunStatus(", "GRAPHQL_PARSE_FAILED"],
    [
      "a query nested too deep",
      `{ projects { edges { node { loadTests { edges { node { runs { edges { node { loadTest { name } } } } } } } } } } }`,
      "BAD_USER_INPUT",
    ],
    ["a malformed id", 'subscription { testRunStatus(id: "x") { status } }', "BAD_USER_INPUT"],
  ])("answers %s with the same typed error as HTTP", async (_, query, code) => {
    const operation = collect(connect(acme.tokens.read), query);
    await operation.done;
    expect(operation.errors).toMatchObject([{ extensions: { code } }]);
    expect(JSON.stringify(operation.errors)).not.toMatch(/stacktrace|node_modules|"http"/);
  });
});
