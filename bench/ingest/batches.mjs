/**
 * The metric-stream documents the ingest benchmark sends, built like an agent builds them: the
 * runner's `pointToJson` of period aggregates (see README.md, "Data"). Seeded: the same documents on
 * every run.
 */
import { Histogram, toUnits } from "@barrage/hdr-native";
import { pointToJson } from "@barrage/runner";
import { seededRandom } from "../../packages/hdr-native/vectors/lognormal.mjs";

const HTTP_TRENDS = [
  ["http_req_duration", 40],
  ["http_req_waiting", 35],
  ["http_req_blocked", 0.01],
  ["http_req_connecting", 0.005],
  ["http_req_sending", 0.02],
  ["http_req_receiving", 0.1],
];

/** The URL names of a script with `urls` requests per iteration. */
export function urlNames(urls) {
  const names = ["/", "/login", "/api/items"];
  for (let i = names.length; i < urls; i++) names.push(`/api/items/${i}`);
  return names.slice(0, urls);
}

/**
 * A generator of agent-seconds. `urls` requests per iteration, each answered with one of `statuses`
 * (the first status takes most requests): per URL and status six HTTP trends, http_reqs,
 * http_req_failed, data_sent, data_received; plus iterations, iteration_duration, two checks series,
 * vus and vus_max (50 VUs). With the defaults (3 URLs, status 200): 36 series, 19 trends of 100 to
 * 1,000 samples.
 */
export function makeGenerator({ seed = 1, urls = 3, statuses = ["200"] } = {}) {
  const random = seededRandom(seed);
  const lognormal = (median, sigma) =>
    median * Math.exp(sigma * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()));
  const roundMs = (ms) => toUnits(ms) / 1000;
  const point = (name, type, contains, tags, value) =>
    pointToJson({ metric: { id: 0, name, type, contains }, tags, value });
  const trend = (name, tags, n, median) => {
    const values = Array.from({ length: n }, () => roundMs(lognormal(median, 0.5)));
    const hist = new Histogram();
    for (const v of values) hist.record(toUnits(v));
    return point(name, "trend", "time", tags, {
      type: "trend",
      count: n,
      sum: values.reduce((a, b) => a + b, 0),
      min: Math.min(...values),
      max: Math.max(...values),
      hist,
    });
  };
  const counter = (name, tags, sum, contains = "default") =>
    point(name, "counter", contains, tags, { type: "counter", sum });
  const rate = (name, tags, nonzero, total) =>
    point(name, "rate", "default", tags, { type: "rate", nonzero, total });
  const gauge = (name, value) =>
    point(name, "gauge", "default", {}, { type: "gauge", last: value, min: value, max: value, count: 1 });

  /** One agent-second: the `points` of a document. */
  return function agentSecond() {
    const points = [];
    const perUrl = 100 + Math.floor(random() * 900);
    for (const name of urlNames(urls)) {
      statuses.forEach((status, s) => {
        // The first status takes most requests; the others a few each (at least 1).
        const n = s === 0 ? perUrl : Math.max(1, Math.floor(perUrl / 50));
        const tags = {
          scenario: "default",
          group: "",
          name,
          method: "GET",
          status,
          expected_response: String(status < "400"),
          proto: "HTTP/1.1",
          load_zone: "local",
        };
        for (const [metric, median] of HTTP_TRENDS) points.push(trend(metric, tags, n, median));
        points.push(counter("http_reqs", tags, n));
        points.push(rate("http_req_failed", tags, status < "400" ? 0 : n, n));
        points.push(counter("data_sent", tags, n * 120, "data"));
        points.push(counter("data_received", tags, n * 2400, "data"));
      });
    }
    const base = { scenario: "default", group: "", load_zone: "local" };
    points.push(counter("iterations", base, perUrl));
    points.push(trend("iteration_duration", base, perUrl, 130));
    points.push(rate("checks", { ...base, check: "status is 200" }, perUrl, perUrl));
    points.push(rate("checks", { ...base, check: "body has items" }, perUrl - 1, perUrl));
    points.push(gauge("vus", 50));
    points.push(gauge("vus_max", 50));
    return points;
  };
}

/**
 * Per agent, `templates` distinct seconds (generating histograms of up to 1,000 samples for every
 * period would measure this script, not ingest), reused with a new seq and period. Each template is
 * also kept serialized, so that a document costs the sender a string concatenation, as an agent's
 * `JSON.stringify` of its batch is not the platform's cost.
 */
export function makeTemplates(agents, options = {}, templates = 8) {
  const agentSecond = makeGenerator(options);
  return Array.from({ length: agents }, () =>
    Array.from({ length: templates }, () => {
      const points = agentSecond();
      return { points, json: JSON.stringify(points) };
    }),
  );
}

/** The document an agent sends for period `seq` (1-based) of a stream starting at `origin`. */
export function documentOf(template, seq, origin) {
  const end = origin + seq * 1000;
  return { seq, start: end - 1000, end, points: template.points };
}

/** The same document, serialized as the agent's MetricShipper sends it (`toStreamDocument` key order). */
export function documentJson(template, seq, origin) {
  const end = origin + seq * 1000;
  return `{"seq":${seq},"start":${end - 1000},"end":${end},"points":${template.json}}`;
}
