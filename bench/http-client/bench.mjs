/**
 * Throughput of the per-VU HTTP client against autocannon at the same concurrency (50): the load
 * runs pinned to CPU 0, the target server to CPU 1, and the contenders take turns, each round
 * starting with a different one. Besides requests per second it reports the load process's CPU
 * time per request, which a busy shared machine disturbs far less. See README.md.
 *
 *   node bench/http-client/bench.mjs [--seconds 5] [--rounds 3] [--connections 50] [--target node|raw]
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { buildClient } from "./build-client.mjs";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "5" },
    rounds: { type: "string", default: "3" },
    connections: { type: "string", default: "50" },
    target: { type: "string", default: "node" },
  },
});
const seconds = values.seconds;
const rounds = Number(values.rounds);
const connections = values.connections;
const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const autocannonDir = here("../.peers/node_modules/autocannon");

/** Runs a node script pinned to `cpu` and parses the JSON line it prints. */
function runPinned(cpu, args) {
  return new Promise((resolve, reject) => {
    const child = spawn("taskset", ["-c", String(cpu), process.execPath, ...args], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let stdout = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.on("exit", (code) =>
      code === 0
        ? resolve(JSON.parse(stdout))
        : reject(new Error(`node ${args.join(" ")} exited with ${code}`)),
    );
  });
}

const bundle = await buildClient();
const targetScript = { node: "./target.mjs", raw: "./raw-target.mjs" }[values.target];
if (targetScript === undefined)
  throw new Error(`--target must be "node" or "raw", got ${JSON.stringify(values.target)}`);
const target = spawn("taskset", ["-c", "1", process.execPath, here(targetScript)], {
  stdio: ["ignore", "pipe", "inherit"],
});
const port = await new Promise((resolve) =>
  target.stdout.once("data", (chunk) => resolve(Number(String(chunk).trim()))),
);
const url = `http://127.0.0.1:${port}/`;
const load =
  (clients, loops, ...flags) =>
  () =>
    runPinned(0, [here("./load.mjs"), bundle, url, clients, loops, seconds, ...flags]);

const contenders = {
  [`barrage ${connections} VUs`]: load(connections, "1"),
  [`barrage ${connections} VUs + abort signal`]: load(connections, "1", "--signal"),
  [`barrage 1 client x ${connections} loops`]: load("1", connections),
  [`bare undici ${connections} Clients`]: () =>
    runPinned(0, [here("./undici-load.mjs"), url, connections, seconds]),
};
const AUTOCANNON = `autocannon -c ${connections}`;
if (existsSync(autocannonDir)) {
  contenders[AUTOCANNON] = () =>
    runPinned(0, [here("./autocannon-load.mjs"), autocannonDir, url, connections, seconds]);
} else {
  console.log(`autocannon is not installed in ${autocannonDir} (see README.md); measuring Barrage only.`);
}

const names = Object.keys(contenders);
const results = Object.fromEntries(names.map((name) => [name, []]));
try {
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + round) % names.length];
      const result = await contenders[name]();
      if (result.errors > 0) throw new Error(`${name}: ${result.errors} failed requests`);
      results[name].push(result);
      console.log(`round ${round + 1}  ${name.padEnd(34)} ${fmtRun(result)}`);
    }
  }
} finally {
  target.kill();
}

function fmtRun({ rps, cpuUsPerRequest }) {
  return `${String(Math.round(rps)).padStart(6)} req/s  ${cpuUsPerRequest.toFixed(1).padStart(6)} µs CPU/req`;
}
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const summary = (name) => ({
  rps: median(results[name].map((r) => r.rps)),
  cpuUsPerRequest: median(results[name].map((r) => r.cpuUsPerRequest)),
});
console.log(`\nmedians over ${rounds} rounds of ${seconds} s against the ${values.target} target:`);
for (const name of names) {
  const mine = summary(name);
  let versus = "";
  if (results[AUTOCANNON] !== undefined) {
    const base = summary(AUTOCANNON);
    versus = `  = ${(mine.rps / base.rps).toFixed(2)}x autocannon's req/s, ${(mine.cpuUsPerRequest / base.cpuUsPerRequest).toFixed(2)}x its CPU/req`;
  }
  console.log(`  ${name.padEnd(34)} ${fmtRun(mine)}${versus}`);
}
