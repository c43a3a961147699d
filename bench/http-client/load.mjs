/**
 * Barrage's side of the throughput benchmark: CLIENTS VuHttpClients, each running LOOPS request
 * loops back to back (no sleep) for SECONDS, as VUs of the load engine would. Prints one JSON line.
 *
 *   node load.mjs BUNDLE URL CLIENTS LOOPS SECONDS [--signal]
 */
import { pathToFileURL } from "node:url";

const [bundle, url, clientsArg, loopsArg, secondsArg, ...flags] = process.argv.slice(2);
const { VuHttpClient } = await import(pathToFileURL(bundle).href);
const loops = Number(loopsArg);
// Several loops on one client keep one connection each; let them all stay idle between requests
// rather than closing those beyond k6's batchPerHost default of 6.
const clients = Array.from(
  { length: Number(clientsArg) },
  () => new VuHttpClient({ userAgent: "barrage-bench", maxIdleConnectionsPerHost: Math.max(6, loops) }),
);
const seconds = Number(secondsArg);
// The VU passes its scenario's signal with every request; --signal measures that cost too.
const signal = flags.includes("--signal") ? new AbortController().signal : undefined;

let requests = 0;
let errors = 0;
let durationSum = 0;
const request = {
  method: "GET",
  url,
  timeoutMs: 60_000,
  maxRedirects: 10,
  responseType: "text",
  insecureSkipTLSVerify: false,
  signal,
};

async function loop(client, until) {
  while (performance.now() < until) {
    const res = await client.request(request);
    requests++;
    durationSum += res.timings.duration;
    if (res.status !== 200) errors++;
  }
}

// One warm-up second (connections, JIT), then the measured run.
const warmUntil = performance.now() + 1000;
await Promise.all(clients.flatMap((client) => Array.from({ length: loops }, () => loop(client, warmUntil))));
requests = 0;
errors = 0;
durationSum = 0;
const started = performance.now();
const cpuBefore = process.cpuUsage();
const until = started + seconds * 1000;
await Promise.all(clients.flatMap((client) => Array.from({ length: loops }, () => loop(client, until))));
const elapsed = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
await Promise.all(clients.map((client) => client.close()));
console.log(
  JSON.stringify({
    requests,
    errors,
    rps: requests / elapsed,
    cpuUsPerRequest: (cpu.user + cpu.system) / requests,
    meanDurationMs: durationSum / requests,
  }),
);
