/**
 * Record speed of @barrage/hdr-native's Histogram against hdr-histogram-js, on the same 10 million
 * lognormal latencies (µs), alternating implementations over several rounds. See README.md.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { parseArgs } from "node:util";
import { encodeHistogram, fromUnits, Histogram } from "@barrage/hdr-native";
import { lognormalSamples } from "../../packages/hdr-native/vectors/lognormal.mjs";

const PEER = "hdr-histogram-js";
const PEER_VERSION = "3.0.1";
const PEERS = new URL("../.peers/", import.meta.url);
// Options rather than environment variables: this is a script run by hand, not a turbo task.
const { values: options } = parseArgs({
  options: { values: { type: "string", default: "10000000" }, rounds: { type: "string", default: "3" } },
});
const VALUES = Number(options.values);
const ROUNDS = Number(options.rounds);
/** A latency series: median 20 ms, sigma 0.5 (p99 ≈ 64 ms). */
const MEDIAN_US = 20_000;
const SIGMA = 0.5;

/** Installs the peer into bench/.peers unless that exact version is there, under the shared npm lock. */
function loadPeer() {
  const manifest = new URL(`node_modules/${PEER}/package.json`, PEERS);
  if (!existsSync(manifest) || JSON.parse(readFileSync(manifest, "utf8")).version !== PEER_VERSION) {
    console.log(`installing ${PEER}@${PEER_VERSION} into bench/.peers ...`);
    execFileSync(
      "flock",
      [
        "/tmp/barrage-npm.lock",
        "npm",
        "install",
        "--prefix",
        PEERS.pathname,
        "--save-exact",
        "--no-audit",
        "--no-fund",
        `${PEER}@${PEER_VERSION}`,
      ],
      { stdio: "inherit" },
    );
  }
  return createRequire(PEERS)(PEER);
}

/**
 * A fresh recording loop per contender, compiled from its own source text, so that no contender's
 * call site is made polymorphic by another's.
 */
function recordLoop(method) {
  return new Function("h", "values", `for (let i = 0; i < values.length; i++) h.${method}(values[i]);`);
}

async function contenders(hdr) {
  const theirs =
    (bitBucketSize, useWebAssembly = false) =>
    () =>
      hdr.build({ bitBucketSize, numberOfSignificantValueDigits: 2, useWebAssembly, autoResize: true });
  const list = [
    { name: "@barrage/hdr-native Histogram", make: () => new Histogram(), method: "record" },
    { name: "hdr-histogram-js Int32 (bitBucketSize 32)", make: theirs(32), method: "recordValue" },
    { name: "hdr-histogram-js Float64 (bitBucketSize 64)", make: theirs(64), method: "recordValue" },
    { name: "hdr-histogram-js packed", make: theirs("packed"), method: "recordValue" },
  ];
  await hdr.initWebAssembly();
  // build() quietly falls back to JavaScript when WebAssembly is unavailable; only race the real thing.
  const probe = theirs(32, true)();
  probe.destroy?.();
  if (probe instanceof hdr.WasmHistogram) {
    list.push({ name: "hdr-histogram-js WebAssembly Int32", make: theirs(32, true), method: "recordValue" });
  }
  return list.map((c) => ({ ...c, loop: recordLoop(c.method), samples: [] }));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const hdr = loadPeer();
const values = lognormalSamples(VALUES, MEDIAN_US, SIGMA, 2024);
const list = await contenders(hdr);
console.log(
  `${VALUES} lognormal values (median ${MEDIAN_US} µs, sigma ${SIGMA}), ${ROUNDS} rounds, node ${process.version}`,
);

for (let round = 0; round < ROUNDS; round++) {
  // Rotate the order so no contender always runs first (cold) or last (after the others' garbage).
  for (let k = 0; k < list.length; k++) {
    const c = list[(round + k) % list.length];
    const h = c.make();
    const start = process.hrtime.bigint();
    c.loop(h, values);
    c.samples.push(Number(process.hrtime.bigint() - start) / VALUES);
    c.last?.destroy?.(); // WebAssembly histograms hold memory outside the JavaScript heap
    c.last = h;
  }
}

const ours = median(list[0].samples);
for (const c of list) {
  const ns = median(c.samples);
  const p99 = c === list[0] ? c.last.percentile(0.99) : c.last.getValueAtPercentile(99);
  console.log(
    `${c.name.padEnd(45)} ${ns.toFixed(2).padStart(6)} ns/record  (theirs/ours ${(ns / ours).toFixed(2)})  p99 ${fromUnits(p99).toFixed(2)} ms`,
  );
}
const fastest = list.slice(1).reduce((a, b) => (median(a.samples) <= median(b.samples) ? a : b));
console.log(
  `fastest hdr-histogram-js: ${fastest.name}; ratio theirs/ours ${(median(fastest.samples) / ours).toFixed(2)}`,
);
for (const c of list) c.last.destroy?.();

// One second of a typical series: about 1,000 samples.
const second = new Histogram();
for (const v of lognormalSamples(1000, MEDIAN_US, SIGMA, 7)) second.record(v);
const theirsSecond = hdr.build({ bitBucketSize: 32, numberOfSignificantValueDigits: 2 });
for (const v of lognormalSamples(1000, MEDIAN_US, SIGMA, 7)) theirsSecond.recordValue(v);
const theirsBytes = Buffer.from(theirsSecond.encodeIntoCompressedBase64(), "base64").length;
console.log(
  `one-second histogram (1000 samples): ours ${encodeHistogram(second).length} bytes encoded; hdr-histogram-js compressed ${theirsBytes} bytes`,
);
