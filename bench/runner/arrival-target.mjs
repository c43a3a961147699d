/**
 * The start-up target: records when each distinct `?vu=` first arrives (and when `?setup=1`
 * does), on the same clock as the benchmark (`performance.timeOrigin + performance.now()`).
 * `GET /arrivals` reports them; prints its URL on start.
 *
 *   node arrival-target.mjs
 */
import { createServer } from "node:http";

const now = () => performance.timeOrigin + performance.now();

/** @type {{ setupAt: number | null, firstAt: number | null, lastFirstAt: number | null, distinct: number }} */
const arrivals = { setupAt: null, firstAt: null, lastFirstAt: null, distinct: 0 };
const seen = new Set();

const server = createServer((req, res) => {
  const at = now();
  const query = new URLSearchParams((req.url ?? "").split("?")[1] ?? "");
  if (req.url === "/arrivals") {
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(arrivals));
    return;
  }
  if (query.has("setup")) arrivals.setupAt ??= at;
  const vu = query.get("vu");
  if (vu !== null && !seen.has(vu)) {
    seen.add(vu);
    arrivals.distinct = seen.size;
    arrivals.firstAt ??= at;
    arrivals.lastFirstAt = at;
  }
  res.writeHead(200, { "content-type": "text/plain", "content-length": 3 }).end("ok\n");
});
server.keepAliveTimeout = 120_000;
// Node's default backlog (511) would drop part of 1,000 simultaneous connects, whose SYN
// retries then arrive a second later and would be charged to the runner.
server.listen({ port: 0, host: "127.0.0.1", backlog: 4096 }, () => {
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
  console.log(`arrival target on http://127.0.0.1:${port}`);
});
