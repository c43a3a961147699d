/**
 * The world outside the platform, in its own process so that its timestamps are not delayed by the
 * platform's event loop: the HTTP target the agents load, and a GraphQL client subscribed to
 * `testRunMetrics` over graphql-ws (as the web app is). Started by run.mjs with an IPC channel:
 *
 * - at start: `{type: "target", url}`;
 * - `{type: "subscribe", url, token, runId, metrics}` subscribes; every update is reported as
 *   `{type: "update", at, status, buckets}` with `at` = Date.now() when graphql-ws handed it over,
 *   `buckets` = `[[time ms, sum]]` of http_reqs and `times` = the bucket times of any metric in it;
 *   `{type: "complete"}` or `{type: "error", message}` when it ends.
 * - `{type: "exit"}`.
 */
import { createServer } from "node:http";
import { createClient } from "graphql-ws";
import WebSocket from "ws";

let hits = 0;
const target = createServer((_req, res) => {
  hits++;
  res.end("ok");
});
target.keepAliveTimeout = 60_000;
await new Promise((resolve) => target.listen(0, "127.0.0.1", resolve));
process.send({ type: "target", url: `http://127.0.0.1:${target.address().port}` });

let client;
process.on("message", (message) => {
  if (message.type === "subscribe") subscribe(message);
  if (message.type === "exit") {
    void client?.dispose();
    target.closeAllConnections();
    target.close();
    process.send({ type: "hits", hits });
    process.disconnect();
  }
});

function subscribe({ url, token, runId, metrics }) {
  client = createClient({
    url: url.replace(/^http/, "ws"),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
  });
  client.subscribe(
    {
      query: `subscription ($id: ID!, $metrics: [String!]!) {
        testRunMetrics(id: $id, metrics: $metrics) { status series { metric points { time value sum count } } }
      }`,
      variables: { id: runId, metrics },
    },
    {
      next: (result) => {
        const at = Date.now();
        if (result.errors) {
          process.send({ type: "error", message: JSON.stringify(result.errors) });
          return;
        }
        const { status, series } = result.data.testRunMetrics;
        const reqs = series.find((s) => s.metric === "http_reqs");
        process.send({
          type: "update",
          at,
          status,
          buckets: (reqs?.points ?? []).map((p) => [Date.parse(p.time), p.sum]),
          // Every bucket time the update carries, in any metric.
          times: [...new Set(series.flatMap((s) => s.points.map((p) => Date.parse(p.time))))],
        });
      },
      error: (error) =>
        process.send({ type: "error", message: String(error?.message ?? error?.reason ?? error) }),
      complete: () => process.send({ type: "complete" }),
    },
  );
}
