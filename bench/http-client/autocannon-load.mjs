/**
 * autocannon's side of the benchmark, through its API so that its CPU time can be read the same
 * way as Barrage's. Prints one JSON line like load.mjs.
 *
 *   node autocannon-load.mjs AUTOCANNON_DIR URL CONNECTIONS SECONDS
 */
import { createRequire } from "node:module";
import { join } from "node:path";

const [dir, url, connectionsArg, secondsArg] = process.argv.slice(2);
const autocannon = createRequire(join(dir, "package.json"))("autocannon");
const run = (duration) => autocannon({ url, connections: Number(connectionsArg), duration });

await run(1);
const cpuBefore = process.cpuUsage();
const result = await run(Number(secondsArg));
const cpu = process.cpuUsage(cpuBefore);
const requests = result.requests.total;
console.log(
  JSON.stringify({
    requests,
    errors: result.errors + result.non2xx,
    rps: requests / result.duration,
    cpuUsPerRequest: (cpu.user + cpu.system) / requests,
  }),
);
