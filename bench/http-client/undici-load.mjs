/**
 * The floor under Barrage's client: bare undici Clients (one per VU, pipelining 1) driven through
 * dispatch() with an empty handler, nothing measured or kept. Prints one JSON line like load.mjs.
 *
 *   node undici-load.mjs URL CLIENTS SECONDS
 */
import { Client } from "undici";

const [url, clientsArg, secondsArg] = process.argv.slice(2);
const { origin, pathname } = new URL(url);
const clients = Array.from(
  { length: Number(clientsArg) },
  () => new Client(origin, { keepAliveTimeout: 60_000 }),
);
const options = { path: pathname, method: "GET", headers: ["user-agent", "undici-bench"] };

function once(client) {
  return new Promise((resolve, reject) => {
    client.dispatch(options, {
      onConnect() {},
      onHeaders: () => true,
      onData: () => true,
      onComplete: resolve,
      onError: reject,
    });
  });
}

let requests = 0;
async function loop(client, until) {
  while (performance.now() < until) {
    await once(client);
    requests++;
  }
}

await Promise.all(clients.map((client) => loop(client, performance.now() + 1000)));
requests = 0;
const started = performance.now();
const cpuBefore = process.cpuUsage();
await Promise.all(clients.map((client) => loop(client, started + Number(secondsArg) * 1000)));
const elapsed = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
await Promise.all(clients.map((client) => client.close()));
console.log(
  JSON.stringify({
    requests,
    errors: 0,
    rps: requests / elapsed,
    cpuUsPerRequest: (cpu.user + cpu.system) / requests,
  }),
);
