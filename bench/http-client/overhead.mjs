/**
 * What Barrage's client adds on top of bare undici, measured so that a busy shared machine hurts
 * both sides alike: one process (pinned to CPU 0) alternates quarter-second slices of 50 VU loops
 * on VuHttpClients and 50 loops on bare undici Clients, and sums CPU time and requests per side.
 * The target (the raw one by default, so that the client is the bottleneck) runs on CPU 1.
 *
 *   node bench/http-client/overhead.mjs [--slices 40] [--target raw|node]
 */
import { spawn } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { buildClient } from "./build-client.mjs";

const { values } = parseArgs({
  options: {
    slices: { type: "string", default: "40" },
    target: { type: "string", default: "raw" },
    role: { type: "string" },
    url: { type: "string" },
    bundle: { type: "string" },
  },
});
const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const VUS = 50;
const SLICE_MS = 250;

if (values.role === undefined) {
  const targetScript = { node: "./target.mjs", raw: "./raw-target.mjs" }[values.target];
  if (targetScript === undefined) throw new Error(`--target must be "raw" or "node", got ${values.target}`);
  const bundle = await buildClient();
  const target = spawn("taskset", ["-c", "1", process.execPath, here(targetScript)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise((resolve) =>
    target.stdout.once("data", (chunk) => resolve(Number(String(chunk).trim()))),
  );
  const args = [
    fileURLToPath(import.meta.url),
    "--role",
    "load",
    "--slices",
    values.slices,
    "--bundle",
    bundle,
  ];
  const load = spawn(
    "taskset",
    ["-c", "0", process.execPath, ...args, "--url", `http://127.0.0.1:${port}/`],
    {
      stdio: "inherit",
    },
  );
  await new Promise((resolve) => load.on("exit", resolve));
  target.kill();
} else {
  const { Client } = await import("undici");
  const { VuHttpClient } = await import(pathToFileURL(values.bundle).href);
  const url = values.url;
  const request = {
    method: "GET",
    url,
    timeoutMs: 60_000,
    maxRedirects: 10,
    responseType: "text",
    insecureSkipTLSVerify: false,
  };
  const dispatchOptions = { path: "/", method: "GET", headers: ["user-agent", "bench"] };
  const barrage = Array.from({ length: VUS }, () => {
    const client = new VuHttpClient({ userAgent: "bench" });
    return () => client.request(request);
  });
  const undici = Array.from({ length: VUS }, () => {
    const client = new Client(new URL(url).origin, { keepAliveTimeout: 60_000 });
    return () =>
      new Promise((resolve, reject) => {
        client.dispatch(dispatchOptions, {
          onConnect() {},
          onHeaders: () => true,
          onData: () => true,
          onComplete: resolve,
          onError: reject,
        });
      });
  });
  const sides = {
    VuHttpClient: { loops: barrage, requests: 0, cpu: 0 },
    "bare undici": { loops: undici, requests: 0, cpu: 0 },
  };
  const slices = Number(values.slices);
  for (let slice = 0; slice < slices; slice++) {
    for (const side of Object.values(sides)) {
      const until = performance.now() + SLICE_MS;
      const cpuBefore = process.cpuUsage();
      const counts = await Promise.all(
        side.loops.map(async (send) => {
          let n = 0;
          while (performance.now() < until) {
            await send();
            n++;
          }
          return n;
        }),
      );
      const cpu = process.cpuUsage(cpuBefore);
      // The first two slices warm up connections and compiled code.
      if (slice < 2) continue;
      side.requests += counts.reduce((sum, n) => sum + n, 0);
      side.cpu += cpu.user + cpu.system;
    }
  }
  const seconds = ((slices - 2) * SLICE_MS) / 1000;
  const perRequest = (side) => side.cpu / side.requests;
  for (const [name, side] of Object.entries(sides)) {
    console.log(
      `${name.padEnd(14)} ${perRequest(side).toFixed(1).padStart(5)} µs CPU/req ${String(Math.round(side.requests / seconds)).padStart(7)} req/s`,
    );
  }
  const ratio = perRequest(sides.VuHttpClient) / perRequest(sides["bare undici"]);
  console.log(`VuHttpClient costs ${ratio.toFixed(2)}x bare undici's CPU per request`);
  process.exit(0);
}
