/**
 * Summarizes a V8 CPU profile (`node --cpu-prof`): time by area of the platform (self time of the
 * functions in it), the heaviest functions by self time, and the inclusive time of the ingest steps.
 *
 * Usage: node bench/ingest/profile-summary.mjs FILE.cpuprofile [--top 25]
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

/** Areas, first match wins: [label, test on (functionName, url)]. */
const AREAS = [
  ["idle", (f) => f === "(idle)"],
  ["garbage collection", (f) => f === "(garbage collector)"],
  ["V8/native, unattributed", (f) => f === "(program)"],
  ["metric batch validation (parse-batch)", (_, u) => /metrics\/batch\//.test(u)],
  ["HDR histograms (hdr-native)", (_, u) => /hdr-native/.test(u)],
  ["derived rows (merge, encode)", (_, u) => /metrics\/derived\//.test(u)],
  ["binary arrays for SQL parameters", (_, u) => /binary-array/.test(u)],
  ["ingest statements (insert-points, claims, series)", (_, u) => /metrics\/ingest\//.test(u)],
  ["node-postgres driver", (_, u) => /node_modules\/(pg|pg-protocol|pg-types|pg-pool)\//.test(u)],
  ["agent port (routes, auth, body)", (_, u) => /agents\//.test(u)],
  ["TLS and crypto", (_, u) => /tls|crypto|_stream_wrap|x509/.test(u)],
  ["HTTP server", (_, u) => /_http_|node:http|internal\/http/.test(u)],
  [
    "streams, buffers, events, timers",
    (_, u) => /streams|buffer|events|timers|internal\/process|async_hooks/.test(u),
  ],
  ["net and sockets", (_, u) => /node:net|internal\/net|stream_base/.test(u)],
  ["JSON and other builtins", (f, u) => u === "" && /^(parse|stringify)$/.test(f)],
  ["other builtins", (_, u) => u === ""],
];

/** Ingest steps whose inclusive time is shown. */
const STEPS = [
  "readJsonBody",
  "authenticateAgent",
  "parseMetricBatch",
  "decodeHistogram",
  "writeGroup",
  "claimBatches",
  "insertPoints",
  "updateDerived",
  "writeParams",
  "lockRows",
  "addToDerived",
  "encodeHistogram",
  "binaryArray",
];

export function summarizeProfile(file, { top = 25, indent = "" } = {}) {
  const profile = JSON.parse(readFileSync(file, "utf8"));
  const byId = new Map(profile.nodes.map((n) => [n.id, { ...n, self: 0 }]));
  const total = profile.timeDeltas.reduce((a, b) => a + b, 0) / 1000;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    if (node) node.self += (profile.timeDeltas[i] ?? 0) / 1000;
  });
  const parent = new Map();
  for (const n of byId.values()) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (n) => n.callFrame.functionName || "(anonymous)";
  const where = (n) => {
    const url = n.callFrame.url.replace(/^file:\/\//, "").replace(/.*\/(packages|node_modules)\//, "$1/");
    return url ? `${url}:${n.callFrame.lineNumber + 1}` : "";
  };

  // The inspector's own work (starting the profiler, in "dispatch") is not the platform's.
  const profiler = new Set();
  for (const n of byId.values()) {
    for (let id = n.id; id !== undefined; id = parent.get(id)) {
      if (byId.get(id).callFrame.url === "node:inspector") {
        profiler.add(n.id);
        break;
      }
    }
  }
  const overhead = [...profiler].reduce((a, id) => a + byId.get(id).self, 0);
  for (const id of profiler) byId.get(id).self = 0;
  const idle = [...byId.values()].filter((n) => name(n) === "(idle)").reduce((a, n) => a + n.self, 0);
  const busy = total - idle - overhead;
  console.log(
    `${indent}profile: ${(total / 1000).toFixed(1)} s sampled, ${(busy / 1000).toFixed(1)} s busy (${Math.round((busy / total) * 100)}%; the profiler's own ${(overhead / 1000).toFixed(2)} s left out)`,
  );

  const areas = new Map();
  for (const n of byId.values()) {
    const label = AREAS.find(([, test]) => test(name(n), n.callFrame.url))?.[0] ?? "other JavaScript";
    areas.set(label, (areas.get(label) ?? 0) + n.self);
  }
  console.log(`${indent}busy time by area (self time):`);
  for (const [label, t] of [...areas].filter(([l]) => l !== "idle").sort((a, b) => b[1] - a[1]))
    console.log(
      `${indent}  ${label.padEnd(52)} ${(t / 1000).toFixed(2).padStart(7)} s ${String(Math.round((t / busy) * 100)).padStart(3)}%`,
    );

  const functions = new Map();
  for (const n of byId.values()) {
    const key = `${name(n)} ${where(n)}`;
    functions.set(key, (functions.get(key) ?? 0) + n.self);
  }
  console.log(`${indent}heaviest functions (self time):`);
  for (const [key, t] of [...functions]
    .filter(([k]) => !k.startsWith("(idle)"))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top))
    console.log(`${indent}  ${String(Math.round((t / busy) * 1000) / 10).padStart(5)}%  ${key}`);

  // Inclusive time of named steps: a node's self time counts for every distinct step on its stack.
  const inclusive = new Map(STEPS.map((s) => [s, 0]));
  for (const n of byId.values()) {
    if (n.self === 0) continue;
    const seen = new Set();
    for (let id = n.id; id !== undefined; id = parent.get(id)) {
      const f = name(byId.get(id));
      if (inclusive.has(f) && !seen.has(f)) {
        seen.add(f);
        inclusive.set(f, inclusive.get(f) + n.self);
      }
    }
  }
  console.log(`${indent}inclusive time of ingest steps:`);
  for (const [step, t] of inclusive)
    if (t > 0)
      console.log(
        `${indent}  ${step.padEnd(20)} ${(t / 1000).toFixed(2).padStart(7)} s ${String(Math.round((t / busy) * 100)).padStart(3)}%`,
      );
  return { total, busy, areas, inclusive };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({
    options: { top: { type: "string", default: "25" } },
    allowPositionals: true,
  });
  if (!positionals[0])
    throw new Error("usage: node bench/ingest/profile-summary.mjs FILE.cpuprofile [--top 25]");
  summarizeProfile(positionals[0], { top: Number(values.top) });
}
