/**
 * The memory yardstick: a bare Node process holding one keep-alive connection per would-be
 * VU, with nothing else. Prints "ready" once every connection has had its response.
 *
 *   node hold-connections.mjs URL COUNT
 */
import http from "node:http";

const [url = "", countArg] = process.argv.slice(2);
const count = Number(countArg);
if (!url || !Number.isInteger(count) || count < 1) {
  console.error("usage: node hold-connections.mjs URL COUNT");
  process.exit(2);
}

// maxFreeSockets defaults to 256: without raising it the agent would close the rest when idle.
const agent = new http.Agent({
  keepAlive: true,
  maxSockets: Number.POSITIVE_INFINITY,
  maxFreeSockets: count,
});

/** @returns {Promise<void>} */
function request() {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        res.resume();
        res.on("end", resolve);
      })
      .on("error", reject);
  });
}

await Promise.all(Array.from({ length: count }, request));
const sockets = Object.values(agent.freeSockets).reduce((sum, list) => sum + (list?.length ?? 0), 0);
console.log(`ready ${sockets}`);
// Keep the process (and its sockets) alive until the benchmark kills it.
setInterval(() => {}, 1 << 30);
